// The runtime benchmark's site: N listing pages × M items served on 127.0.0.1 from its own worker
// thread (like a remote site, it does not compete with the engine's main thread for the event loop).
import { Worker } from 'node:worker_threads';

export interface ListingSite {
  url: string;
  pages: number;
  perPage: number;
  close(): Promise<void>;
}

/**
 * The server's code, run with `eval` in a worker. `/list/I?to=T` is listing page I: M items
 * (`article.item` with a titled link, a price and a stock note) and, while I < T, a `li.next a`
 * link to page I+1 — so a scraper given [from, to] walks exactly its own share of the pages.
 */
const SERVER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { pages, perPage, delayMs } = workerData;
const head = '<!doctype html><html><head><meta charset="utf-8"><title>Listing</title><link rel="stylesheet" href="/s.css"></head><body>' +
  '<header><nav><ul>' + Array.from({ length: 30 }, (_, i) => '<li><a href="/cat/' + i + '">Category ' + i + '</a></li>').join('') + '</ul></nav></header><main><section>';
const foot = '</section></main><footer><p>' + 'Benchmark catalogue. '.repeat(40) + '</p></footer></body></html>';
function page(i, to) {
  let items = '';
  for (let k = 1; k <= perPage; k++) {
    const id = (i - 1) * perPage + k;
    items += '<article class="item"><div class="image"><img src="/img/' + id + '.jpg" alt="Item ' + id + '"></div>' +
      '<h3><a href="/item/' + id + '" title="Item ' + id + ' of page ' + i + '">Item ' + id + '</a></h3>' +
      '<p class="price">£' + (10 + (id % 5000) / 100).toFixed(2) + '</p>' +
      (id % 3 ? '<p class="stock">In stock</p>' : '<p class="out">Out of stock</p>') + '</article>';
  }
  const next = i < to ? '<ul class="pager"><li class="next"><a href="/list/' + (i + 1) + '?to=' + to + '">next</a></li></ul>' : '';
  return head + '<ol class="row">' + items + '</ol>' + next + foot;
}
const server = http.createServer((req, res) => {
  const m = /^\\/list\\/(\\d+)\\?to=(\\d+)$/.exec(req.url || '');
  const i = m ? Number(m[1]) : 0;
  const to = m ? Math.min(Number(m[2]), pages) : 0;
  if (!m || i < 1 || i > to) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('no such page'); return; }
  const body = page(i, to);
  const answer = () => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  if (delayMs > 0) setTimeout(answer, delayMs);
  else answer();
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m === 'close') { server.closeAllConnections(); server.close(() => process.exit(0)); }
});
`;

/** `delayMs`: each page is answered this long after it was asked for (a remote site's latency). */
export async function startListingSite(pages: number, perPage: number, delayMs = 0): Promise<ListingSite> {
  const worker = new Worker(SERVER, { eval: true, workerData: { pages, perPage, delayMs } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the benchmark site stopped before it listened (exit code ${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pages,
    perPage,
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}

/** Splits pages 1..total into `parts` contiguous shares [from, to], as even as possible. */
export function shares(total: number, parts: number): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (let k = 0, from = 1; k < parts; k++) {
    const size = Math.floor(total / parts) + (k < total % parts ? 1 : 0);
    out.push({ from, to: from + size - 1 });
    from += size;
  }
  return out;
}
