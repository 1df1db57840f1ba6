// Forms in the session's browser: signing in to the example site with login.user/login.password and its
// cookie, cookie isolation between sessions, how requests are built from forms, and secrets never shown.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSiteRoot, startSiteServer, type SiteServer } from '../../../runtime/src/node/site-server';
import { html, startTestServer, type TestServer } from '../fetcher/test-server';
import { assertCompleted, column, runAgent } from './run-agent';
import { evaluateForDebugger } from '../../../runtime/src/debug/expression-eval';

const { login: demo, orders } = JSON.parse(readFileSync(join(defaultSiteRoot(), 'catalogue.json'), 'utf8')) as { login: { username: string; password: string }; orders: number };

const SIGN_IN = `
    open "{baseUrl}/login.html"
    fill "#username" with login.user
    fill "#password" with login.password
    submit "form#login"
    extract account { user: text(".welcome .user"), page: url("a[href='/logout']") }
    extract orders each "table#orders tr:has(td)" { order: text(".order"), total: text(".total") as number }`;

describe('interpreter forms and sign-in', function () {
  let site: SiteServer;
  before(async () => {
    site = await startSiteServer();
  });
  after(() => site.close());

  it('signs in to the example site with the bot login and scrapes the account page', async () => {
    const run = await runAgent(SIGN_IN, { inputs: { baseUrl: site.url }, login: { user: demo.username, password: demo.password } });
    assertCompleted(run);
    assert.equal(run.summary.finalUrl, `${site.url}/account/orders.html`);
    assert.deepEqual(run.records.get('account'), [{ user: 'demo', page: `${site.url}/logout` }]);
    assert.equal(run.records.get('orders')?.length, orders);
    assert.ok(column(run, 'orders', 'total').every((t) => typeof t === 'number' && t > 0));
  });

  it('never lets the password reach logs, records, progress, frames or the summary', async () => {
    const run = await runAgent(SIGN_IN, { inputs: { baseUrl: site.url }, login: { user: demo.username, password: demo.password } });
    assertCompleted(run);
    assert.ok(run.logs.some((l) => l.message === 'Filled "#password" with ***.'), 'the log says the password was filled, as ***');
    assert.ok(run.logs.some((l) => l.message === 'Filled "#username" with "demo".'));
    assert.ok(!run.everything.includes(demo.password), 'the password appears nowhere the host was given');
    assert.ok(!run.everything.includes(encodeURIComponent(demo.password)));
  });

  it('keeps each session\'s cookie to itself: a parallel session without sign-in is sent to the login page', async () => {
    const [signedIn, anonymous] = await Promise.all([
      runAgent(SIGN_IN, { id: 'a', inputs: { baseUrl: site.url }, login: { user: demo.username, password: demo.password } }),
      runAgent(`
        open "{baseUrl}/account/orders.html"
        extract seen { loginForm: exists("form#login"), orders: exists("table#orders") }`, { id: 'b', inputs: { baseUrl: site.url } }),
    ]);
    assertCompleted(signedIn);
    assertCompleted(anonymous);
    assert.match(anonymous.summary.finalUrl ?? '', /\/login\.html\?next=/);
    assert.deepEqual(anonymous.records.get('seen'), [{ loginForm: true, orders: false }]);
  });

  it('lands back on the login page with a wrong password, and the log still hides it', async () => {
    const run = await runAgent(SIGN_IN, { inputs: { baseUrl: site.url }, login: { user: 'demo', password: 'not-the-password' } });
    assertCompleted(run);
    assert.equal(run.summary.finalUrl, `${site.url}/login.html?error=credentials`);
    assert.ok(!run.everything.includes('not-the-password'));
  });

  it('refuses before any request to store the password in a field, or to run without login data', async () => {
    const stored = await runAgent(`
      open "{baseUrl}/login.html"
      extract leak { pw: login.password }`, { inputs: { baseUrl: site.url }, login: { user: 'demo', password: 'secret-1' } });
    assert.equal(stored.summary.status, 'failed');
    assert.match(stored.summary.error ?? '', /Field 'pw' reads login\.password\. The bot's password is a secret.*\(step 'extract' on line 5\)/);
    assert.equal(stored.summary.pages, 0);
    const missing = await runAgent(`
      open "{baseUrl}/login.html"
      fill "#password" with login.password`, { inputs: { baseUrl: site.url } });
    assert.equal(missing.summary.status, 'failed');
    assert.match(missing.summary.error ?? '', /'login\.password' is not set for this session\. Give the run configuration a login block/);
    assert.equal(missing.summary.pages, 0);
  });
});

describe('interpreter form requests', function () {
  let server: TestServer;
  const FORM = `<html><body>
    <form id="profile" action="/save" method="post">
      <input type="hidden" name="token" value="t-1">
      <input name="nick" value="old">
      <input name="off" value="x" disabled>
      <select name="country"><option value="fr">France</option><option value="uk" selected>United Kingdom</option><option value="de">Germany</option></select>
      <textarea name="bio">Hello</textarea>
      <input type="checkbox" name="news" value="yes" checked>
      <input type="checkbox" name="terms">
      <input type="radio" name="size" value="s" checked><input type="radio" id="large" name="size" value="l">
      <button type="submit" name="go" value="draft">Draft</button>
      <button type="submit" id="publish" name="go" value="publish">Publish</button>
    </form>
    <form id="search" action="/find"><input name="q"><input type="submit" value="Search"></form>
    <form id="leaky" action="/missing"><input name="q"></form>
    <a id="help" href="/help?x=1">Help</a><div id="plain">Not clickable</div>
  </body></html>`;
  before(async () => {
    server = await startTestServer({
      '/form': (_q, res) => html(res, FORM),
      '/save': (req, res, body) => html(res, `<pre id="echo">${req.method} ${body}</pre>`),
      '/find': (req, res) => html(res, `<pre id="echo">${req.method} ${req.url}</pre>`),
      '/help': (req, res) => html(res, `<pre id="echo">${req.method} ${req.url} ${req.headers.referer}</pre>`),
    });
  });
  after(() => server.close());

  const echo = async (steps: string, secret?: string) => {
    const run = await runAgent(`open "{base}/form"\n${steps}\nextract echo { text: text("#echo") }`, { inputs: { base: server.url }, login: { user: 'u', password: secret } });
    assertCompleted(run);
    return column(run, 'echo', 'text')[0];
  };

  it('posts every control a browser would, with hidden inputs, filled values and the pressed button', async () => {
    const sent = await echo(`
      fill "input[name=nick]" with "Zoë & co"
      fill "select[name=country]" with "Germany"
      fill "textarea" with input.base
      fill "input[name=news]" with false
      fill "input[name=terms]" with "yes"
      fill "#large" with true
      click "#publish"`);
    const expected = new URLSearchParams([['token', 't-1'], ['nick', 'Zoë & co'], ['country', 'de'], ['bio', server.url], ['terms', 'on'], ['size', 'l'], ['go', 'publish']]);
    assert.equal(sent, `POST ${expected.toString()}`);
  });

  it('submits a form with its defaults, and GET forms put the values in the query', async () => {
    assert.equal(await echo(`submit "form#profile"`), 'POST token=t-1&nick=old&country=uk&bio=Hello&news=yes&size=s');
    assert.equal(await echo(`fill "#search input[name=q]" with "{session} books"\nsubmit "#search input[name=q]"`), 'GET /find?q=test-session+books');
  });

  it('follows links on click, sending the page as referer', async () => {
    assert.equal(await echo(`click "#help"`), `GET /help?x=1 ${server.url}/form`);
  });

  it('redacts the password even where a form puts it into a URL or an error', async () => {
    const shown: string[] = [];
    const run = await runAgent(`
      open "{base}/form"
      fill "#search input[name=q]" with login.password
      submit "form#search"
      open "{base}/form"
      fill "#leaky input" with login.password
      submit "form#leaky"`, {
      inputs: { base: server.url },
      login: { user: 'u', password: 'p@ss w&rd' },
      onFrame: (frame, scope) => {
        if (!frame.pageUrl?.includes('/find')) return;
        const seen = evaluateForDebugger('#echo', { session: scope.session, page: scope.page, redact: scope.redact });
        if (seen.kind === 'matches') shown.push(...seen.matches.map((m) => m.text));
      },
    });
    assert.deepEqual(shown, ['GET /find?q=***'], 'a debugger evaluating selectors sees the page with the password redacted');
    assert.equal(run.summary.status, 'failed');
    assert.match(run.summary.error ?? '', /GET http:\/\/127\.0\.0\.1:\d+\/missing\?q=\*\*\* answered HTTP 404/);
    assert.ok(run.logs.some((l) => /Submitted "form#search": GET .*\/find\?q=\*\*\* → /.test(l.message)));
    assert.ok(!run.everything.includes('p@ss'), `leaked: ${run.everything}`);
    assert.ok(!run.everything.includes('p%40ss'), `leaked: ${run.everything}`);
  });

  it('explains what cannot be clicked or filled, with the step and line', async () => {
    const plain = await runAgent(`open "{base}/form"\nclick "#plain"`, { inputs: { base: server.url } });
    assert.match(plain.summary.error ?? '', /<div id="plain"> is neither a link nor a submit button \(the simulated browser runs no JavaScript\).*\(step 'click' on line 4\)/);
    const missing = await runAgent(`open "{base}/form"\nfill "#nope" with "x"`, { inputs: { base: server.url } });
    assert.match(missing.summary.error ?? '', /No form field matches "#nope" on http:\/\/127\.0\.0\.1:\d+\/form/);
    const option = await runAgent(`open "{base}/form"\nfill "select" with "Mars"`, { inputs: { base: server.url } });
    assert.match(option.summary.error ?? '', /<select name="country"> has no option "Mars"; its options are "fr", "uk", "de"/);
  });
});
