// The interpreter scraping the example site served on 127.0.0.1: whole categories with pagination and
// detail visits, compared value by value with what examples/site/generate.mjs generated; max bounds; file: URLs.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultSiteRoot, startSiteServer, type SiteServer } from '../../../runtime/src/node/site-server';
import { bookListingSteps } from '../../fixtures/book-listing';
import { assertCompleted, column, runAgent } from './run-agent';

interface Book {
  id: number;
  category: string;
  title: string;
  price: number;
  inStock: boolean;
  stock: number;
  upc: string;
  description: string;
  published: string;
  path: string;
}
interface Catalogue {
  categories: Array<{ slug: string; pages: string[]; books: number[] }>;
  books: Book[];
}

const root = defaultSiteRoot();
const catalogue = JSON.parse(readFileSync(join(root, 'catalogue.json'), 'utf8')) as Catalogue;
const booksOf = (category: string) => catalogue.books.filter((b) => b.category === category);

const SCRAPER = `
${bookListingSteps(
  ['session: session.id'],
  `      visit each "h3 a" max 20 {
        extract details {
          upc: text("table tr:nth-child(1) td")
          description: text("#product_description + p")
          stock: text("table tr:nth-child(6) td") as integer
          published: text("table tr:nth-child(7) td") as date
          title: text("h1")
        }
      }`,
)}`;

describe('interpreter on the example site', function () {
  let site: SiteServer;
  before(async () => {
    site = await startSiteServer({ port: 0 });
  });
  after(() => site.close());

  for (const category of ['travel', 'poetry', 'crime']) {
    it(`scrapes every ${category} book across all listing pages and visits every detail page`, async () => {
      const run = await runAgent(SCRAPER, { id: `${category}-1`, inputs: { baseUrl: site.url, category } });
      assertCompleted(run);
      const expected = booksOf(category);
      const pages = catalogue.categories.find((c) => c.slug === category)!.pages.length;
      assert.equal(run.summary.records, expected.length * 2);
      assert.deepEqual(run.summary.datasets, { books: expected.length, details: expected.length });
      assert.equal(run.summary.pages, pages + expected.length, 'one load per listing page and per detail page');
      assert.equal(run.summary.errors, 0);
      assert.deepEqual(run.records.get('books'), expected.map((b) => ({ title: b.title, price: b.price, inStock: b.inStock, link: site.url + b.path, session: `${category}-1` })));
      assert.deepEqual(run.records.get('details'), expected.map((b) => ({
        upc: b.upc,
        description: b.description,
        stock: b.stock,
        published: b.published,
        title: b.title,
      })));
      assert.deepEqual(run.progress, { pages: run.summary.pages, records: run.summary.records, errors: 0, currentUrl: site.url + catalogue.categories.find((c) => c.slug === category)!.pages.at(-1) });
    });
  }

  it('respects paginate max and visit max, and says where it stopped', async () => {
    const run = await runAgent(`
    open "{baseUrl}/catalogue/category/travel/index.html"
    paginate next "li.next a" max 2 {
      extract books each "article.product_pod" { title: attr("h3 a", "title") }
      visit each "h3 a" max 3 {
        extract details { upc: text("table tr:nth-child(1) td") }
      }
    }`, { inputs: { baseUrl: site.url } });
    assertCompleted(run);
    const travel = booksOf('travel');
    assert.deepEqual(column(run, 'books', 'title'), travel.slice(0, 40).map((b) => b.title));
    assert.deepEqual(column(run, 'details', 'upc'), [...travel.slice(0, 3), ...travel.slice(20, 23)].map((b) => b.upc));
    assert.equal(run.summary.pages, 2 + 6);
    assert.ok(run.logs.some((l) => /stopped at its bound of 2 page\(s\).*page-3\.html/.test(l.message)), 'the log says pagination hit its max');
    assert.ok(run.logs.some((l) => /visiting 3 of 20 links/.test(l.message)), 'the log says the visit was bounded');
  });

  it('comes back from each visit so later steps see the listing page', async () => {
    const run = await runAgent(`
    open "{baseUrl}/catalogue/category/crime/index.html"
    visit each "h3 a" max 2 {
      extract inside { h1: text("h1") }
    }
    extract after { h1: text(".page-header h1"), url: url("li.next a") }`, { inputs: { baseUrl: site.url } });
    assertCompleted(run);
    assert.deepEqual(run.records.get('after'), [{ h1: 'Crime', url: `${site.url}/catalogue/category/crime/page-2.html` }]);
    assert.equal(run.summary.finalUrl, `${site.url}/catalogue/category/crime/index.html`);
  });

  it('scrapes the same site from file: URLs, relative links included', async () => {
    const start = pathToFileURL(join(root, 'catalogue/category/crime/index.html')).href;
    const run = await runAgent(`
    open "{start}"
    paginate next "li.next a" max 10 {
      extract books each "article.product_pod" { title: attr("h3 a", "title"), price: text(".price_color") as number }
      visit each "h3 a" max 1 { extract details { upc: text("table tr:nth-child(1) td") } }
    }`, { inputs: { start } });
    assertCompleted(run);
    const crime = booksOf('crime');
    assert.deepEqual(run.records.get('books'), crime.map((b) => ({ title: b.title, price: b.price })));
    assert.deepEqual(column(run, 'details', 'upc'), [crime[0].upc, crime[20].upc]);
  });

  it('reports progress and debugger frames with the paginate and visit stack', async () => {
    const run = await runAgent(`
    open "{baseUrl}/catalogue/category/poetry/index.html"
    paginate next "li.next a" max 2 {
      visit each "h3 a" max 2 {
        extract details { upc: text("table tr:nth-child(1) td") }
      }
    }`, { inputs: { baseUrl: site.url } });
    assertCompleted(run);
    const extracts = run.frames.filter((f) => f.step.kind === 'extract');
    assert.deepEqual(extracts.map((f) => f.stack.map((s) => `${s.step.kind}#${s.iteration}`)), [
      ['paginate#0', 'visit#0'], ['paginate#0', 'visit#1'], ['paginate#1', 'visit#0'], ['paginate#1', 'visit#1'],
    ]);
    assert.match(extracts[0].pageUrl ?? '', /\/catalogue\/[a-z-]+_\d+\/index\.html$/);
    assert.equal(extracts[1].record?.upc, booksOf('poetry')[0].upc, 'the frame shows the last extracted record');
  });
});
