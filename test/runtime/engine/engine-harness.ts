// Test harness for the session engine: a temporary workspace with real components (bot state file,
// sql.js session store, worker pool on dist/session-worker.js) and a loopback HTTP site with probes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Workspace } from '../../../language/src/workspace';
import { BotService } from '../../../runtime/src/bots/bot-service';
import type { SessionEngineOptions } from '../../../runtime/src/engine/session-engine';
import { SessionEngine } from '../../../runtime/src/engine/session-engine';
import type { EngineEvent } from '../../../runtime/src/events';
import { BotStateJsonFile } from '../../../runtime/src/node/bot-state-file';
import { openSessionStore } from '../../../runtime/src/node/open-store';
import type { WorkerPoolOptions } from '../../../runtime/src/node/worker-pool';
import { WorkerPool } from '../../../runtime/src/node/worker-pool';
import type { SessionStoreApi } from '../../../runtime/src/store/store-api';
import { live, useFixture, type FixtureScope } from '../../support/live-fixture';

/** Built by `node scripts/test-only.mjs … --entries session-worker`. */
export const WORKER_SCRIPT = resolve('dist/session-worker.js');

export interface Harness {
  dir: string;
  ws: Workspace;
  bots: BotService;
  store: SessionStoreApi;
  pool: WorkerPool;
  engine: SessionEngine;
  /** Every event the engine emitted, in order. */
  events: EngineEvent[];
  /** Resolves with the first event (already emitted or still to come) that matches, or rejects after timeoutMs. */
  next<T extends EngineEvent>(match: (e: EngineEvent) => e is T, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  pool?: WorkerPoolOptions;
  engine?: Partial<SessionEngineOptions>;
}

export async function startHarness(rpa: string, opts: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'rpa-engine-'));
  writeFileSync(join(dir, 'main.rpa'), rpa);
  const ws = new Workspace();
  ws.setFile('file://' + join(dir, 'main.rpa'), rpa);
  const bots = new BotService(BotStateJsonFile.inWorkspace(dir), ws);
  const { store } = await openSessionStore(dir);
  const pool = new WorkerPool({ script: WORKER_SCRIPT, warm: 1, ...opts.pool });
  const engine = new SessionEngine({ workspace: ws, store, bots, runner: pool, baseDir: dir, ...opts.engine });
  const events: EngineEvent[] = [];
  const waiters = new Set<(e: EngineEvent) => void>();
  engine.events.on((e) => {
    events.push(e);
    for (const w of [...waiters]) w(e);
  });
  return {
    dir,
    ws,
    bots,
    store,
    pool,
    engine,
    events,
    next<T extends EngineEvent>(match: (e: EngineEvent) => e is T, timeoutMs = 15_000): Promise<T> {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise<T>((ok, fail) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(new Error(`No matching engine event within ${timeoutMs} ms; last events: ${events.slice(-5).map((e) => e.type).join(', ')}`));
        }, timeoutMs);
        const check = (e: EngineEvent) => {
          if (!match(e)) return;
          clearTimeout(timer);
          waiters.delete(check);
          ok(e);
        };
        waiters.add(check);
      });
    },
    async close() {
      await engine.dispose();
      await pool.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers the mocha hooks that start a test site and a harness on `workspace(site.url)` before the
 * suite (or each test) and close both after; returns stand-ins for the running ones. `options` is
 * read when the harness starts, so it may use what an earlier hook of the suite prepared.
 */
export function useSiteHarness(
  workspace: (siteUrl: string) => string,
  options: HarnessOptions | (() => HarnessOptions) = {},
  scope: FixtureScope = 'suite',
): { site: TestSite; h: Harness } {
  const current = useFixture(
    async () => {
      const site = await startTestSite();
      try {
        return { site, h: await startHarness(workspace(site.url), typeof options === 'function' ? options() : options) };
      } catch (e) {
        await site.close();
        throw e;
      }
    },
    async ({ site, h }) => {
      await h.close();
      await site.close();
    },
    scope,
  );
  return { site: live(() => current()?.site, 'the test site'), h: live(() => current()?.h, 'the engine harness') };
}

export const started = (id: string) => (e: EngineEvent): e is Extract<EngineEvent, { type: 'session-started' }> => e.type === 'session-started' && e.session.id === id;
export const ended = (id: string) => (e: EngineEvent): e is Extract<EngineEvent, { type: 'session-ended' }> => e.type === 'session-ended' && e.session.id === id;

/** The most sessions that were running at the same time, from the engine's started/ended events. */
export function maxConcurrent(events: EngineEvent[], filter: (id: string) => boolean = () => true): number {
  let running = 0;
  let max = 0;
  for (const e of events) {
    if (e.type === 'session-started' && filter(e.session.id)) max = Math.max(max, ++running);
    if (e.type === 'session-ended' && filter(e.session.id) && e.session.startedAt !== undefined) running--;
  }
  return max;
}

export interface TestSite {
  url: string;
  /** Requests for /items currently being answered, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

/**
 * A loopback site: `/items?tag=T&n=N&delay=MS` lists N items after MS ms; `/login?user=U` sets a
 * cookie and redirects to `/me`, which shows the cookie's user; `/form` is a GET form to `/echo?v=…`,
 * which echoes the value (`/form?action=/broken`: to `/broken`, which always answers 500).
 */
export async function startTestSite(): Promise<TestSite> {
  const sockets = new Set<import('node:net').Socket>();
  const site: TestSite = { url: '', inFlight: 0, maxInFlight: 0, close: async () => undefined };
  const html = (res: http.ServerResponse, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(`<!doctype html><html><body>${body}</body></html>`);
  };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    if (u.pathname === '/items') {
      const tag = u.searchParams.get('tag') ?? 'item';
      const n = Number(u.searchParams.get('n') ?? 1);
      site.inFlight++;
      site.maxInFlight = Math.max(site.maxInFlight, site.inFlight);
      const timer = setTimeout(() => {
        site.inFlight--;
        html(res, '<ul>' + Array.from({ length: n }, (_, i) => `<li class="item"><span>${esc(tag)}-${i + 1}</span></li>`).join('') + '</ul>');
      }, Number(u.searchParams.get('delay') ?? 0));
      res.on('close', () => {
        if (!res.writableEnded) {
          clearTimeout(timer);
          site.inFlight--;
        }
      });
      return;
    }
    if (u.pathname === '/login') {
      res.writeHead(302, { location: '/me', 'set-cookie': `who=${encodeURIComponent(u.searchParams.get('user') ?? '')}; Path=/` });
      res.end();
      return;
    }
    if (u.pathname === '/me') {
      const who = /(?:^|;\s*)who=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
      return html(res, `<p id="who">${esc(decodeURIComponent(who ?? 'nobody'))}</p>`);
    }
    if (u.pathname === '/echo') return html(res, `<p id="v">${esc(u.searchParams.get('v') ?? '')}</p>`);
    if (u.pathname === '/form') {
      const action = u.searchParams.get('action') === '/broken' ? '/broken' : '/echo';
      return html(res, `<form id="f" action="${action}" method="get"><input id="v" name="v"><button type="submit">Go</button></form>`);
    }
    if (u.pathname === '/broken') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
      return;
    }
    res.writeHead(404);
    res.end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  site.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = () =>
    new Promise<void>((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    });
  return site;
}
