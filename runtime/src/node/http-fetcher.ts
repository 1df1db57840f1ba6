// The PageFetcher sessions use: http/https on node:http with a per-session cookie jar (tough-cookie),
// bounded redirects with loop detection, retries with exponential backoff on 5xx and network errors, file: URLs.
import * as http from 'node:http';
import * as https from 'node:https';
import { CookieJar } from 'tough-cookie';
import { hostAllowed } from '../../../language/src/host-patterns';
import { FetchError } from '../interpreter/errors';
import type { FetchRequest, FetchResponse, PageFetcher } from '../interpreter/host';
import type { LogLevel } from '../session-types';
import { decodeBody } from './body-decoding';
import { readFileUrl } from './file-pages';
import { abortError, exchange, type ExchangeLimits, type RawResponse } from './http-request';

export interface HttpFetcherOptions {
  /** Time to open a TCP connection (default 10 s). */
  connectTimeoutMs?: number;
  /** Time for a whole response, headers and body (default 30 s). */
  responseTimeoutMs?: number;
  /** Largest response body, after decompression (default 10 MiB). */
  maxResponseBytes?: number;
  /** Redirects followed per request (default 10). */
  maxRedirects?: number;
  /** Retries after a 5xx or a network error (default 2, so 3 attempts). POSTs retry only when no connection was made. */
  retries?: number;
  /** First backoff delay; it doubles per retry (default 250 ms). */
  retryDelayMs?: number;
  /** Longest backoff delay, also the cap for a server's Retry-After (default 5 s). */
  maxRetryDelayMs?: number;
  userAgent?: string;
  /** The agent's `allowHosts`: connections to any other host are refused before they are made (undefined: any host). */
  allowHosts?: readonly string[];
  /** Backoff waits (tests and hosts may inject their own); default: timers, cancelled by the signal. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Where retries are reported (the session log). */
  log?: (level: LogLevel, message: string) => void;
}

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
  maxRedirects: 10,
  retries: 2,
  retryDelayMs: 250,
  maxRetryDelayMs: 5_000,
  userAgent: 'RPA-Sessions/0.1 (+simulated secure session)',
};

/** Waits ms, or rejects with an AbortError as soon as the signal fires. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const RETRYABLE: ReadonlySet<FetchError['failure']> = new Set(['connection-refused', 'network', 'connect-timeout', 'response-timeout', 'dns']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A fetcher for one session: its cookies are its own; create one per session and close it at the end. */
export class HttpFetcher implements PageFetcher {
  private readonly cookies = new CookieJar();
  private readonly opts: typeof DEFAULTS & Pick<HttpFetcherOptions, 'sleep' | 'log' | 'allowHosts'>;
  private readonly agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) };

  constructor(options: HttpFetcherOptions = {}) {
    const set = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.opts = { ...DEFAULTS, ...set };
  }

  private get limits(): ExchangeLimits {
    return { connectTimeoutMs: this.opts.connectTimeoutMs, responseTimeoutMs: this.opts.responseTimeoutMs, maxResponseBytes: this.opts.maxResponseBytes };
  }

  async fetch(req: FetchRequest, signal: AbortSignal): Promise<FetchResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new FetchError('bad-url', req.url, `${JSON.stringify(req.url)} is not an absolute URL; write it as "http://host:port/path" or "file:///path".`);
    }
    if (url.protocol === 'file:') {
      if (req.method !== 'GET') throw new FetchError('unsupported-scheme', req.url, `A form cannot be posted to a file: URL (${req.url}); serve the site over http to submit forms.`);
      return readFileUrl(url, this.opts.maxResponseBytes, signal);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FetchError('unsupported-scheme', req.url, `${req.url} uses ${url.protocol}, but sessions fetch only http, https and file URLs.`);
    }
    for (let attempt = 1; ; attempt++) {
      const retry = this.opts.retries >= attempt;
      let res: FetchResponse;
      try {
        res = await this.followRedirects(url, req, signal);
      } catch (err) {
        if (!(err instanceof FetchError) || !RETRYABLE.has(err.failure)) throw err;
        const safe = req.method === 'GET' || err.failure === 'connection-refused' || err.failure === 'dns';
        if (!retry || !safe) throw attempt > 1 ? new FetchError(err.failure, err.url, `${err.message} (gave up after ${attempt} attempts)`, attempt) : err;
        await this.backoff(attempt, `${req.method} ${req.url} failed: ${err.message}`, undefined, signal);
        continue;
      }
      if (res.status >= 500 && retry && req.method === 'GET') {
        await this.backoff(attempt, `${req.method} ${res.url} answered HTTP ${res.status}`, res.headers['retry-after'], signal);
        continue;
      }
      return { ...res, attempts: attempt };
    }
  }

  private async backoff(attempt: number, what: string, retryAfter: string | undefined, signal: AbortSignal): Promise<void> {
    const exponential = Math.min(this.opts.retryDelayMs * 2 ** (attempt - 1), this.opts.maxRetryDelayMs);
    const asked = retryAfter !== undefined && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : undefined;
    const delay = asked !== undefined ? Math.min(asked, this.opts.maxRetryDelayMs) : exponential;
    this.opts.log?.('warn', `${what}; retrying in ${delay} ms (attempt ${attempt + 1} of ${this.opts.retries + 1}).`);
    await (this.opts.sleep ?? abortableSleep)(delay, signal);
  }

  /** One request and its redirects, with cookies read and stored at every hop. */
  private async followRedirects(start: URL, req: FetchRequest, signal: AbortSignal): Promise<FetchResponse> {
    let url = start;
    let method = req.method;
    let body = req.body;
    const chain: string[] = [];
    const seen = new Set<string>();
    for (let hop = 0; ; hop++) {
      const cookie = this.cookies.getCookieStringSync(url.href);
      const key = `${method} ${url.href} ${cookie}`;
      if (seen.has(key)) {
        throw new FetchError('redirect-loop', start.href, `The site redirects in a loop: ${[...chain, url.href].join(' → ')}. A login page that keeps redirecting usually means the session's cookie was refused; check the URL and the login steps.`);
      }
      seen.add(key);
      chain.push(url.href);
      this.checkHost(url, start);
      const raw = await exchange({ url, method, headers: this.headers(req, cookie, body), body, agent: url.protocol === 'https:' ? this.agents.https : this.agents.http }, this.limits, signal);
      this.storeCookies(raw, url);
      const location = raw.headers.location;
      if (!REDIRECTS.has(raw.status) || !location) return this.toResponse(raw, url);
      if (hop + 1 > this.opts.maxRedirects) {
        throw new FetchError('too-many-redirects', start.href, `${start.href} redirected more than ${this.opts.maxRedirects} times (${chain.slice(0, 4).join(' → ')} → …); the site is misconfigured or keeps sending the session elsewhere.`);
      }
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new FetchError('unsupported-scheme', start.href, `${url.href} redirects to ${next.href}, which is not an http or https URL.`);
      }
      if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  /** The agent's allowHosts, checked before every connection (a redirect to another host included). */
  private checkHost(url: URL, start: URL): void {
    const allowed = this.opts.allowHosts;
    if (!allowed || hostAllowed(allowed, url)) return;
    const via = url.href === start.href ? '' : ` (redirected from ${start.href})`;
    throw new FetchError(
      'host-not-allowed',
      start.href,
      `${url.href}${via} is on the host ${url.host}, which the agent's allowHosts (${allowed.map((h) => JSON.stringify(h)).join(', ')}) does not list, so the session did not connect. ` +
        'Add the host to allowHosts if the session should reach it.',
    );
  }

  private headers(req: FetchRequest, cookie: string, body: string | undefined): Record<string, string> {
    const h: Record<string, string> = {
      'user-agent': this.opts.userAgent,
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
    };
    for (const [k, v] of Object.entries(req.headers ?? {})) h[k.toLowerCase()] = v;
    if (body === undefined) delete h['content-type'];
    if (cookie) h.cookie = cookie;
    return h;
  }

  private storeCookies(raw: RawResponse, url: URL): void {
    for (const c of raw.headers['set-cookie'] ?? []) this.cookies.setCookieSync(c, url.href, { ignoreError: true });
  }

  private toResponse(raw: RawResponse, url: URL): FetchResponse {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(k === 'set-cookie' ? '\n' : ', ') : v;
    return { url: url.href, status: raw.status, headers, body: decodeBody(raw.body, headers['content-type']) };
  }

  /** The names of the cookies the session would send to this URL (what a debugger shows; never their values). */
  cookieNames(url: string): string[] {
    try {
      return this.cookies.getCookiesSync(url).map((c) => c.key);
    } catch {
      return [];
    }
  }

  /** Closes kept-alive connections; call when the session ends. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
