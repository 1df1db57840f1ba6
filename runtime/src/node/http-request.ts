// One HTTP(S) exchange on node:http/https, bounded every way: a connect timeout, a whole-response
// timeout, a maximum (decoded) body size, abort through an AbortSignal; failures become FetchErrors.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { FetchError } from '../interpreter/errors';
import { decompressor } from './body-decoding';

export interface ExchangeLimits {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  maxResponseBytes: number;
}

export interface ExchangeRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  agent?: http.Agent;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function abortError(): Error {
  const e = new Error('The request was cancelled.');
  e.name = 'AbortError';
  return e;
}

const mib = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${n} bytes`);

/** Maps a socket error to a FetchError whose message says what happened and what to check. */
function networkError(err: NodeJS.ErrnoException, url: URL): FetchError {
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return new FetchError('connection-refused', url.href, `Could not connect to ${where}: the connection was refused. Is the site running, and is the port in the URL right?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new FetchError('dns', url.href, `The host name ${url.hostname} could not be resolved. Check the URL (or the baseUrl input) for typos.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new FetchError('network', url.href, `The connection to ${where} was closed before the page arrived (${err.code}). The site may have crashed or dropped the session.`);
    default:
      return new FetchError('network', url.href, `The page ${url.href} could not be loaded: ${err.message}${err.code ? ` (${err.code})` : ''}.`);
  }
}

/** Sends one request and reads the whole (decompressed) body within the limits. */
export function exchange(req: ExchangeRequest, limits: ExchangeLimits, signal: AbortSignal): Promise<RawResponse> {
  if (signal.aborted) return Promise.reject(abortError());
  const { url } = req;
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    let responseTimer: NodeJS.Timeout | undefined;
    const onAbort = () => fail(abortError());
    const cleanup = () => {
      clearTimeout(responseTimer);
      clearTimeout(connectTimer);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
      request.destroy();
      reject(err);
    };
    const succeed = (res: RawResponse) => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(res);
    };
    const tooLarge = () =>
      new FetchError('too-large', url.href, `The page ${url.href} is larger than the limit of ${mib(limits.maxResponseBytes)} per response (maxResponseBytes); the session stopped reading it. Point the agent at smaller pages or raise the limit.`);

    const mod = url.protocol === 'https:' ? https : http;
    const headers = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const request = mod.request(url, { method: req.method, headers, agent: req.agent }, (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxResponseBytes) return fail(tooLarge());
      const decoder = decompressor(res.headers['content-encoding']);
      res.on('error', (err: NodeJS.ErrnoException) => fail(networkError(err, url)));
      res.on('close', () => {
        if (!res.complete) fail(new FetchError('network', url.href, `The connection to ${url.host} was closed before the whole page arrived.`));
      });
      decoder?.on('error', (err) =>
        fail(new FetchError('network', url.href, `The page ${url.href} arrived compressed (${res.headers['content-encoding']}) but could not be decompressed: ${err.message}.`)));
      const stream: Readable = decoder ? res.pipe(decoder) : res;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxResponseBytes) fail(tooLarge());
        else chunks.push(chunk);
      });
      stream.on('end', () => succeed({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    responseTimer = setTimeout(() => fail(new FetchError('response-timeout', url.href,
      `The page ${url.href} did not arrive completely within ${limits.responseTimeoutMs} ms (response timeout). The site is stalled or very slow; try again later or raise the response timeout.`)), limits.responseTimeoutMs);
    request.on('socket', (socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => fail(new FetchError('connect-timeout', url.href,
        `Could not connect to ${url.host} within ${limits.connectTimeoutMs} ms (connect timeout). The site may be down or a firewall drops the connection.`)), limits.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    request.on('error', (err: NodeJS.ErrnoException) => fail(networkError(err, url)));
    signal.addEventListener('abort', onAbort, { once: true });
    request.end(req.body);
  });
}
