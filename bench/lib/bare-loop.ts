// The runtime benchmark's baseline: the same HTTP client (HttpFetcher) and HTML parser/selectors
// (interpreter/page.ts) in a bare loop — no sessions, no workers, no store — walking a share of pages.
import { parseNumber } from '../../runtime/src/interpreter/convert';
import { attrOf, linkOf, parsePage, queryAll, queryOne, textOf } from '../../runtime/src/interpreter/page';
import type { RecordValues } from '../../runtime/src/session-types';
import { HttpFetcher } from '../../runtime/src/node/http-fetcher';

export interface ScrapeCount {
  pages: number;
  records: number;
}

/**
 * Scrapes listing pages from..to as the benchmark agent does: every `article.item` becomes a record
 * of title, price (as a number), link and in-stock flag; `li.next a` leads to the next page.
 */
export async function bareLoop(base: string, from: number, to: number): Promise<ScrapeCount> {
  const fetcher = new HttpFetcher();
  const signal = new AbortController().signal;
  const out: RecordValues[] = [];
  let pages = 0;
  let url: string | undefined = `${base}/list/${from}?to=${to}`;
  try {
    while (url) {
      const res = await fetcher.fetch({ url, method: 'GET' }, signal);
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
      const page = parsePage(res.url, res.body, res.status);
      for (const item of queryAll(page.document, 'article.item')) {
        const link = queryOne(item, 'h3 a');
        const price = queryOne(item, '.price');
        out.push({
          title: link ? (attrOf(link, 'title') ?? null) : null,
          price: price ? (parseNumber(textOf(price)) ?? null) : null,
          link: link ? (linkOf(page, link) ?? null) : null,
          inStock: queryOne(item, '.stock') !== null,
        });
      }
      pages++;
      const next = queryOne(page.document, 'li.next a');
      url = next ? linkOf(page, next) : undefined;
    }
  } finally {
    fetcher.close();
  }
  return { pages, records: out.length };
}

/** `parts` bare loops at once in this thread, each over its own share; resolves with the totals. */
export async function bareLoops(base: string, parts: Array<{ from: number; to: number }>): Promise<ScrapeCount> {
  const counts = await Promise.all(parts.map((p) => bareLoop(base, p.from, p.to)));
  return counts.reduce((a, c) => ({ pages: a.pages + c.pages, records: a.records + c.records }), { pages: 0, records: 0 });
}
