// What a session may reach: pages loaded over http(s) never lead to local files (links, visits, forms,
// pagination), the agent's own `open` may name one, and `allowHosts` is checked before every connection.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { html, redirectTo, startTestServer, type TestServer } from '../fetcher/test-server';
import { assertCompleted, column, runAgent } from './run-agent';

const SECRET_FILE_TEXT = 'root:x:0:0:local secret line';

describe('interpreter: what a session may reach', function () {
  let server: TestServer;
  let dir: string;
  let secretUrl: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rpa-reach-'));
    writeFileSync(join(dir, 'passwd.html'), `<html><body><h1>${SECRET_FILE_TEXT}</h1><p class="d">${SECRET_FILE_TEXT}</p></body></html>`);
    writeFileSync(join(dir, 'local.html'), `<html><body><a class="l" href="passwd.html">next</a></body></html>`);
    secretUrl = pathToFileURL(join(dir, 'passwd.html')).href;
  });
  afterEach(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('skips a file: link found on an http page in visit each, and never reads the file', async () => {
    server = await startTestServer({
      '/list': (_q, res) => html(res, `<ul><li><a href="/ok">ok</a></li><li><a href="${secretUrl}">evil</a></li></ul>`),
      '/ok': (_q, res) => html(res, '<h1>fine</h1>'),
    });
    const run = await runAgent(`
      open "{base}/list"
      visit each "li a" {
        extract pages { title: text("h1") }
      }`, { inputs: { base: server.url } });
    assertCompleted(run);
    assert.deepEqual(column(run, 'pages', 'title'), ['fine']);
    assert.ok(!run.everything.includes(SECRET_FILE_TEXT), 'the local file content reaches nothing');
    const refused = run.logs.find((l) => l.level === 'error');
    assert.match(refused?.message ?? '', /links to the local file file:\/\/.*passwd\.html, which the session refused to open: a page loaded over http\(s\) leads only to http\(s\) URLs/);
    assert.equal(run.progress.errors, 1);
  });

  it('fails a session whose pagination or click leads from an http page to a file', async () => {
    server = await startTestServer({ '/p1': (_q, res) => html(res, `<p class="x">one</p><a class="next" href="${secretUrl}">next</a>`) });
    const paginated = await runAgent(`
      open "{base}/p1"
      paginate next "a.next" max 5 {
        extract rows { x: text("p") }
      }`, { inputs: { base: server.url } });
    assert.equal(paginated.summary.status, 'failed');
    assert.match(paginated.summary.error ?? '', /which the session refused to open.*\(step 'paginate' on line \d+\)/);
    assert.ok(!paginated.everything.includes(SECRET_FILE_TEXT));

    const clicked = await runAgent(`
      open "{base}/p1"
      click "a.next"`, { inputs: { base: server.url } });
    assert.equal(clicked.summary.status, 'failed');
    assert.match(clicked.summary.error ?? '', /refused to open/);
    assert.ok(!clicked.everything.includes(SECRET_FILE_TEXT));
  });

  it('refuses a form whose action is a file: URL on an http page', async () => {
    server = await startTestServer({ '/form': (_q, res) => html(res, `<form id="f" action="${secretUrl}"><input name="q" value="1"></form>`) });
    const run = await runAgent(`
      open "{base}/form"
      submit "form#f"`, { inputs: { base: server.url } });
    assert.equal(run.summary.status, 'failed');
    assert.match(run.summary.error ?? '', /refused to open/);
    assert.ok(!run.everything.includes(SECRET_FILE_TEXT));
  });

  it("still opens a file: URL the agent's own open step names, and follows links between local files", async () => {
    const run = await runAgent(`
      open "{start}"
      visit each "a.l" {
        extract pages { text: text("p.d") }
      }`, { inputs: { start: pathToFileURL(join(dir, 'local.html')).href } });
    assertCompleted(run);
    assert.deepEqual(column(run, 'pages', 'text'), [SECRET_FILE_TEXT]);
  });

  it('connects only to the hosts of allowHosts, redirects included, and says how to allow more', async () => {
    server = await startTestServer({
      '/start': (_q, res) => html(res, '<h1>allowed</h1>'),
      '/away': redirectTo('/elsewhere'),
    });
    const port = new URL(server.url).port;
    const localhostUrl = `http://localhost:${port}`;
    server.requests.length = 0;
    // The same server under another host name: refused before any connection is made.
    const other = await runAgent(`open "{base}/start"`, { inputs: { base: localhostUrl }, fetcherOptions: { allowHosts: ['127.0.0.1'] } });
    assert.equal(other.summary.status, 'failed');
    assert.match(other.summary.error ?? '', /is on the host localhost:\d+, which the agent's allowHosts \("127\.0\.0\.1"\) does not list, so the session did not connect\. Add the host to allowHosts/);
    assert.equal(server.requests.length, 0, 'nothing was sent');

    const allowed = await runAgent(`
      open "{base}/start"
      extract t { h: text("h1") }`, { inputs: { base: server.url }, fetcherOptions: { allowHosts: [`127.0.0.1:${port}`] } });
    assertCompleted(allowed);

    const wrongPort = await runAgent(`open "{base}/start"`, { inputs: { base: server.url }, fetcherOptions: { allowHosts: ['127.0.0.1:1'] } });
    assert.equal(wrongPort.summary.status, 'failed');

    // A redirect to a host that is not listed stops before following it.
    const redirect = await startTestServer({ '/go': (_q, res) => { res.writeHead(302, { location: `${localhostUrl}/start` }); res.end(); } });
    try {
      const before = server.hits('/start');
      const run = await runAgent(`open "{base}/go"`, { inputs: { base: redirect.url }, fetcherOptions: { allowHosts: ['127.0.0.1'] } });
      assert.equal(run.summary.status, 'failed');
      assert.match(run.summary.error ?? '', /\(redirected from http:\/\/127\.0\.0\.1:\d+\/go\) is on the host localhost/);
      assert.equal(server.hits('/start'), before, 'the redirect target was never requested');
    } finally {
      await redirect.close();
    }
  });
});
