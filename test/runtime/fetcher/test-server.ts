// A purpose-built HTTP server on 127.0.0.1 for fetcher and interpreter tests: each test gives it routes
// (including hostile ones: 500s, stalls, redirect loops, huge or malformed pages) and closes it afterwards.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export interface TestServer {
  url: string;
  /** Requests received, in order: method, path and the Cookie header. */
  requests: Array<{ method: string; path: string; cookie?: string; body: string }>;
  /** How many requests each path received. */
  hits(path: string): number;
  /** Resolves when a request for `path` arrives (at once if one already has); rejects after `ms`. */
  requested(path: string, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server whose routes are matched by exact path (query ignored); other paths answer 404. */
export async function startTestServer(routes: Record<string, Route>): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const waiters: Array<{ path: string; done(): void }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? 'GET', path, cookie: req.headers.cookie, body });
      for (const w of waiters.filter((x) => x.path === path)) w.done();
      const route = routes[path];
      if (route) route(req, res, body);
      else html(res, '<h1>Not here</h1>', 404);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    requested: (path, ms = 5000) =>
      new Promise<void>((ok, fail) => {
        if (requests.some((r) => r.path === path)) return ok();
        const timer = setTimeout(() => fail(new Error(`no request for ${path} within ${ms} ms`)), ms);
        waiters.push({ path, done: () => { clearTimeout(timer); ok(); } });
      }),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export function html(res: http.ServerResponse, body: string, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
}

export function redirectTo(location: string, status = 302): Route {
  return (_req, res) => {
    res.writeHead(status, { location });
    res.end();
  };
}

/** A route that answers `status` for the first `times` requests, then serves `page`. */
export function failingThen(times: number, status: number, page: string): Route {
  let n = 0;
  return (_req, res) => {
    n++;
    if (n <= times) html(res, `<h1>Error ${status}</h1>`, status);
    else html(res, page);
  };
}

/** A route that sends headers and then never finishes the body (until the server closes). */
export const stallAfterHeaders: Route = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.write('<html><body><p>start');
};

/** A route that never answers at all. */
export const neverAnswer: Route = () => undefined;

/** A listing page with items and an optional next link, as hostile pagination tests need. */
export function listingPage(items: string[], next?: string): string {
  const lis = items.map((t) => `<li class="item"><a href="/detail/${encodeURIComponent(t)}">${t}</a><span class="price">£${t.length}.50</span></li>`).join('');
  return `<html><body><ul>${lis}</ul>${next ? `<a class="next" href="${next}">next</a>` : ''}</body></html>`;
}

/** A free local port with nothing listening on it (for connection-refused tests). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}
