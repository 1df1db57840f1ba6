// Every form in which a session's secret (login.password) can reach text the runtime writes: as typed,
// percent-encoded (URI components, WHATWG URL parts, forms), JSON-escaped and HTML-escaped.
import { encodeHTML, encodeXML, escapeAttribute, escapeText, escapeUTF8 } from 'entities';

/** The secret as each URL part serialises it when a page, form or redirect puts it there. */
function urlForms(secret: string): string[] {
  const out: string[] = [];
  const url = new URL('http://host/');
  const parts: Array<['search' | 'pathname' | 'hash' | 'username' | 'password', number]> = [['search', 1], ['pathname', 1], ['hash', 1], ['username', 0], ['password', 0]];
  for (const [part, skip] of parts) {
    url[part] = secret;
    out.push(url[part].slice(skip));
  }
  return out;
}

/** The same text with its percent-escapes in lower case (%c3%b6), as some servers echo them. */
function lowerEscapes(text: string): string {
  return text.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
}

/**
 * The secret, and each encoding of it the runtime itself produces or receives: encodeURIComponent and
 * encodeURI, WHATWG URL query, path, fragment and userinfo serialisation, form encoding (space as +),
 * JSON string escaping, and HTML/XML escaping (named and numeric entities). Longest first, so a
 * redaction replaces an encoding before a shorter form inside it.
 */
export function secretForms(secret: string): string[] {
  if (!secret) return [];
  const percent = [encodeURIComponent(secret), encodeURI(secret), new URLSearchParams({ p: secret }).toString().slice(2), ...urlForms(secret)];
  const html = [encodeHTML(secret), encodeXML(secret), escapeUTF8(secret), escapeAttribute(secret), escapeText(secret), secret.replace(/'/g, '&#39;'), secret.replace(/'/g, '&#x27;')];
  const all = new Set([secret, ...percent, ...percent.map(lowerEscapes), JSON.stringify(secret).slice(1, -1), ...html]);
  return [...all].filter(Boolean).sort((a, b) => b.length - a.length);
}
