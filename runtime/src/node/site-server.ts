// Serves the example site (examples/site) on 127.0.0.1 for the demo and the tests: static files plus
// a sign-in handler (POST /login sets a session cookie; /account/… needs it), credentials from catalogue.json.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';
import { RpaUserError } from '../user-error';
import { contentTypeOf } from './body-decoding';
import { findExamples } from './examples';

export interface SiteServerOptions {
  /** Port to listen on; 0 (the default) picks any free port. */
  port?: number;
  /** The site's folder; default: examples/site, found upwards from this file or the current directory. */
  root?: string;
}

export interface SiteServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  root: string;
  /** The demo account its sign-in page accepts (catalogue.json), for people trying the example runs. */
  demoLogin: { username: string; password: string };
  close(): Promise<void>;
}

interface SiteLogin {
  username: string;
  password: string;
  csrf: string;
}

/** The example site's folder: examples/site above the bundle (dist/, dist-test/…) or the current directory. */
export function defaultSiteRoot(): string {
  const found = findExamples('site', 'catalogue.json');
  if (found) return found;
  throw new RpaUserError('example-site-unavailable', 'The example site (examples/site with catalogue.json) was not found above the program or the current folder; pass its folder as root, or run from the project folder.');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function cookieValue(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function redirect(res: http.ServerResponse, location: string, status = 303, headers: Record<string, string> = {}): void {
  res.writeHead(status, { location, 'content-length': '0', ...headers });
  res.end();
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Starts the example site on 127.0.0.1. Resolves once it listens; close() stops it and its connections. */
export async function startSiteServer(options: SiteServerOptions = {}): Promise<SiteServer> {
  const root = resolve(options.root ?? defaultSiteRoot());
  const login = (JSON.parse(await readFile(join(root, 'catalogue.json'), 'utf8')) as { login: SiteLogin }).login;
  const signedIn = new Map<string, string>();

  async function serveFile(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 400, '<h1>400 Bad Request</h1>');
    }
    let path = resolve(root, '.' + rel);
    if (path !== root && !path.startsWith(root + sep)) return sendText(res, 404, '<h1>404 Not Found</h1>');
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) path = join(path, 'index.html');
    const body = await readFile(path).catch(() => undefined);
    if (!body) return sendText(res, 404, `<h1>404 Not Found</h1><p>${escapeHtml(rel)} is not part of the example site.</p>`);
    let out: Buffer = body;
    if (rel.startsWith('/account/')) {
      const user = signedIn.get(cookieValue(req, 'sid') ?? '');
      if (!user) return redirect(res, '/login.html?next=' + encodeURIComponent(rel), 302);
      out = Buffer.from(body.toString('utf8').replace(/\{\{user\}\}/g, escapeHtml(user)));
    }
    res.writeHead(200, { 'content-type': contentTypeOf(path), 'content-length': String(out.length) });
    res.end(req.method === 'HEAD' ? undefined : out);
  }

  async function signIn(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req, 64 * 1024));
    if (form.get('csrf') !== login.csrf) return redirect(res, '/login.html?error=csrf');
    if (form.get('username') !== login.username || form.get('password') !== login.password) return redirect(res, '/login.html?error=credentials');
    const sid = randomBytes(16).toString('hex');
    signedIn.set(sid, login.username);
    redirect(res, '/account/orders.html', 303, { 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (pathname === '/login' && req.method === 'POST') return signIn(req, res);
    if (pathname === '/logout') {
      signedIn.delete(cookieValue(req, 'sid') ?? '');
      return redirect(res, '/login.html', 302, { 'set-cookie': 'sid=; Path=/; Max-Age=0' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, '<h1>405 Method Not Allowed</h1>');
    return serveFile(req, res, pathname);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) sendText(res, 500, `<h1>500 Internal Server Error</h1><p>${escapeHtml(err.message)}</p>`);
      else res.destroy(err);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const inUse = err.code === 'EADDRINUSE';
      fail(new RpaUserError('example-site-unavailable', inUse ? `Port ${options.port} on 127.0.0.1 is already in use, so the example site cannot start there; choose another port, or 0 for any free port.` : `The example site could not start on 127.0.0.1:${options.port ?? 0}: ${err.message}`));
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    root,
    demoLogin: { username: login.username, password: login.password },
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((err) => (err ? fail(err) : ok()));
        server.closeAllConnections();
      }),
  };
}
