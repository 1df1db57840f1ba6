// file: URLs through the session fetcher, and the example site server: static pages, 404s, no path
// traversal, the sign-in flow with its cookie, the account guard, and a clear error when the port is taken.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as net from 'node:net';
import { FetchError } from '../../../runtime/src/interpreter/errors';
import { HttpFetcher } from '../../../runtime/src/node/http-fetcher';
import { startSiteServer, type SiteServer } from '../../../runtime/src/node/site-server';

const never = new AbortController().signal;

describe('file: URLs', function () {
  let dir: string;
  const fetcher = new HttpFetcher({ maxResponseBytes: 1000 });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rpa-file-pages-'));
    mkdirSync(join(dir, 'shop'));
    writeFileSync(join(dir, 'shop', 'index.html'), '<h1>Shop</h1>');
    writeFileSync(join(dir, 'latin1.html'), Buffer.from('<meta charset="iso-8859-1"><p>\xa31.50</p>', 'latin1'));
    writeFileSync(join(dir, 'big.html'), 'z'.repeat(5000));
  });
  after(() => {
    fetcher.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const url = (rel: string) => pathToFileURL(join(dir, rel)).href;

  it('reads local pages, directory index pages and <meta charset>', async () => {
    const shop = await fetcher.fetch({ url: url('shop'), method: 'GET' }, never);
    assert.equal(shop.status, 200);
    assert.equal(shop.body, '<h1>Shop</h1>');
    assert.match((await fetcher.fetch({ url: url('latin1.html'), method: 'GET' }, never)).body, /<p>£1\.50<\/p>/);
  });

  it('explains missing files, files over the size limit and forms posted to files', async () => {
    await assert.rejects(fetcher.fetch({ url: url('nope.html'), method: 'GET' }, never), (e: FetchError) => e.failure === 'file-not-found' && /nope\.html does not exist/.test(e.message));
    await assert.rejects(fetcher.fetch({ url: url('big.html'), method: 'GET' }, never), (e: FetchError) => e.failure === 'too-large' && /5000 bytes/.test(e.message));
    await assert.rejects(fetcher.fetch({ url: url('shop/index.html'), method: 'POST', body: 'a=1' }, never), (e: FetchError) => /cannot be posted to a file: URL/.test(e.message));
  });
});

describe('example site server', function () {
  let site: SiteServer;
  let fetcher: HttpFetcher;
  before(async () => {
    site = await startSiteServer({ port: 0 });
  });
  after(() => site.close());
  beforeEach(() => {
    fetcher = new HttpFetcher({ retries: 0 });
  });
  afterEach(() => fetcher.close());

  const get = (path: string) => fetcher.fetch({ url: site.url + path, method: 'GET' }, never);
  const signIn = (fields: Record<string, string>) =>
    fetcher.fetch({ url: site.url + '/login', method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }, never);

  it('serves pages on 127.0.0.1 with their content types, and 404s for anything else', async () => {
    assert.match(site.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const home = await get('/');
    assert.equal(home.status, 200);
    assert.match(home.headers['content-type'], /^text\/html; charset=utf-8/);
    assert.match(home.body, /<h1>All categories<\/h1>/);
    assert.equal((await get('/static/site.css')).headers['content-type'], 'text/css; charset=utf-8');
    assert.equal((await get('/catalogue/category/travel/page-9.html')).status, 404);
    assert.equal((await get('/..%2f..%2fpackage.json')).status, 404, 'no path traversal out of the site');
  });

  it('signs in with the demo credentials and the csrf token, then shows the account page', async () => {
    const login = await get('/login.html');
    const csrf = /name="csrf" value="([^"]+)"/.exec(login.body)![1];
    const res = await signIn({ csrf, username: 'demo', password: 'scrape-me-2024' });
    assert.equal(res.url, site.url + '/account/orders.html');
    assert.match(res.body, /Signed in as <span class="user">demo<\/span>/);
    assert.equal((await get('/account/orders.html')).url, site.url + '/account/orders.html', 'the cookie keeps the customer signed in');
    await get('/logout');
    assert.equal((await get('/account/orders.html')).url, site.url + '/login.html?next=%2Faccount%2Forders.html');
  });

  it('refuses a wrong password or a missing csrf token, and guards /account without the cookie', async () => {
    const csrf = /name="csrf" value="([^"]+)"/.exec((await get('/login.html')).body)![1];
    assert.equal((await signIn({ csrf, username: 'demo', password: 'wrong' })).url, site.url + '/login.html?error=credentials');
    assert.equal((await signIn({ username: 'demo', password: 'scrape-me-2024' })).url, site.url + '/login.html?error=csrf');
    assert.equal((await get('/account/orders.html')).url, site.url + '/login.html?next=%2Faccount%2Forders.html');
  });

  it('says clearly when its port is already taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await assert.rejects(startSiteServer({ port }), new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*0 for any free port`));
    } finally {
      await new Promise<void>((ok) => blocker.close(() => ok()));
    }
  });
});
