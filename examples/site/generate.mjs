// Generates the example book catalogue (a small books.toscrape.com look-alike) into examples/site.
// Deterministic (seeded PRNG): run `node examples/site/generate.mjs` and the committed output is reproduced.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));
const PER_PAGE = 20;
const CATEGORIES = [
  { slug: 'travel', name: 'Travel', count: 45 },
  { slug: 'poetry', name: 'Poetry', count: 41 },
  { slug: 'crime', name: 'Crime', count: 27 },
];
const LOGIN = { username: 'demo', password: 'scrape-me-2024' };
const RATINGS = ['One', 'Two', 'Three', 'Four', 'Five'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const WORDS = {
  travel: { a: ['Lonely', 'Northern', 'Hidden', 'Slow', 'Wild', 'Blue', 'Last', 'Café'], b: ['Roads', 'Islands', 'Rivers', 'Trains', 'Valleys', 'Coasts', 'Cities', 'Passes'], c: ['of Patagonia', 'to Kyoto', 'across Iceland', 'in Provence', 'of the Andes', '& Beyond'] },
  poetry: { a: ['Quiet', 'Salt', 'Broken', 'Paper', 'Winter', 'Golden', 'Little', 'Naïve'], b: ['Songs', 'Hours', 'Lanterns', 'Letters', 'Gardens', 'Elegies', 'Tides', 'Sonnets'], c: ['for Nobody', 'at Dusk', '"Unsent"', 'of the Moor', '& Other Poems', 'in Blue'] },
  crime: { a: ['Silent', 'Cold', 'Crooked', 'Midnight', 'Dead', 'Red', 'Velvet', 'Frozen'], b: ['Witness', 'Alibi', 'Ledger', 'Harbour', 'Verdict', 'Motive', 'Inquest', 'Cipher'], c: ['in Soho', 'at Dawn', 'on Platform 9', '& the Detective', 'of Lyon', 'Unsolved'] },
};
const SENTENCES = [
  'A story told with patience and a sharp eye for detail.',
  'Readers return to it for its warmth and its unexpected turns.',
  'Part memoir, part field guide, it rewards a slow reading.',
  'The author writes with humour about places few visit.',
  'Every chapter ends somewhere you did not expect.',
  'Short, vivid and impossible to put down.',
  'It asks more questions than it answers, and that is the point.',
];

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20240917);
const pick = (list) => list[Math.floor(rand() * list.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
/** n different items of list (a partial Fisher–Yates shuffle). */
function distinct(list, n) {
  const a = [...list];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}
const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const slugify = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const truncate = (s) => (s.length > 22 ? s.slice(0, 20) + '...' : s);

function makeBooks() {
  const books = [];
  let id = 1;
  for (const cat of CATEGORIES) {
    const used = new Set();
    for (let i = 0; i < cat.count; i++) {
      const w = WORDS[cat.slug];
      let title;
      do title = `${pick(w.a)} ${pick(w.b)} ${pick(w.c)}`;
      while (used.has(title));
      used.add(title);
      const pence = int(1000, 5999);
      const inStock = rand() > 0.12;
      const day = int(1, 28);
      const month = int(0, 11);
      const year = int(1995, 2023);
      books.push({
        id,
        category: cat.slug,
        title,
        slug: `${slugify(title)}_${id}`,
        price: pence / 100,
        priceText: `£${(pence / 100).toFixed(2)}`,
        inStock,
        stock: inStock ? int(1, 22) : 0,
        rating: pick(RATINGS),
        upc: hex(16),
        published: `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        publishedText: `${day} ${MONTHS[month]} ${year}`,
        description: distinct(SENTENCES, int(2, 3)).join(' '),
      });
      id++;
    }
  }
  return books;
}

function layout(depth, title, body) {
  const up = '../'.repeat(depth);
  return `<!DOCTYPE html>
<html lang="en-gb">
<head>
<meta charset="utf-8">
<title>${esc(title)} | Books to Scrape - Sandbox</title>
<link rel="stylesheet" href="${up}static/site.css">
</head>
<body>
<header class="header"><a href="${up}index.html">Books to Scrape</a> <span class="tagline">We love being scraped!</span> <a class="login" href="${up}login.html">Sign in</a></header>
<div class="page">
${body}
</div>
<footer>Example site for RPA Sessions: static pages served on 127.0.0.1.</footer>
</body>
</html>
`;
}

function nav(depth, current) {
  const up = '../'.repeat(depth);
  const items = CATEGORIES.map((c) => `<li${c.slug === current ? ' class="active"' : ''}><a href="${up}catalogue/category/${c.slug}/index.html">${c.name}</a></li>`);
  return `<aside><ul class="nav-list">\n${items.join('\n')}\n</ul></aside>`;
}

function productPod(b) {
  const href = `../../${b.slug}/index.html`;
  const availability = b.inStock
    ? '<p class="instock availability"><i class="icon-ok"></i> In stock</p>'
    : '<p class="outofstock availability"><i class="icon-remove"></i> Out of stock</p>';
  return `<li class="col"><article class="product_pod">
<div class="image_container"><a href="${href}"><img src="../../../media/cover.svg" alt="${esc(b.title)}" class="thumbnail"></a></div>
<p class="star-rating ${b.rating}"><i class="icon-star"></i></p>
<h3><a href="${href}" title="${esc(b.title)}">${esc(truncate(b.title))}</a></h3>
<div class="product_price"><p class="price_color">${b.priceText}</p>
${availability}
<form><button type="submit" class="btn">Add to basket</button></form></div>
</article></li>`;
}

function listingPages(cat, books) {
  const pages = [];
  const count = Math.ceil(books.length / PER_PAGE);
  for (let p = 1; p <= count; p++) {
    const slice = books.slice((p - 1) * PER_PAGE, p * PER_PAGE);
    const file = p === 1 ? 'index.html' : `page-${p}.html`;
    const prev = p === 2 ? 'index.html' : `page-${p - 1}.html`;
    const pager = [
      p > 1 ? `<li class="previous"><a href="${prev}">previous</a></li>` : '',
      `<li class="current">Page ${p} of ${count}</li>`,
      p < count ? `<li class="next"><a href="page-${p + 1}.html">next</a></li>` : '',
    ].filter(Boolean).join('\n');
    const body = `<ul class="breadcrumb"><li><a href="../../../index.html">Home</a></li><li class="active">${cat.name}</li></ul>
${nav(3, cat.slug)}
<section>
<div class="page-header"><h1>${cat.name}</h1></div>
<p class="results"><strong>${books.length}</strong> results - showing <strong>${(p - 1) * PER_PAGE + 1}</strong> to <strong>${(p - 1) * PER_PAGE + slice.length}</strong>.</p>
<ol class="row">
${slice.map(productPod).join('\n')}
</ol>
<ul class="pager">
${pager}
</ul>
</section>`;
    pages.push({ file, html: layout(3, p === 1 ? cat.name : `${cat.name} - Page ${p}`, body) });
  }
  return pages;
}

function detailPage(b, cat) {
  const availability = b.inStock ? `In stock (${b.stock} available)` : 'Out of stock (0 available)';
  const rows = [
    ['UPC', b.upc], ['Product Type', 'Books'], ['Price (excl. tax)', b.priceText], ['Price (incl. tax)', b.priceText],
    ['Tax', '£0.00'], ['Availability', availability], ['Published', b.publishedText], ['Number of reviews', '0'],
  ];
  const body = `<ul class="breadcrumb"><li><a href="../../index.html">Home</a></li><li><a href="../category/${cat.slug}/index.html">${cat.name}</a></li><li class="active">${esc(b.title)}</li></ul>
<article class="product_page">
<div class="product_main"><h1>${esc(b.title)}</h1>
<p class="price_color">${b.priceText}</p>
<p class="${b.inStock ? 'instock' : 'outofstock'} availability">${availability}</p>
<p class="star-rating ${b.rating}"><i class="icon-star"></i></p></div>
<div id="product_description" class="sub-header"><h2>Product Description</h2></div>
<p>${esc(b.description)}</p>
<div class="sub-header"><h2>Product Information</h2></div>
<table class="table table-striped">
${rows.map(([k, v]) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`).join('\n')}
</table>
</article>`;
  return layout(2, b.title, body);
}

function homePage() {
  const items = CATEGORIES.map((c) => `<li><a href="catalogue/category/${c.slug}/index.html">${c.name}</a> <span class="count">${c.count}</span></li>`);
  const body = `${nav(0, '')}
<section>
<div class="page-header"><h1>All categories</h1></div>
<ul class="categories">
${items.join('\n')}
</ul>
<p>Customers can <a href="login.html">sign in</a> to see their orders.</p>
</section>`;
  return layout(0, 'All products', body);
}

function loginPage(csrf) {
  const body = `<section>
<div class="page-header"><h1>Sign in</h1></div>
<form id="login" action="/login" method="post">
<input type="hidden" name="csrf" value="${csrf}">
<label>Username <input type="text" id="username" name="username" autocomplete="username"></label>
<label>Password <input type="password" id="password" name="password" autocomplete="current-password"></label>
<label><input type="checkbox" name="remember" value="yes"> Remember me</label>
<button type="submit" name="action" value="sign-in">Sign in</button>
</form>
</section>`;
  return layout(0, 'Sign in', body);
}

function ordersPage(books) {
  const rows = books.filter((b) => b.id % 17 === 0).map((b, i) => `<tr><td class="order">ORD-${1001 + i}</td><td class="title">${esc(b.title)}</td><td class="total">${b.priceText}</td></tr>`);
  const body = `<section>
<div class="page-header"><h1>Your orders</h1></div>
<p class="welcome">Signed in as <span class="user">{{user}}</span>. <a href="/logout">Sign out</a></p>
<table id="orders">
<tr><th>Order</th><th>Title</th><th>Total</th></tr>
${rows.join('\n')}
</table>
</section>`;
  return { html: layout(1, 'Your orders', body), orders: rows.length };
}

function write(rel, text) {
  const path = join(ROOT, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

for (const generated of ['catalogue', 'account', 'static', 'media']) rmSync(join(ROOT, generated), { recursive: true, force: true });
const books = makeBooks();
const csrf = `csrf-${hex(24)}`;
const catalogue = { login: { ...LOGIN, csrf }, categories: [], books: [] };
for (const cat of CATEGORIES) {
  const own = books.filter((b) => b.category === cat.slug);
  const pages = listingPages(cat, own);
  for (const p of pages) write(`catalogue/category/${cat.slug}/${p.file}`, p.html);
  for (const b of own) write(`catalogue/${b.slug}/index.html`, detailPage(b, cat));
  catalogue.categories.push({ slug: cat.slug, name: cat.name, pages: pages.map((p) => `/catalogue/category/${cat.slug}/${p.file}`), books: own.map((b) => b.id) });
}
for (const b of books) {
  const { slug, ...rest } = b;
  catalogue.books.push({ ...rest, path: `/catalogue/${slug}/index.html` });
}
const orders = ordersPage(books);
catalogue.orders = orders.orders;
write('index.html', homePage());
write('login.html', loginPage(csrf));
write('account/orders.html', orders.html);
write('static/site.css', 'body{font-family:sans-serif;margin:0 2em}.product_pod{border:1px solid #ddd;padding:.5em}.price_color{color:#2a7}.outofstock{color:#b33}\n');
write('media/cover.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="90"><rect width="60" height="90" fill="#8ab"/></svg>\n');
// One line per book keeps the manifest small and its diffs readable.
const lines = (items) => items.map((x) => '  ' + JSON.stringify(x)).join(',\n');
write('catalogue.json', `{"login": ${JSON.stringify(catalogue.login)}, "orders": ${catalogue.orders},\n"categories": [\n${lines(catalogue.categories)}\n],\n"books": [\n${lines(catalogue.books)}\n]}\n`);

const size = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? size(join(dir, e.name)) : 1), 0);
console.log(`examples/site: ${books.length} books in ${CATEGORIES.length} categories, ${size(ROOT)} files`);
