// file: URLs for the session's browser: reads a local page (a directory shows its index.html) within
// the response size limit, decoded by its <meta charset> or as UTF-8, with errors that say what to fix.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FetchError } from '../interpreter/errors';
import type { FetchResponse } from '../interpreter/host';
import { contentTypeOf, decodeBody } from './body-decoding';

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Reads a file: URL as a page. Local files are not cached, retried or given cookies. */
export async function readFileUrl(url: URL, maxBytes: number, signal: AbortSignal): Promise<FetchResponse> {
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch (err) {
    throw new FetchError('bad-url', url.href, `${url.href} is not a local file path (${(err as Error).message}); write file:///absolute/path/page.html.`);
  }
  try {
    let info = await statOrUndefined(path);
    if (info?.isDirectory()) {
      path = join(path, 'index.html');
      info = await statOrUndefined(path);
    }
    if (!info || !info.isFile()) {
      throw new FetchError('file-not-found', url.href, `The file ${path} does not exist. Check the path in the open step (file: URLs need an absolute path, e.g. file:///home/me/site/index.html).`);
    }
    if (info.size > maxBytes) {
      throw new FetchError('too-large', url.href, `The file ${path} (${info.size} bytes) is larger than the limit of ${maxBytes} bytes per page (maxResponseBytes).`);
    }
    const bytes = await readFile(path, { signal });
    const contentType = contentTypeOf(path);
    // An HTML file declares its own charset (<meta charset>); other text files are read as UTF-8.
    const declared = contentType.startsWith('text/html') ? undefined : contentType;
    return { url: url.href, status: 200, headers: { 'content-type': contentType }, body: decodeBody(bytes, declared), attempts: 1 };
  } catch (err) {
    if (err instanceof FetchError || (err as Error).name === 'AbortError') throw err;
    const e = err as NodeJS.ErrnoException;
    throw new FetchError('file-error', url.href, `The file ${path} could not be read: ${e.code === 'EACCES' ? 'permission denied' : e.message}.`);
  }
}
