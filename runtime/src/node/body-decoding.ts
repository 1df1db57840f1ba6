// Turning response bytes into page text: the charset from Content-Type, a BOM or a <meta charset> tag
// (utf-8, latin1/windows-1252, …), decompression streams, and content types of local files by extension.
import { extname } from 'node:path';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The charset parameter of a Content-Type header, if any. */
function charsetOfContentType(contentType: string | undefined): string | undefined {
  const m = contentType && /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m ? m[1].toLowerCase() : undefined;
}

/** The charset a document declares in its first 1024 bytes (`<meta charset>` or http-equiv). */
function sniffCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : undefined;
}

/**
 * Decodes a body as a browser would: the Content-Type charset wins, then a BOM or <meta charset>, then
 * UTF-8. An unknown label falls back to UTF-8 (browsers ignore labels they do not know, too).
 */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): string {
  const label = charsetOfContentType(contentType) ?? sniffCharset(bytes) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

/** A stream that undoes a Content-Encoding, or undefined for identity / unknown encodings. */
export function decompressor(contentEncoding: string | undefined): Transform | undefined {
  switch ((contentEncoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
};

/** The Content-Type of a local file by its extension (utf-8 for text types). */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}
