// HTML forms in the simulated browser: `fill` sets a control's value, `click` follows a link or presses a
// submit button, `submit` sends a form; requests are built as a browser would (urlencoded, hidden inputs too).
import type { Element } from 'domhandler';
import type { FieldValue } from '../session-types';
import { convert } from './convert';
import type { FetchRequest } from './host';
import { attrOf, closest, describeElement, queryAll, resolveUrl, textOf, type Page } from './page';

/** A form problem the user can fix in the agent (the interpreter adds the step and line). */
export class FormError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormError';
  }
}

const NOT_FILLABLE = new Set(['submit', 'button', 'image', 'reset', 'file']);
const SUBMIT_INPUTS = new Set(['submit', 'image']);

function inputType(el: Element): string {
  return (attrOf(el, 'type') ?? 'text').toLowerCase();
}

function isSubmitButton(el: Element): boolean {
  if (el.name === 'button') return (attrOf(el, 'type') ?? 'submit').toLowerCase() === 'submit';
  return el.name === 'input' && SUBMIT_INPUTS.has(inputType(el));
}

/** The form an element belongs to: its `form="id"` attribute, else the closest `<form>` ancestor. */
function formOf(page: Page, el: Element): Element | undefined {
  const id = attrOf(el, 'form');
  if (id) return queryAll(page.document, 'form').find((f) => attrOf(f, 'id') === id);
  return closest(el, 'form');
}

/** Sets a control's value as `fill` does; returns what was set, for the log. */
export function fillControl(page: Page, el: Element, value: FieldValue): string {
  const text = value === null ? '' : String(value);
  if (el.name === 'textarea') {
    page.filled.set(el, text);
    return text;
  }
  if (el.name === 'select') {
    const options = queryAll(el, 'option');
    const match = options.find((o) => optionValue(o) === text) ?? options.find((o) => textOf(o) === text);
    if (!match) {
      const listed = options.slice(0, 10).map((o) => JSON.stringify(optionValue(o))).join(', ');
      throw new FormError(`${describeElement(el)} has no option ${JSON.stringify(text)}; its options are ${listed || 'none'}. Fill it with one of these values or texts.`);
    }
    page.filled.set(el, optionValue(match));
    return optionValue(match);
  }
  if (el.name !== 'input' || NOT_FILLABLE.has(inputType(el))) {
    throw new FormError(`${describeElement(el)} is not a form field that takes a value (input, textarea or select); use 'click' for buttons and links.`);
  }
  const type = inputType(el);
  if (type === 'checkbox' || type === 'radio') {
    const on = convert(value, 'boolean');
    if (!on.ok || on.value === null) throw new FormError(`A ${type} is filled with true or false (or yes/no, on/off), not ${JSON.stringify(text)}.`);
    setChecked(page, el, on.value === true);
    return String(on.value);
  }
  page.filled.set(el, text);
  return text;
}

function setChecked(page: Page, el: Element, on: boolean): void {
  if (on && inputType(el) === 'radio') {
    const form = formOf(page, el);
    const name = attrOf(el, 'name');
    for (const other of queryAll(form ?? page.document, 'input')) {
      if (other !== el && inputType(other) === 'radio' && attrOf(other, 'name') === name) page.filled.set(other, false);
    }
  }
  page.filled.set(el, on);
}

function isChecked(page: Page, el: Element): boolean {
  const v = page.filled.get(el);
  return typeof v === 'boolean' ? v : attrOf(el, 'checked') !== undefined;
}

function optionValue(o: Element): string {
  return attrOf(o, 'value') ?? textOf(o);
}

function isDisabled(el: Element): boolean {
  if (attrOf(el, 'disabled') !== undefined) return true;
  const fieldset = closest(el, 'fieldset');
  return !!fieldset && attrOf(fieldset, 'disabled') !== undefined;
}

/** The form's name=value pairs as a browser submits them, with the pressed submit button if any. */
function formData(page: Page, form: Element, submitter?: Element): Array<[string, string]> {
  const id = attrOf(form, 'id');
  const controls = queryAll(form, 'input, select, textarea, button');
  if (id) for (const el of queryAll(page.document, 'input[form], select[form], textarea[form], button[form]')) if (attrOf(el, 'form') === id && !controls.includes(el)) controls.push(el);
  const out: Array<[string, string]> = [];
  for (const el of controls) {
    const name = attrOf(el, 'name');
    if (!name || isDisabled(el)) continue;
    if (isSubmitButton(el) || el.name === 'button') {
      if (el !== submitter) continue;
      if (el.name === 'input' && inputType(el) === 'image') out.push([`${name}.x`, '0'], [`${name}.y`, '0']);
      else out.push([name, attrOf(el, 'value') ?? '']);
      continue;
    }
    const filled = page.filled.get(el);
    if (el.name === 'textarea') out.push([name, typeof filled === 'string' ? filled : textOf(el)]);
    else if (el.name === 'select') {
      const options = queryAll(el, 'option');
      const selected = typeof filled === 'string' ? [filled] : options.filter((o) => attrOf(o, 'selected') !== undefined).map(optionValue);
      const values = selected.length ? selected : options.slice(0, 1).map(optionValue);
      for (const v of attrOf(el, 'multiple') !== undefined ? values : values.slice(0, 1)) out.push([name, v]);
    } else {
      const type = inputType(el);
      if (type === 'checkbox' || type === 'radio') {
        if (isChecked(page, el)) out.push([name, attrOf(el, 'value') ?? 'on']);
      } else if (!NOT_FILLABLE.has(type)) out.push([name, typeof filled === 'string' ? filled : attrOf(el, 'value') ?? '']);
    }
  }
  return out;
}

/** The request that submitting `form` sends (urlencoded GET query or POST body). */
export function formRequest(page: Page, form: Element, submitter?: Element): FetchRequest {
  const enctype = (attrOf(form, 'enctype') ?? '').toLowerCase();
  if (enctype === 'multipart/form-data') {
    throw new FormError(`${describeElement(form)} uploads files (enctype multipart/form-data), which the simulated browser does not support; post the data with a urlencoded form instead.`);
  }
  const actionAttr = (submitter && attrOf(submitter, 'formaction')) || attrOf(form, 'action');
  const action = actionAttr ? resolveUrl(actionAttr, page.baseUrl) : page.url;
  if (!action) throw new FormError(`${describeElement(form)} has an action that is not a URL (${JSON.stringify(actionAttr)}).`);
  const method = ((submitter && attrOf(submitter, 'formmethod')) || attrOf(form, 'method') || 'get').toLowerCase();
  const body = new URLSearchParams(formData(page, form, submitter)).toString();
  const headers = { referer: page.url };
  if (method === 'post') return { url: action, method: 'POST', body, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' } };
  if (method !== 'get') throw new FormError(`${describeElement(form)} has method="${method}"; a form submits with get or post.`);
  const url = new URL(action);
  url.hash = '';
  url.search = body;
  return { url: url.href, method: 'GET', headers };
}

/** What a click does: follow a link, submit a form, or toggle a checkbox/radio on the page. */
export type ClickAction = { kind: 'navigate'; request: FetchRequest } | { kind: 'toggled'; checked: boolean };

export function clickElement(page: Page, el: Element): ClickAction {
  if (el.name === 'a' || el.name === 'area') {
    const href = attrOf(el, 'href');
    if (href === undefined) throw new FormError(`${describeElement(el)} is a link without href; there is nowhere to go.`);
    if (/^\s*javascript:/i.test(href)) throw new FormError(`${describeElement(el)} runs JavaScript, which the simulated browser does not execute; open the page it loads with 'open "URL"' instead.`);
    const url = resolveUrl(href, page.baseUrl);
    if (!url) throw new FormError(`${describeElement(el)} links to ${JSON.stringify(href)}, which is not a URL.`);
    return { kind: 'navigate', request: { url, method: 'GET', headers: { referer: page.url } } };
  }
  if (isSubmitButton(el)) {
    const form = formOf(page, el);
    if (!form) throw new FormError(`${describeElement(el)} is a submit button outside any form, so clicking it sends nothing.`);
    return { kind: 'navigate', request: formRequest(page, form, el) };
  }
  if (el.name === 'input' && (inputType(el) === 'checkbox' || inputType(el) === 'radio')) {
    const checked = inputType(el) === 'radio' ? true : !isChecked(page, el);
    setChecked(page, el, checked);
    return { kind: 'toggled', checked };
  }
  throw new FormError(`${describeElement(el)} is neither a link nor a submit button (the simulated browser runs no JavaScript); click an <a href>, a submit button, or use 'submit "form"'.`);
}

/** The form `submit SELECTOR` refers to: the matched form, or the form the matched element is in. */
export function formToSubmit(page: Page, el: Element): Element {
  const form = el.name === 'form' ? el : formOf(page, el);
  if (!form) throw new FormError(`${describeElement(el)} is not a form and is not inside one; point 'submit' at the <form>, for example submit "form#login".`);
  return form;
}
