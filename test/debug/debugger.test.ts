// The standalone debug adapter driven by a DAP client on the example workspace and site: each parallel
// session is a thread; breakpoints (conditional, hit counts, logpoints), stepping through paginate and
// visit, pause, evaluate, variables with the password masked, terminate; the data matches a normal run.
import * as assert from 'node:assert/strict';
import { openSessionStore } from '../../runtime/src/node/open-store';
import { openSessionRuntime } from '../../runtime/src/node/session-runtime';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { GatedSite } from '../e2e/gated-site';
import { WORKER_SCRIPT } from '../runtime/engine/engine-harness';
import { Dap, exampleCopy, lineOf } from './dap-harness';

const SECRET = 'dbg-s3cret pass';

describe('debug adapter (DAP over stdio)', function () {
  this.timeout(90_000);
  let site: SiteServer;
  let ws: ReturnType<typeof exampleCopy>;
  let dap: Dap;
  let books: string;

  before(async () => {
    site = await startSiteServer({ port: 0 });
  });
  after(() => site.close());
  beforeEach(async () => {
    ws = exampleCopy();
    books = ws.file('agents/books.rpa');
    dap = new Dap({ FINANCE_BOT_PASSWORD: SECRET });
    await dap.start();
  });
  afterEach(async () => {
    await dap.stop();
    ws.dispose();
  });

  const launchArgs = (extra: Record<string, unknown> = {}) => ({ program: ws.file('runs.rpa'), run: 'NightlyBooks', inputs: { baseUrl: site.url }, ...extra });
  const threadOf = (stop: { body: { threadId?: number } }) => stop.body.threadId!;

  it('runs three sessions as three threads, stops each at a breakpoint, and writes what a normal run writes', async () => {
    const extractLine = lineOf(books, 'extract books each');
    const verified = await dap.launch(launchArgs(), { [books]: [{ line: extractLine }] });
    assert.deepEqual(verified[books].map((b) => [b.verified, b.line]), [[true, extractLine]]);
    const stops = await dap.until('three stops', () => (dap.stopped().length >= 3 ? dap.stopped().slice(0, 3) : undefined));
    assert.equal(new Set(stops.map(threadOf)).size, 3, 'one thread per session');
    for (const s of stops) {
      assert.equal(s.body.reason, 'breakpoint');
      assert.equal(s.body.allThreadsStopped, false);
    }
    const names = (await dap.dc.threadsRequest()).body.threads.map((t) => t.name).sort();
    assert.deepEqual(names, ['crime-1 · paused', 'poetry-1 · paused', 'travel-1 · paused']);
    const [top] = await dap.frames(threadOf(stops[0]));
    assert.equal(top.line, extractLine);
    assert.equal(top.source?.path, books);
    assert.match(top.name, /^extract books each "article\.product_pod"$/);

    // Continuing one thread leaves the others stopped.
    const first = threadOf(stops[0]);
    const cont = await dap.dc.continueRequest({ threadId: first, singleThread: true });
    assert.equal(cont.body.allThreadsContinued, false);
    await dap.dc.setBreakpointsRequest({ source: { path: books }, breakpoints: [] });
    for (const s of stops.slice(1)) assert.match((await dap.threadName(threadOf(s))) ?? '', / · paused$/);
    for (const s of stops.slice(1)) await dap.dc.continueRequest({ threadId: threadOf(s) });
    await dap.terminated();
    assert.match(dap.output(), /\[travel-1\] completed: \d+ pages, \d+ records/);

    // The same run without the debugger writes the same records.
    const debugged = await recordsOf(ws.dir);
    const plain = exampleCopy();
    try {
      const rt = await openSessionRuntime({ workspaceDir: plain.dir, pool: { script: WORKER_SCRIPT } });
      try {
        for (const s of rt.engine.startRun('NightlyBooks', { inputs: { baseUrl: site.url } })) await rt.engine.whenEnded(s.id);
      } finally {
        await rt.close();
      }
      assert.deepEqual(debugged, await recordsOf(plain.dir));
    } finally {
      plain.dispose();
    }
    assert.ok(debugged['travel-1'].books.length === 45 && debugged['travel-1'].details.length > 0);
  });

  it('moves a breakpoint on a non-step line to the next step, and refuses one outside the steps with a reason', async () => {
    const fieldLine = lineOf(books, 'title: attr("h3 a", "title")');
    const visitLine = lineOf(books, 'visit each "h3 a"');
    const verified = await dap.launch(launchArgs({ sessionIds: ['crime-1'] }), {
      [books]: [{ line: fieldLine }, { line: lineOf(books, 'sessionTimeout') }, { line: lineOf(books, 'extract books each'), condition: 'input.category ==' }],
    });
    const [moved, outside, badCondition] = verified[books];
    assert.deepEqual([moved.verified, moved.line], [true, visitLine]);
    assert.equal(outside.verified, false);
    assert.match(outside.message ?? '', /not in an agent's steps block/);
    assert.equal(badCondition.verified, false);
    assert.match(badCondition.message ?? '', /The condition does not parse: the expression ends too early/);
    const locations = await dap.dc.customRequest('breakpointLocations', { source: { path: books }, line: 1, endLine: 200 });
    assert.ok((locations.body.breakpoints as Array<{ line: number }>).some((b) => b.line === visitLine));
    const stop = await dap.nthStop(1);
    assert.equal((await dap.frames(threadOf(stop)))[0].line, visitLine);
    await dap.dc.terminateRequest();
  });

  it('stops only where a condition holds and on the hit count, and logs logpoints without stopping', async () => {
    const extractLine = lineOf(books, 'extract books each');
    const logLine = lineOf(books, 'log "scraping');
    await dap.launch(launchArgs(), {
      [books]: [
        { line: logLine, logMessage: '{session.id} starts on {input.category}' },
        { line: extractLine, condition: 'input.category == "poetry" and page.url contains "page-2"' },
        { line: lineOf(books, 'visit each'), condition: 'session.id == "crime-1"', hitCondition: '2' },
      ],
    });
    const first = await dap.nthStop(1);
    const second = await dap.nthStop(2);
    const byThread = new Map<number, string>();
    for (const s of [first, second]) {
      const scopes = await dap.scopes(threadOf(s));
      byThread.set(threadOf(s), `${scopes.Session.id} ${scopes.Page.url}`);
      await dap.dc.continueRequest({ threadId: threadOf(s) });
    }
    await dap.terminated();
    const seen = [...byThread.values()].sort();
    assert.equal(seen.length, 2);
    assert.match(seen[0], /^"crime-1" "http:\/\/127\.0\.0\.1:\d+\/catalogue\/category\/crime\/page-2\.html"$/, 'the second visit of crime-1 is on its second page');
    assert.match(seen[1], /^"poetry-1" ".*\/poetry\/page-2\.html"$/);
    assert.equal(dap.stopped().length, 2, 'no other stops');
    for (const id of ['travel-1', 'poetry-1', 'crime-1']) assert.match(dap.output(), new RegExp(`\\[${id}\\] Logpoint \\(line ${logLine}\\): ${id} starts on ${id.split('-')[0]}`));
  });

  it('steps into, over and out of nested paginate and visit blocks, naming each frame', async () => {
    await dap.launch(launchArgs({ sessionIds: ['crime-1'], stopOnEntry: true }));
    const tid = threadOf(await dap.nthStop(1));
    assert.equal(dap.stopped()[0].body.reason, 'entry');
    const at = async () => (await dap.frames(tid)).map((f) => `${f.line}:${f.name}`);
    const step = async (kind: 'next' | 'stepIn' | 'stepOut') => {
      const n = dap.stopped().length;
      await dap.dc[`${kind}Request`]({ threadId: tid });
      await dap.nthStop(n + 1);
      return at();
    };
    const L = (text: string) => lineOf(books, text);
    assert.deepEqual(await at(), [`${L('log "scraping')}:log "scraping {category}"`]);
    assert.deepEqual(await step('next'), [`${L('open "{baseUrl}')}:open "{baseUrl}/catalogue/category/{category}/index.html"`]);
    await step('next');
    assert.deepEqual(await at(), [`${L('paginate next')}:paginate next "li.next a"`]);
    assert.deepEqual(await step('stepIn'), [`${L('extract books each')}:extract books each "article.product_pod"`, `${L('paginate next')}:paginate next "li.next a" · page 1`]);
    assert.deepEqual((await step('next'))[0], `${L('visit each')}:visit each "h3 a"`);
    const inVisit = await step('stepIn');
    assert.deepEqual(inVisit, [`${L('extract details')}:extract details`, `${L('visit each')}:visit each "h3 a" · link 1 of 20`, `${L('paginate next')}:paginate next "li.next a" · page 1`]);
    assert.deepEqual((await step('next'))[1], `${L('visit each')}:visit each "h3 a" · link 2 of 20`, 'step over at the end of a visit body goes to the next link');
    const out = await step('stepOut');
    assert.deepEqual(out, [`${L('extract books each')}:extract books each "article.product_pod"`, `${L('paginate next')}:paginate next "li.next a" · page 2`], 'step out of the visit: the next page');
    await dap.dc.stepOutRequest({ threadId: tid });
    await dap.terminated();
    assert.equal(dap.stopped().length, 8, 'nothing after the paginate block: stepping out runs the session to its end');
  });

  it('pauses a running session before its next step while the others finish', async () => {
    const gate = await GatedSite.start(site.url, 0);
    try {
      gate.hold();
      await dap.launch({ ...launchArgs(), inputs: { baseUrl: gate.url } });
      const threads = await dap.until('three threads', (events) => {
        const started = events.filter((e) => e.event === 'thread' && (e as { body: { reason: string } }).body.reason === 'started');
        return started.length >= 3 ? started.map((e) => (e as { body: { threadId: number } }).body.threadId) : undefined;
      });
      const paused = threads[0];
      await dap.dc.pauseRequest({ threadId: paused });
      gate.release();
      const stop = await dap.nthStop(1);
      assert.equal(stop.body.reason, 'pause');
      assert.equal(threadOf(stop), paused);
      await dap.until('the other two threads exit', (events) => events.filter((e) => e.event === 'thread' && (e as { body: { reason: string } }).body.reason === 'exited').length >= 2);
      assert.match((await dap.threadName(paused)) ?? '', / · paused$/, 'the paused one waits while the others finished');
      await dap.dc.continueRequest({ threadId: paused });
      await dap.terminated();
    } finally {
      gate.release();
      await gate.close();
    }
  });

  it('evaluates selectors and field expressions on the stopped page, and shows variables with the password masked', async () => {
    await dap.launch(launchArgs({ sessionIds: ['travel-1'] }), { [books]: [{ line: lineOf(books, 'extract books each') }] });
    const tid = threadOf(await dap.nthStop(1));
    const matches = await dap.evaluate(tid, '"article.product_pod"');
    assert.equal(matches.result, '20 matches for "article.product_pod"');
    const items = (await dap.dc.variablesRequest({ variablesReference: matches.variablesReference })).body.variables;
    assert.equal(items.length, 20);
    const firstMatch = (await dap.dc.variablesRequest({ variablesReference: items[0].variablesReference })).body.variables;
    assert.equal(firstMatch.find((v) => v.name === 'tag')?.value, '"article"');
    assert.equal((await dap.evaluate(tid, 'h3 a')).result, '20 matches for "h3 a"');
    assert.match((await dap.evaluate(tid, 'text(".price_color") as number')).result, /^\d+(\.\d+)?$/);
    assert.match((await dap.evaluate(tid, 'attr("h3 a", "title")')).result, /^".+"$/);
    assert.equal((await dap.evaluate(tid, 'input.category')).result, '"travel"');
    assert.equal((await dap.evaluate(tid, 'session.id')).result, '"travel-1"');
    await assert.rejects(dap.evaluate(tid, 'li['), /is not a valid CSS selector/);
    await assert.rejects(dap.evaluate(tid, 'input.nope'), /'input\.nope' is not an input of this session/);
    await assert.rejects(dap.evaluate(tid, 'login.password'), /login\.password is a secret/);
    await assert.rejects(dap.evaluate(tid, 'text(".price_color") as integer'), /cannot be read as an integer/);

    const scopes = await dap.scopes(tid);
    assert.deepEqual(Object.keys(scopes), ['Session', 'Inputs', 'Page', 'Current record', 'Login']);
    assert.equal(scopes.Session.id, '"travel-1"');
    assert.equal(scopes.Session.status, '"running"');
    assert.equal(scopes.Inputs.category, '"travel"');
    assert.match(scopes.Page.url, /\/catalogue\/category\/travel\/index\.html"$/);
    assert.equal(scopes.Page.status, '200');
    assert.match(scopes.Page.title, /Travel/);
    assert.deepEqual(scopes.Login, { user: '"CORP\\\\svc-rpa"', password: '••••••' });
    await dap.dc.setBreakpointsRequest({ source: { path: books }, breakpoints: [] });
    await dap.dc.continueRequest({ threadId: tid });
    await dap.terminated();
    assert.ok(dap.raw.length > 20);
    assert.ok(dap.raw.every((m) => !m.includes(SECRET) && !m.includes(encodeURIComponent(SECRET))), 'the password is in no DAP message');
  });

  it('stops at a failing step with "Step failures" on, saying why, before the session fails', async () => {
    await dap.launch(launchArgs({ sessionIds: ['crime-1'], inputs: { baseUrl: site.url, category: 'no-such-category' } }), {}, ['stepFailures']);
    const stop = await dap.nthStop(1);
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.text ?? '', /The step fails: GET .*no-such-category.* answered HTTP 404/);
    await dap.dc.continueRequest({ threadId: threadOf(stop) });
    await dap.terminated();
    assert.match(dap.output(), /\[crime-1\] failed/);
  });

  it('terminates mid-run: the sessions are cancelled and what they committed is kept', async () => {
    const gate = await GatedSite.start(site.url, 0);
    try {
      await dap.launch({ ...launchArgs(), inputs: { baseUrl: gate.url } }, { [books]: [{ line: lineOf(books, 'visit each'), hitCondition: '2' }] });
      await dap.nthStop(1);
      gate.hold();
      await dap.dc.terminateRequest();
      await dap.terminated();
    } finally {
      gate.release();
      await gate.close();
    }
    await dap.dc.disconnectRequest({});
    const { store } = await openSessionStore(ws.dir, { readOnly: true });
    try {
      const sessions = store.listSessions();
      assert.deepEqual(sessions.map((s) => s.status), ['cancelled', 'cancelled', 'cancelled']);
      assert.ok(sessions.some((s) => store.records(s.id, 'books').total > 0), 'committed records are kept');
    } finally {
      await store.close();
    }
  });

  it('restarts: the sessions are cancelled, closed and started again under the debugger', async () => {
    await dap.launch(launchArgs({ sessionIds: ['poetry-1'], stopOnEntry: true }));
    const before = threadOf(await dap.nthStop(1));
    await dap.dc.customRequest('restart', {});
    const again = await dap.nthStop(2);
    assert.equal(again.body.reason, 'entry', 'the new session stops on entry again');
    assert.notEqual(threadOf(again), before, 'a new session instance is a new thread');
    assert.deepEqual((await dap.dc.threadsRequest()).body.threads.map((t) => t.name), ['poetry-1 · paused']);
    await dap.dc.continueRequest({ threadId: threadOf(again) });
    await dap.terminated();
    await dap.dc.disconnectRequest({});
    const { store } = await openSessionStore(ws.dir, { readOnly: true });
    try {
      assert.deepEqual(store.listSessions().map((s) => [s.id, s.status]), [['poetry-1', 'completed']]);
    } finally {
      await store.close();
    }
  });

  it('refuses a launch it cannot do, with the reason', async () => {
    const configure = dap.dc.waitForEvent('initialized').then(() => dap.dc.configurationDoneRequest());
    await assert.rejects(dap.dc.launch({ program: ws.file('runs.rpa') }), /declares 3 run configurations \(NightlyBooks, HourlyPrices, MonthEndOrders\): say which one with "run"/);
    void configure.catch(() => undefined);
  });
});

/** Each session's records per dataset in a workspace's store, in order. */
async function recordsOf(dir: string): Promise<Record<string, Record<string, unknown[]>>> {
  const { store } = await openSessionStore(dir, { readOnly: true });
  try {
    const out: Record<string, Record<string, unknown[]>> = {};
    for (const s of store.listSessions()) {
      out[s.id] = {};
      for (const d of store.datasets(s.id)) out[s.id][d.dataset] = store.records(s.id, d.dataset, { limit: 10_000 }).rows;
    }
    return out;
  } finally {
    await store.close();
  }
}
