// The read-only SQL entry of the Sessions panel: one SELECT / WITH / EXPLAIN statement, parameters
// bound, run with SQLite's own guard (PRAGMA query_only) on, and a bounded number of rows returned.
import type { Database, SqlValue, Statement } from 'sql.js';
import { RpaUserError } from '../user-error';
import { datasetTable, quoteIdent } from './sql-names';
import type { QueryResult } from './store-api';

export const DEFAULT_MAX_ROWS = 10_000;

/** Skips whitespace, comments and (when asked) semicolons from index i. */
function skipTrivia(sql: string, i: number, semicolons = false): number {
  for (;;) {
    while (i < sql.length && (/\s/.test(sql[i]) || (semicolons && sql[i] === ';'))) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else return i;
  }
}

/** The first `count` keywords of the text, upper-cased, skipping comments. */
function leadingKeywords(sql: string, count: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < count) {
    i = skipTrivia(sql, i);
    const word = /^[A-Za-z]+/.exec(sql.slice(i, i + 64))?.[0];
    if (!word) break;
    out.push(word.toUpperCase());
    i += word.length;
  }
  return out;
}

/**
 * Why the statement is not a plain read, or undefined when it is. EXPLAIN must explain a SELECT or
 * WITH: SQLite applies some PRAGMAs while compiling, so even `EXPLAIN PRAGMA …` could change settings.
 */
function notAReadReason(sql: string): string | undefined {
  const [first, second, third, fourth] = leadingKeywords(sql, 4);
  if (!first) return 'The query does not start with a statement keyword.';
  if (first === 'SELECT' || first === 'WITH') return undefined;
  if (first !== 'EXPLAIN') return `${first} statements are not allowed here.`;
  const target = second === 'QUERY' && third === 'PLAN' ? fourth : second;
  return target === 'SELECT' || target === 'WITH' ? undefined : `EXPLAIN ${target ?? ''} is not allowed here; only SELECT and WITH queries can be explained.`;
}

function refuse(why: string): RpaUserError {
  return new RpaUserError(
    'query-refused',
    `${why} The Sessions panel's SQL editor is read-only: it runs one SELECT, WITH … SELECT or EXPLAIN statement over the session store. ` +
      'To change or remove session data use the session commands (close a session, or let its session timeout clean it up).',
  );
}

function bindable(params: unknown[]): Array<string | number | null> {
  return params.map((p, i) => {
    if (p === null || typeof p === 'string' || (typeof p === 'number' && Number.isFinite(p))) return p;
    if (typeof p === 'boolean') return p ? 1 : 0;
    throw new RpaUserError('query-refused', `Query parameter ${i + 1} is ${typeof p === 'number' ? String(p) : `a ${typeof p}`}; parameters must be text, finite numbers, booleans or null.`);
  });
}

export function runReadOnlyQuery(db: Database, sql: string, params: unknown[] = [], maxRows = DEFAULT_MAX_ROWS): QueryResult {
  if (typeof sql !== 'string' || !sql.trim()) throw refuse('The query is empty.');
  const reason = notAReadReason(sql);
  if (reason) throw refuse(reason);
  const values = bindable(params);
  const limit = Number.isFinite(maxRows) && maxRows >= 0 ? Math.floor(maxRows) : DEFAULT_MAX_ROWS;
  db.exec('PRAGMA query_only = ON');
  const statements = db.iterateStatements(sql);
  try {
    // Prepare only the first statement: compiling a second one could already apply a PRAGMA.
    const first = statements.next();
    if (first.done) throw refuse('The query is empty.');
    const rest = statements.getRemainingSQL();
    if (skipTrivia(rest, 0, true) < rest.length) throw refuse('The text holds several statements; run one at a time.');
    const stmt: Statement = first.value;
    stmt.bind(values);
    const columns = stmt.getColumnNames();
    const rows: unknown[][] = [];
    let truncated = false;
    while (stmt.step()) {
      if (rows.length >= limit) {
        truncated = true;
        break;
      }
      rows.push(stmt.get().map(plain));
    }
    return { columns, rows, truncated };
  } catch (e) {
    if (e instanceof RpaUserError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    if (/readonly|read-only/i.test(message)) throw refuse('The statement tries to change the store.');
    throw new RpaUserError(
      'query-refused',
      `The query failed: ${message}.${tableHint(db, message)} Sessions are in rpa_sessions, their progress in rpa_progress, logs in rpa_logs, and each ` +
        `agent's dataset in a table named "Agent.dataset" with a session_id column (quote it: SELECT * FROM "BookScraper.books").`,
    );
  } finally {
    (statements as Iterator<Statement>).return?.();
    db.exec('PRAGMA query_only = OFF');
  }
}

/** Blobs become plain arrays so results cross worker and webview boundaries as JSON. */
function plain(v: SqlValue): unknown {
  return v instanceof Uint8Array ? Array.from(v) : v;
}

/** For "no such table: books": the agent datasets of that name, written as the query needs them. */
function tableHint(db: Database, message: string): string {
  const missing = /no such table: (?:main\.)?(\S+)/.exec(message)?.[1];
  if (!missing) return '';
  const rows = db.exec('SELECT DISTINCT agent, dataset FROM rpa_datasets WHERE lower(dataset) = lower(?) ORDER BY agent', [missing])[0]?.values ?? [];
  const tables = rows.map(([agent, dataset]) => quoteIdent(datasetTable(String(agent), String(dataset))));
  return tables.length ? ` Datasets are per agent: did you mean ${tables.join(' or ')}?` : '';
}
