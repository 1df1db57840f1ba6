// The page model of a session's simulated browser: HTML parsed by htmlparser2 (forgiving: malformed
// markup still parses), CSS selectors by css-select, text/attribute/HTML/URL readers on elements.
import { compile, selectAll, selectOne } from 'css-select';
import type { AnyNode, Document, Element } from 'domhandler';
import { getAttributeValue, getInnerHTML, getOuterHTML, isTag, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { ElementMatch } from './host';

/** A loaded page: its final URL, HTTP status, parsed document, and the values typed into its forms. */
export interface Page {
  url: string;
  status: number;
  document: Document;
  /** The base URL relative links resolve against (`<base href>` if present, else the page URL). */
  baseUrl: string;
  /** Values set by `fill` steps, keyed by form control; a browser keeps these until it navigates. */
  filled: Map<Element, string | boolean>;
  /** Characters of the page's HTML. */
  size: number;
}

/** A selector the page cannot run, with the reason css-select gave. */
export class SelectorError extends Error {
  constructor(readonly selector: string, reason: string) {
    super(`'${selector}' is not a valid CSS selector (${reason}). Check its syntax, for example "article.product_pod h3 a".`);
    this.name = 'SelectorError';
  }
}

/** Parses HTML into a page. Usable on its own (benchmarks compare a bare fetch-and-parse loop with sessions). */
export function parsePage(url: string, html: string, status = 200): Page {
  const document = parseDocument(html, { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true });
  const base = queryOne(document, 'base[href]');
  const href = base ? getAttributeValue(base, 'href') : undefined;
  return { url, status, document, baseUrl: (href && resolveUrl(href, url)) || url, filled: new Map(), size: html.length };
}

/** A compiled selector that yields elements (css-select's CompiledQuery<Element>). */
type Query = Exclude<Parameters<typeof selectAll<AnyNode, Element>>[0], string | unknown[]>;
const queryCache = new Map<string, Query>();
const QUERY_CACHE_LIMIT = 2000;

/** Compiles a selector once; agents use the same few selectors on every page. */
function compiled(selector: string): Query {
  let q = queryCache.get(selector);
  if (!q) {
    try {
      q = compile<AnyNode, Element>(selector);
    } catch (err) {
      throw new SelectorError(selector, (err as Error).message);
    }
    if (queryCache.size >= QUERY_CACHE_LIMIT) queryCache.clear();
    queryCache.set(selector, q);
  }
  return q;
}

/** A selector that starts with a combinator (`> td`) is relative to its scope and compiled for it. */
function queryFor(selector: string, scope: AnyNode): Query {
  if (!/^\s*[>+~]/.test(selector)) return compiled(selector);
  try {
    return compile<AnyNode, Element>(selector, {}, scope);
  } catch (err) {
    throw new SelectorError(selector, (err as Error).message);
  }
}

/** Throws a SelectorError now if `selector` is not valid CSS (checked before a run starts). */
export function validateSelector(selector: string): void {
  if (!/^\s*[>+~]/.test(selector)) compiled(selector);
  else queryFor(selector, parseDocument(''));
}

/** Every element matching `selector` below `scope` (the document, or an element for `extract … each`). */
export function queryAll(scope: AnyNode, selector: string): Element[] {
  return selectAll<AnyNode, Element>(queryFor(selector, scope), scope);
}

export function queryOne(scope: AnyNode, selector: string): Element | null {
  return selectOne<AnyNode, Element>(queryFor(selector, scope), scope);
}

/** Text content with whitespace collapsed and trimmed; script and style contents are left out. */
export function textOf(el: AnyNode): string {
  const parts: string[] = [];
  const walk = (n: AnyNode) => {
    if (isTag(n)) {
      if (n.name === 'script' || n.name === 'style') return;
      for (const c of n.children) walk(c);
    } else if ('children' in n) {
      for (const c of n.children) walk(c);
    } else {
      parts.push(textContent(n));
    }
  };
  walk(el);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

export function attrOf(el: Element, name: string): string | undefined {
  return getAttributeValue(el, name.toLowerCase());
}

export function innerHtmlOf(el: Element): string {
  return getInnerHTML(el, { decodeEntities: false });
}

/** The absolute URL an element points to (href, then src), or undefined when it has neither. */
export function linkOf(page: Page, el: Element): string | undefined {
  const raw = attrOf(el, 'href') ?? attrOf(el, 'src');
  if (raw === undefined) return undefined;
  return resolveUrl(raw, page.baseUrl);
}

/** Resolves `href` against `base`; undefined when it is not a URL (for example `javascript:` is kept). */
export function resolveUrl(href: string, base: string): string | undefined {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** The URL without its fragment (or an empty `?`): links differing only there show the same page. */
export function pageKey(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    if (!u.search) u.search = '';
    return u.href;
  } catch {
    return url;
  }
}

/** A short description of an element for messages: `<a class="next">`. */
export function describeElement(el: Element): string {
  const id = attrOf(el, 'id');
  const cls = attrOf(el, 'class');
  const name = attrOf(el, 'name');
  return `<${el.name}${id ? ` id="${id}"` : ''}${name ? ` name="${name}"` : ''}${cls ? ` class="${cls}"` : ''}>`;
}

/** The closest ancestor-or-self element with the given tag name. */
export function closest(el: Element, tag: string): Element | undefined {
  for (let n: AnyNode | null = el; n; n = n.parent) if (isTag(n) && n.name === tag) return n;
  return undefined;
}

/** The page's <title>, as a browser shows it. */
export function titleOf(page: Page): string {
  const el = queryOne(page.document, 'title');
  return el ? textOf(el) : '';
}

/** What a debugger shows for a selector on the current page: each match's tag, text, HTML and link. */
export function inspect(page: Page, selector: string, limit: number): { total: number; matches: ElementMatch[] } {
  const all = queryAll(page.document, selector);
  const matches = all.slice(0, limit).map((el) => {
    const html = getOuterHTML(el);
    return { tag: el.name, text: textOf(el), html: html.length > 500 ? html.slice(0, 497) + '...' : html, url: linkOf(page, el) };
  });
  return { total: all.length, matches };
}
