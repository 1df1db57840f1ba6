// The interpreter against purpose-built hostile servers on 127.0.0.1: pagination loops, 5xx then
// success, permanent 5xx, stalls, redirect loops, malformed and huge pages, refused connections, cancel.
import { strict as assert } from 'node:assert';
import { closedPort, failingThen, html, listingPage, neverAnswer, redirectTo, startTestServer, type TestServer } from '../fetcher/test-server';
import { assertCompleted, column, runAgent } from './run-agent';

describe('interpreter on hostile sites', function () {
  let server: TestServer;
  afterEach(() => server?.close());

  it('stops paginating when the next link points back to a page already visited', async () => {
    server = await startTestServer({
      '/p1': (_q, res) => html(res, listingPage(['a', 'b'], '/p2')),
      '/p2': (_q, res) => html(res, listingPage(['c'], '/p3#top')),
      '/p3': (_q, res) => html(res, listingPage(['d'], '/p1?#again')),
    });
    const run = await runAgent(`
      open "{base}/p1"
      paginate next "a.next" max 100 {
        extract items each "li.item" { name: text("a") }
      }`, { inputs: { base: server.url } });
    assertCompleted(run);
    assert.deepEqual(column(run, 'items', 'name'), ['a', 'b', 'c', 'd']);
    assert.equal(server.hits('/p1'), 1, 'the first page is not loaded twice');
    const warning = run.logs.find((l) => l.level === 'warn');
    assert.match(warning?.message ?? '', /Pagination stopped after 3 page\(s\): the "a\.next" link on .*\/p3#top points back to .*\/p1\?#again, which was already visited \(a loop\)/);
  });

  it('retries a listing that answers 500 twice and then scrapes it', async () => {
    server = await startTestServer({ '/list': failingThen(2, 500, listingPage(['x', 'y'])) });
    const run = await runAgent(`
      open "{base}/list"
      extract items each "li.item" { name: text("a"), price: text(".price") as number }`, { inputs: { base: server.url } });
    assertCompleted(run);
    assert.deepEqual(run.records.get('items'), [{ name: 'x', price: 1.5 }, { name: 'y', price: 1.5 }]);
    assert.equal(server.hits('/list'), 3);
  });

  it('fails the session with a clear message when the site keeps answering 500', async () => {
    server = await startTestServer({ '/list': failingThen(1000, 500, '') });
    const run = await runAgent(`
      log "starting"
      open "{base}/list"`, { inputs: { base: server.url } });
    assert.equal(run.summary.status, 'failed');
    assert.deepEqual(run.summary.failedStep, { kind: 'open', line: 5 });
    assert.match(run.summary.error ?? '', /GET http:\/\/127\.0\.0\.1:\d+\/list answered HTTP 500 after 3 attempts: the site has a server error.*\(step 'open' on line 5\)$/);
    assert.doesNotMatch(run.summary.error ?? '', /\n\s+at /, 'no stack trace');
    assert.equal(server.hits('/list'), 3);
  });

  it('fails on a page that never arrives (response timeout) and on redirect loops', async () => {
    server = await startTestServer({ '/slow': neverAnswer, '/a': redirectTo('/b'), '/b': redirectTo('/a') });
    const slow = await runAgent(`open "{base}/slow"`, { inputs: { base: server.url }, fetcherOptions: { responseTimeoutMs: 100, retries: 0 } });
    assert.equal(slow.summary.status, 'failed');
    assert.match(slow.summary.error ?? '', /did not arrive completely within 100 ms \(response timeout\)/);
    const loop = await runAgent(`open "{base}/a"`, { inputs: { base: server.url } });
    assert.equal(loop.summary.status, 'failed');
    assert.match(loop.summary.error ?? '', /redirects in a loop/);
  });

  it('still extracts from malformed HTML', async () => {
    server = await startTestServer({
      '/bad': (_q, res) => html(res, `<html><body><div class=product><h3>Unclosed <b>title</h3><p class="price">£7.10<div class=product><h3>Second &amp; last</h3 ><p class=price>£1,204.00</table></span>`),
    });
    const run = await runAgent(`
      open "{base}/bad"
      extract products each "div.product" { title: text("h3"), price: text(".price") as number }`, { inputs: { base: server.url } });
    assertCompleted(run);
    assert.deepEqual(column(run, 'products', 'title'), ['Unclosed title', 'Second & last']);
    assert.deepEqual(column(run, 'products', 'price').slice(-1), [1204]);
  });

  it('fails with the size limit on a huge page', async () => {
    server = await startTestServer({ '/huge': (_q, res) => html(res, `<p>${'lorem ipsum '.repeat(50_000)}</p>`) });
    const run = await runAgent(`open "{base}/huge"`, { inputs: { base: server.url }, fetcherOptions: { maxResponseBytes: 64 * 1024 } });
    assert.equal(run.summary.status, 'failed');
    assert.match(run.summary.error ?? '', /is larger than the limit of 65536 bytes per response \(maxResponseBytes\)/);
  });

  it('fails clearly when the site is not running', async () => {
    const port = await closedPort();
    const run = await runAgent(`open "http://127.0.0.1:${port}/index.html"`);
    assert.equal(run.summary.status, 'failed');
    assert.match(run.summary.error ?? '', new RegExp(`Could not connect to 127\\.0\\.0\\.1:${port}: the connection was refused.*gave up after 3 attempts`));
    assert.equal(run.summary.pages, 0);
  });

  it('skips a detail link that cannot be loaded, counts the error and visits the rest', async () => {
    server = await startTestServer({
      '/list': (_q, res) => html(res, listingPage(['one', 'gone', 'three'])),
      '/detail/one': (_q, res) => html(res, '<h1>One</h1>'),
      '/detail/three': (_q, res) => html(res, '<h1>Three</h1>'),
    });
    const run = await runAgent(`
      open "{base}/list"
      visit each "li.item a" { extract details { h1: text("h1") } }`, { inputs: { base: server.url } });
    assertCompleted(run);
    assert.deepEqual(column(run, 'details', 'h1'), ['One', 'Three']);
    assert.equal(run.summary.errors, 1);
    assert.equal(run.progress.errors, 1);
    const error = run.logs.find((l) => l.level === 'error');
    assert.match(error?.message ?? '', /skipped a link: GET .*\/detail\/gone answered HTTP 404: the page does not exist/);
  });

  it('ends as cancelled when the session is cancelled mid-page', async () => {
    server = await startTestServer({ '/slow': neverAnswer });
    const controller = new AbortController();
    const pending = runAgent(`open "{base}/slow"`, { inputs: { base: server.url }, signal: controller.signal, fetcherOptions: { responseTimeoutMs: 10_000 } });
    await server.requested('/slow');
    controller.abort();
    const run = await pending;
    assert.equal(run.summary.status, 'cancelled');
  });
});
