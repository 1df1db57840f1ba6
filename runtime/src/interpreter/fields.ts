// Field expressions of `extract` (and the values of `fill`): text/attr/html/url/exists on the page,
// input.NAME, session.id, login.*, literals; then the `as TYPE` conversion, with a precise reason on failure.
import type { AnyNode } from 'domhandler';
import type { ExtractStep, Field, Step, Value } from '../../../language/src/ast';
import type { FieldValue, RecordValues } from '../session-types';
import { convert, isFieldType, type FieldType } from './convert';
import type { SessionContext } from './host';
import { attrOf, innerHtmlOf, linkOf, queryOne, textOf, type Page } from './page';
import { StepError } from './errors';
import { contextValue, substitute } from './values';

export type PageFunction = 'text' | 'attr' | 'html' | 'url' | 'exists';

/** A page call read from the AST: which function, its selector and (for attr) the attribute name. */
export interface PageCall {
  fn: PageFunction;
  selector: string;
  attribute?: string;
}

const ARITY: Record<PageFunction, number> = { text: 1, attr: 2, html: 1, url: 1, exists: 1 };
const USAGE: Record<PageFunction, string> = {
  text: 'text("SELECTOR")',
  attr: 'attr("SELECTOR", "NAME")',
  html: 'html("SELECTOR")',
  url: 'url("SELECTOR")',
  exists: 'exists("SELECTOR")',
};

function isPageFunction(name: string): name is PageFunction {
  return Object.prototype.hasOwnProperty.call(ARITY, name);
}

/** Reads a call such as `attr("h3 a", "title")`, with placeholders filled; throws a StepError if malformed. */
export function pageCall(expr: Value & { kind: 'call' }, session: SessionContext, step: Step): PageCall {
  const fn = expr.callee;
  if (!isPageFunction(fn)) {
    throw new StepError(`'${fn}(…)' is not a field function: use text, attr, html, url or exists (for example text(".price_color")).`, step);
  }
  const args = expr.args.map((a) => (a.kind === 'string' ? substitute(a.value, session, step) : undefined));
  if (args.length !== ARITY[fn] || args.some((a) => a === undefined)) {
    throw new StepError(`${fn}() takes ${ARITY[fn] === 1 ? 'one string' : 'two strings'}: write ${USAGE[fn]}.`, step);
  }
  return { fn, selector: args[0]!, attribute: args[1] };
}

/** Evaluates a call on a page, below `scope` (the document, or the element of `extract … each`). */
export function evaluateCall(call: PageCall, page: Page, scope: AnyNode): FieldValue {
  const el = queryOne(scope, call.selector);
  if (call.fn === 'exists') return el !== null;
  if (!el) return null;
  switch (call.fn) {
    case 'text': return textOf(el);
    case 'attr': return attrOf(el, call.attribute!) ?? null;
    case 'html': return innerHtmlOf(el);
    case 'url': return linkOf(page, el) ?? null;
  }
}

/** Evaluates any value expression: a page call on the page, or a literal, input, session or login value. */
export function evaluateValue(expr: Value, page: Page | undefined, scope: AnyNode | undefined, session: SessionContext, step: Step): FieldValue {
  if (expr.kind === 'call') {
    const call = pageCall(expr, session, step);
    if (!page || !scope) throw new StepError(`${call.fn}("${call.selector}") reads the current page, but no page is open yet: start the steps with 'open "URL"'.`, step);
    return evaluateCall(call, page, scope);
  }
  const v = contextValue(expr, session, step);
  if (!v) {
    throw new StepError(`This value is not understood here: use text(…), attr(…), html(…), url(…), exists(…), input.NAME, session.id, login.user, login.password or a string in double quotes.`, step);
  }
  return v.value;
}

/** A field that could not be converted: the field is stored as null and the session logs this. */
export interface FieldProblem {
  field: string;
  value: FieldValue;
  reason: string;
}

/** Builds one record from an extract step's fields, converting `as TYPE`; problems null their field. */
export function extractRecord(step: ExtractStep, page: Page, scope: AnyNode, session: SessionContext): { values: RecordValues; problems: FieldProblem[] } {
  const values: RecordValues = {};
  const problems: FieldProblem[] = [];
  for (const f of step.fields) {
    const raw = evaluateValue(f.expr, page, scope, session, step);
    const type = fieldType(f, step);
    if (!type) {
      values[f.name] = raw;
      continue;
    }
    const converted = convert(raw, type);
    if (converted.ok) values[f.name] = converted.value;
    else {
      values[f.name] = null;
      problems.push({ field: f.name, value: raw, reason: converted.reason });
    }
  }
  return { values, problems };
}

/** The field's `as` type, if any; throws for an unknown type word. */
export function fieldType(f: Field, step: Step): FieldType | undefined {
  if (!f.as) return undefined;
  if (!isFieldType(f.as.type)) throw new StepError(`Field '${f.name}': 'as ${f.as.type}' is not a type; use as number, as integer, as boolean or as date.`, step);
  return f.as.type;
}

/** The log line for a field problem: which field, which value, why, and what happens to it. */
export function describeProblem(dataset: string, p: FieldProblem, type: string, url: string): string {
  const shown = typeof p.value === 'string' ? JSON.stringify(p.value.length > 80 ? p.value.slice(0, 77) + '...' : p.value) : String(p.value);
  return `Field '${p.field}' of dataset '${dataset}' on ${url}: ${shown} cannot be read as ${type === 'integer' ? 'an integer' : `a ${type}`} because ${p.reason}. ` +
    `The field is stored as null and the record is kept; check the field's selector or its 'as ${type}'.`;
}
