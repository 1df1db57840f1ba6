// Field expressions and typed conversions (what "£51.77" becomes, and why "n/a" cannot be a number),
// placeholders from inputs and the session ID, definition errors caught before any request, wait and log.
import { strict as assert } from 'node:assert';
import { convert, parseNumber } from '../../../runtime/src/interpreter/convert';
import { html, startTestServer, type TestServer } from '../fetcher/test-server';
import { assertCompleted, runAgent } from './run-agent';

describe('typed field conversion', function () {
  it('reads numbers the way sites print them', () => {
    const cases: Array<[string, number]> = [
      ['£51.77', 51.77], ['1,234', 1234], ['1,234.50 EUR', 1234.5], ['1.234,50 €', 1234.5], ['12,5', 12.5],
      ['In stock (22 available)', 22], ['-3.25', -3.25], ['\u22127', -7], ["CHF 1'299.90", 1299.9], ['1\u00a0299,90 €', 1299.9],
      ['1.234.567', 1234567], ['Price: $0.99', 0.99],
    ];
    for (const [text, n] of cases) assert.equal(parseNumber(text), n, text);
    assert.equal(parseNumber('n/a'), undefined);
  });

  it('says why a value is not a number, an integer, a boolean or a date', () => {
    assert.deepEqual(convert('n/a', 'number'), { ok: false, reason: 'it contains no digits' });
    assert.deepEqual(convert('', 'number'), { ok: false, reason: 'the text is empty' });
    assert.deepEqual(convert('£12.50', 'integer'), { ok: false, reason: '12.5 is not a whole number; use "as number" for decimals' });
    assert.match((convert('In stock', 'boolean') as { reason: string }).reason, /true\/false, yes\/no.*use exists\(SELECTOR\)/);
    assert.match((convert('04/05/2020', 'date') as { reason: string }).reason, /could be day\/month or month\/day/);
    assert.deepEqual(convert('31 February 2020', 'date'), { ok: false, reason: 'there is no such day in the calendar' });
    assert.deepEqual(convert(null, 'number'), { ok: true, value: null });
  });

  it('turns booleans and dates into stable values', () => {
    assert.deepEqual(['Yes', 'off', '1', true].map((v) => convert(v, 'boolean')), [true, false, true, true].map((value) => ({ ok: true, value })));
    const dates = ['2019-03-12', '12 March 2019', 'March 12, 2019', '12th Mar 2019', '13/03/2019', '03/13/2019'].map((d) => convert(d, 'date'));
    assert.deepEqual(dates.map((d) => d.ok && d.value), ['2019-03-12', '2019-03-12', '2019-03-12', '2019-03-12', '2019-03-13', '2019-03-13']);
    assert.deepEqual(convert('2019-03-12T10:30:00+01:00', 'date'), { ok: true, value: '2019-03-12T09:30:00.000Z' });
  });
});

describe('interpreter field expressions', function () {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      '/items': (_q, res) => html(res, `<base href="/shop/"><ul>
        <li class="p"><b class="name">Tea</b><i class="price">£3.20</i><i class="qty">12</i><i class="on">yes</i><img src="img/tea.png"><a href="tea.html" data-sku="T1">more</a></li>
        <li class="p"><b class="name">Cake</b><i class="price">n/a</i><i class="qty">2.5</i><i class="on">maybe</i><a href="../cake.html">more</a><em>new <u>today</u></em></li>
      </ul><p id="intro">  Hello
         <span>world</span>  </p><script>var x = "not text";</script>`),
      '/shop/travel/list': (_q, res) => html(res, '<h1>Travel list</h1>'),
    });
  });
  after(() => server.close());

  it('evaluates text, attr, html, url and exists, relative to each matched element and the <base>', async () => {
    const run = await runAgent(`
      open "{base}/items"
      extract items each "li.p" {
        name: text(".name"), sku: attr("a", "data-sku"), link: url("a"), image: url("img")
        em: html("em"), isNew: exists("em"), kind: "grocery", shop: input.shop, id: session.id
      }
      extract page { intro: text("#intro"), missing: text(".nothing-here") }`, { id: 's-42', inputs: { base: server.url, shop: 7 } });
    assertCompleted(run);
    assert.deepEqual(run.records.get('items'), [
      { name: 'Tea', sku: 'T1', link: `${server.url}/shop/tea.html`, image: `${server.url}/shop/img/tea.png`, em: null, isNew: false, kind: 'grocery', shop: 7, id: 's-42' },
      { name: 'Cake', sku: null, link: `${server.url}/cake.html`, image: null, em: 'new <u>today</u>', isNew: true, kind: 'grocery', shop: 7, id: 's-42' },
    ]);
    assert.deepEqual(run.records.get('page'), [{ intro: 'Hello world', missing: null }]);
  });

  it('stores a field it cannot convert as null, keeps the record, and logs which field, value, page and why', async () => {
    const run = await runAgent(`
      open "{base}/items"
      extract items each "li.p" { name: text(".name"), price: text(".price") as number, qty: text(".qty") as integer, on: text(".on") as boolean }`, { inputs: { base: server.url } });
    assertCompleted(run);
    assert.deepEqual(run.records.get('items'), [
      { name: 'Tea', price: 3.2, qty: 12, on: true },
      { name: 'Cake', price: null, qty: null, on: null },
    ]);
    assert.equal(run.summary.errors, 3);
    assert.equal(run.progress.errors, 3);
    const warnings = run.logs.filter((l) => l.level === 'warn').map((l) => l.message);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0], new RegExp(`^Field 'price' of dataset 'items' on ${server.url}/items: "n/a" cannot be read as a number because it contains no digits\\. The field is stored as null and the record is kept`));
    assert.match(warnings[1], /Field 'qty' .*"2\.5" cannot be read as an integer because 2\.5 is not a whole number/);
    assert.match(warnings[2], /Field 'on' .*"maybe" cannot be read as a boolean/);
  });

  it('fills placeholders from inputs and the session ID in URLs, selectors and log lines', async () => {
    const run = await runAgent(`
      open "{base}/{area}/{list}"
      extract titles { h1: text("{tag}") }
      log "Session {session} read {area} with {n} pages"`, { id: 'travel-1', inputs: { base: `${server.url}/shop`, area: 'travel', list: 'list', tag: 'h1', n: 3 } });
    assertCompleted(run);
    assert.deepEqual(run.records.get('titles'), [{ h1: 'Travel list' }]);
    assert.ok(run.logs.some((l) => l.level === 'info' && l.message === 'Session travel-1 read travel with 3 pages'));
  });

  it('rejects unknown placeholders, invalid selectors and bad bounds before fetching anything', async () => {
    const cases: Array<[string, RegExp]> = [
      [`open "{base}/{category}/index.html"`, /'\{category\}' is not an input of this session \(inputs: base\)\. Declare it in the agent's input block.*\(step 'open' on line 3\)/],
      [`open "{base}/items"\nextract x each "li.p" { n: text("b[") }`, /'b\[' is not a valid CSS selector.*\(step 'extract' on line 4\)/],
      [`open "{base}/items"\npaginate next "a" max 0 {\n  log "x"\n}`, /'max' must be a whole number ≥ 1/],
      [`open "{base}/items"\nextract x { n: bogus("li") }`, /'bogus\(…\)' is not a field function: use text, attr, html, url or exists/],
      [`open "{base}/items"\nextract x { n: attr("li") }`, /attr\(\) takes two strings: write attr\("SELECTOR", "NAME"\)/],
    ];
    for (const [steps, message] of cases) {
      const before = server.requests.length;
      const run = await runAgent(steps, { inputs: { base: server.url } });
      assert.equal(run.summary.status, 'failed', steps);
      assert.match(run.summary.error ?? '', message);
      assert.equal(server.requests.length, before, 'nothing was fetched');
    }
  });

  it('fails an extract with no page open, naming the fix', async () => {
    const run = await runAgent(`extract x { n: text("h1") }`);
    assert.match(run.summary.error ?? '', /No page is open yet: start the steps with 'open "URL"'/);
  });

  it('waits through the host, and a cancel during a wait ends the session as cancelled', async () => {
    const controller = new AbortController();
    const run = await runAgent(`
      open "{base}/items"
      wait 1h
      log "never"`, {
      inputs: { base: server.url },
      signal: controller.signal,
      onFrame: (frame) => {
        if (frame.step.kind === 'wait') setImmediate(() => controller.abort());
      },
    });
    assert.equal(run.summary.status, 'cancelled');
    assert.ok(!run.logs.some((l) => l.message === 'never'));
  });
});
