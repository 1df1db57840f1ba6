// Builds a real session store for the panel's tests and benchmark: a big session of books (typed
// columns), a small one of the same agent, a queued one, written through the durable store API.
import { openSessionStore } from '../../runtime/src/node/open-store';
import type { DatasetSchema, RecordValues, SessionInfo } from '../../runtime/src/session-types';
import { EMPTY_PROGRESS } from '../../runtime/src/session-types';

export const BIG_SESSION = 'big-1';
export const SMALL_SESSION = 'small-1';
export const QUEUED_SESSION = 'queued-1';
export const DATASET = 'books';
export const BOOKS_TABLE = 'BookScraper.books';

const BOOK_COLUMNS: DatasetSchema['columns'] = [
  { name: 'title', type: 'text' },
  { name: 'price', type: 'number' },
  { name: 'stock', type: 'integer' },
  { name: 'inStock', type: 'boolean' },
  { name: 'published', type: 'date' },
  { name: 'url', type: 'text' },
];

/** Book i of a session: deterministic, so tests can tell which row is where. */
export function book(i: number, session: string): RecordValues {
  return {
    title: `${session} book ${String(i).padStart(7, '0')}`,
    price: Math.round(((i * 7919) % 10_000) + 1) / 100,
    stock: (i * 31) % 500,
    inStock: i % 3 !== 0,
    published: new Date(Date.UTC(2000, 0, 1) + (i % 9000) * 86_400_000).toISOString().slice(0, 10),
    url: `http://127.0.0.1/books/${i}`,
  };
}

function info(id: string, status: SessionInfo['status'], records: number, queuedAt: number): SessionInfo {
  const done = status === 'completed';
  return {
    id,
    agent: 'BookScraper',
    run: 'NightlyBooks',
    bot: 'FinanceBot',
    status,
    inputs: { category: 'travel' },
    progress: { ...EMPTY_PROGRESS, pages: Math.ceil(records / 20), records },
    queuedAt,
    startedAt: status === 'queued' ? undefined : queuedAt + 10,
    endedAt: done ? queuedAt + 5000 : undefined,
    cleanupAt: done ? Date.now() + 3_600_000 : undefined,
  };
}

/** Writes the store under storeDir: `bigRows` books in BIG_SESSION, `smallRows` in SMALL_SESSION. */
export async function buildPanelStore(storeDir: string, bigRows: number, smallRows = 1000): Promise<void> {
  const { store } = await openSessionStore(storeDir, { storeDir, holder: 'panel test fixture' });
  try {
    store.defineDataset({ agent: 'BookScraper', dataset: DATASET, columns: BOOK_COLUMNS });
    for (const [id, rows, at] of [[SMALL_SESSION, smallRows, 1000], [BIG_SESSION, bigRows, 2000]] as const) {
      store.createSession(info(id, 'running', 0, at));
      for (let i = 0; i < rows; i += 10_000) {
        store.insertRecords(id, DATASET, Array.from({ length: Math.min(10_000, rows - i) }, (_, k) => book(i + k, id)));
      }
      store.updateSession(id, { status: 'completed', progress: info(id, 'completed', rows, at).progress, endedAt: at + 5000, cleanupAt: Date.now() + 3_600_000 });
    }
    store.createSession(info(QUEUED_SESSION, 'queued', 0, 3000));
    await store.commit();
  } finally {
    await store.close();
  }
}
