// The session fetcher against real servers on 127.0.0.1, hostile ones included: retries with backoff,
// timeouts, redirect loops, size limits, refused connections, charsets, compression, cookies, abort.
import { strict as assert } from 'node:assert';
import { gzipSync } from 'node:zlib';
import { FetchError } from '../../../runtime/src/interpreter/errors';
import type { FetchRequest } from '../../../runtime/src/interpreter/host';
import { HttpFetcher, type HttpFetcherOptions } from '../../../runtime/src/node/http-fetcher';
import { closedPort, failingThen, html, neverAnswer, redirectTo, stallAfterHeaders, startTestServer, type TestServer } from './test-server';

const never = new AbortController().signal;
const get = (url: string): FetchRequest => ({ url, method: 'GET' });

/** A fetcher with short limits whose backoff waits are recorded instead of slept through. */
function fetcherFor(options: HttpFetcherOptions = {}) {
  const delays: number[] = [];
  const logs: string[] = [];
  const fetcher = new HttpFetcher({
    connectTimeoutMs: 2000,
    responseTimeoutMs: 1000,
    retryDelayMs: 100,
    maxRetryDelayMs: 1000,
    sleep: async (ms) => { delays.push(ms); },
    log: (_level, message) => logs.push(message),
    ...options,
  });
  return { fetcher, delays, logs };
}

async function rejection(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof FetchError, `expected a FetchError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the fetch to fail');
}

describe('HttpFetcher', function () {
  let server: TestServer;
  let f: ReturnType<typeof fetcherFor>;
  afterEach(async () => {
    f?.fetcher.close();
    await server?.close();
  });

  it('retries 5xx answers with exponential backoff and returns the page once the site recovers', async () => {
    server = await startTestServer({ '/flaky': failingThen(2, 503, '<p>ok</p>') });
    f = fetcherFor();
    const res = await f.fetcher.fetch(get(server.url + '/flaky'), never);
    assert.equal(res.status, 200);
    assert.equal(res.body, '<p>ok</p>');
    assert.equal(res.attempts, 3);
    assert.equal(server.hits('/flaky'), 3);
    assert.deepEqual(f.delays, [100, 200]);
    assert.match(f.logs[0], /answered HTTP 503; retrying in 100 ms \(attempt 2 of 3\)/);
  });

  it('gives up after the retry bound and hands back the last 5xx with the attempt count', async () => {
    server = await startTestServer({ '/down': failingThen(100, 500, '') });
    f = fetcherFor({ retries: 3 });
    const res = await f.fetcher.fetch(get(server.url + '/down'), never);
    assert.equal(res.status, 500);
    assert.equal(res.attempts, 4);
    assert.equal(server.hits('/down'), 4);
    assert.deepEqual(f.delays, [100, 200, 400]);
  });

  it('honours Retry-After up to the maximum delay', async () => {
    let n = 0;
    server = await startTestServer({ '/busy': (_q, res) => (++n === 1 ? html(res, 'busy', 503, { 'retry-after': '30' }) : html(res, 'ok')) });
    f = fetcherFor();
    assert.equal((await f.fetcher.fetch(get(server.url + '/busy'), never)).body, 'ok');
    assert.deepEqual(f.delays, [1000]);
  });

  it('does not repeat a POST the server answered with a 5xx', async () => {
    server = await startTestServer({ '/order': failingThen(100, 500, '') });
    f = fetcherFor();
    const res = await f.fetcher.fetch({ url: server.url + '/order', method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, never);
    assert.equal(res.status, 500);
    assert.equal(server.hits('/order'), 1);
  });

  it('fails clearly when nothing listens on the port, after retrying', async () => {
    const port = await closedPort();
    f = fetcherFor();
    const err = await rejection(f.fetcher.fetch(get(`http://127.0.0.1:${port}/x`), never));
    assert.equal(err.failure, 'connection-refused');
    assert.equal(err.attempts, 3);
    assert.match(err.message, new RegExp(`Could not connect to 127\\.0\\.0\\.1:${port}: the connection was refused\\. Is the site running.*gave up after 3 attempts`));
  });

  it('times out a server that never answers, and one that stalls mid-body', async () => {
    server = await startTestServer({ '/silent': neverAnswer, '/stall': stallAfterHeaders });
    f = fetcherFor({ responseTimeoutMs: 150, retries: 1 });
    const silent = await rejection(f.fetcher.fetch(get(server.url + '/silent'), never));
    assert.equal(silent.failure, 'response-timeout');
    assert.match(silent.message, /did not arrive completely within 150 ms \(response timeout\).*gave up after 2 attempts/);
    const stall = await rejection(f.fetcher.fetch(get(server.url + '/stall'), never));
    assert.equal(stall.failure, 'response-timeout');
    assert.equal(server.hits('/stall'), 2);
  });

  it('detects redirect loops and bounds redirect chains', async () => {
    const endless: Record<string, ReturnType<typeof redirectTo>> = {};
    for (let i = 0; i < 30; i++) endless[`/hop${i}`] = redirectTo(`/hop${i + 1}`);
    server = await startTestServer({ '/a': redirectTo('/b'), '/b': redirectTo('/a'), ...endless });
    f = fetcherFor({ maxRedirects: 5 });
    const loop = await rejection(f.fetcher.fetch(get(server.url + '/a'), never));
    assert.equal(loop.failure, 'redirect-loop');
    assert.match(loop.message, /redirects in a loop: .*\/a → .*\/b → .*\/a/);
    assert.equal(server.hits('/a') + server.hits('/b'), 2, 'the loop is caught without going round again');
    const long = await rejection(f.fetcher.fetch(get(server.url + '/hop0'), never));
    assert.equal(long.failure, 'too-many-redirects');
    assert.equal(server.requests.filter((r) => r.path.startsWith('/hop')).length, 6);
  });

  it('turns a POST into a GET on 303 and keeps cookies set during redirects', async () => {
    server = await startTestServer({
      '/login': (_q, res) => { res.writeHead(303, { location: '/home', 'set-cookie': 'sid=abc; Path=/; HttpOnly' }); res.end(); },
      '/home': (req, res) => html(res, `<p>${req.method} ${req.headers.cookie ?? 'no cookie'}</p>`),
    });
    f = fetcherFor();
    const res = await f.fetcher.fetch({ url: server.url + '/login', method: 'POST', body: 'u=1' }, never);
    assert.equal(res.url, server.url + '/home');
    assert.equal(res.body, '<p>GET sid=abc</p>');
  });

  it('keeps one cookie jar per fetcher: one session never sends another session\'s cookies', async () => {
    server = await startTestServer({
      '/set': (_q, res) => html(res, 'set', 200, { 'set-cookie': 'sid=session-a; Path=/' }),
      '/echo': (req, res) => html(res, req.headers.cookie ?? 'none'),
    });
    f = fetcherFor();
    const other = new HttpFetcher();
    try {
      await f.fetcher.fetch(get(server.url + '/set'), never);
      assert.equal((await f.fetcher.fetch(get(server.url + '/echo'), never)).body, 'sid=session-a');
      assert.equal((await other.fetch(get(server.url + '/echo'), never)).body, 'none');
    } finally {
      other.close();
    }
  });

  it('refuses responses over the size limit, declared or streamed', async () => {
    const big = 'x'.repeat(200_000);
    server = await startTestServer({
      '/declared': (_q, res) => html(res, big),
      '/chunked': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        for (let i = 0; i < 20; i++) res.write('y'.repeat(10_000));
        res.end();
      },
      '/bomb': (_q, res) => { res.writeHead(200, { 'content-encoding': 'gzip' }); res.end(gzipSync(Buffer.alloc(5_000_000))); },
    });
    f = fetcherFor({ maxResponseBytes: 100_000 });
    for (const path of ['/declared', '/chunked', '/bomb']) {
      const err = await rejection(f.fetcher.fetch(get(server.url + path), never));
      assert.equal(err.failure, 'too-large', path);
      assert.match(err.message, /larger than the limit of 100000 bytes per response \(maxResponseBytes\)/);
    }
  });

  it('decodes the charset from Content-Type or <meta>, and gzip bodies', async () => {
    const latin1 = Buffer.from('<p>Caf\xe9 \xa351.77</p>', 'latin1');
    server = await startTestServer({
      '/latin1': (_q, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=ISO-8859-1' }); res.end(latin1); },
      '/meta': (_q, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(Buffer.concat([Buffer.from('<meta charset="windows-1252">'), latin1])); },
      '/utf8': (_q, res) => html(res, '<p>Café £51.77</p>'),
      '/gzip': (_q, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }); res.end(gzipSync('<p>Naïve</p>')); },
    });
    f = fetcherFor();
    assert.equal((await f.fetcher.fetch(get(server.url + '/latin1'), never)).body, '<p>Café £51.77</p>');
    assert.match((await f.fetcher.fetch(get(server.url + '/meta'), never)).body, /<p>Café £51\.77<\/p>$/);
    assert.equal((await f.fetcher.fetch(get(server.url + '/utf8'), never)).body, '<p>Café £51.77</p>');
    assert.equal((await f.fetcher.fetch(get(server.url + '/gzip'), never)).body, '<p>Naïve</p>');
  });

  it('stops at once when the session is cancelled, even during backoff', async () => {
    server = await startTestServer({ '/silent': neverAnswer, '/down': failingThen(100, 500, '') });
    const real = new HttpFetcher({ responseTimeoutMs: 10_000, retryDelayMs: 10_000 });
    try {
      for (const path of ['/silent', '/down']) {
        const controller = new AbortController();
        const pending = real.fetch(get(server.url + path), controller.signal);
        await server.requested(path);
        controller.abort();
        await assert.rejects(pending, { name: 'AbortError' });
      }
    } finally {
      real.close();
    }
  });

  it('refuses URLs it cannot fetch with a reason', async () => {
    f = fetcherFor();
    assert.equal((await rejection(f.fetcher.fetch(get('ftp://127.0.0.1/x'), never))).failure, 'unsupported-scheme');
    assert.equal((await rejection(f.fetcher.fetch(get('not a url'), never))).failure, 'bad-url');
  });
});
