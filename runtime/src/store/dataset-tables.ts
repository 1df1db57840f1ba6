// One typed table per agent dataset ("Agent.dataset": TEXT / REAL / INTEGER / INTEGER-as-boolean / TEXT
// ISO dates) plus a session_id column and index; the registry of their columns, batched inserts, typed reads.
import type { Database, SqlValue, Statement } from 'sql.js';
import type { ColumnType, DatasetSchema, RecordValues } from '../session-types';
import { RpaUserError } from '../user-error';
import type { BindValue } from './store-ops';
import { datasetTable, INTERNAL_PREFIX, isColumnType, quoteIdent, sameIdent, sqlType, validateAgentName, validateColumnName, validateDatasetName } from './sql-names';

/** SQLite's smallest limit on bound parameters per statement; multi-row inserts stay under it. */
const MAX_PARAMS = 999;
const MAX_ROWS_PER_INSERT = 128;

interface InsertStatements {
  columns: number;
  bulk: Statement;
  bulkRows: number;
  single: Statement;
}

/** The registry key of an agent's dataset. */
function keyOf(agent: string, dataset: string): string {
  return `${agent}\u0000${dataset}`;
}

export class DatasetTables {
  private readonly schemas = new Map<string, DatasetSchema>();
  private readonly inserts = new Map<string, InsertStatements>();

  constructor(private readonly db: Database) {
    const rows = db.exec('SELECT agent, dataset, name, type FROM rpa_datasets ORDER BY agent, dataset, position');
    for (const [agent, dataset, name, type] of rows[0]?.values ?? []) {
      const a = String(agent);
      const ds = String(dataset);
      if (!isColumnType(type)) throw new RpaUserError('store-unreadable', `The session store's dataset registry has an unknown column type ${JSON.stringify(type)} for "${a}.${ds}.${String(name)}".`);
      const key = keyOf(a, ds);
      const schema = this.schemas.get(key) ?? { agent: a, dataset: ds, columns: [] };
      schema.columns.push({ name: String(name), type });
      this.schemas.set(key, schema);
    }
  }

  get(agent: string, dataset: string): DatasetSchema | undefined {
    const s = this.schemas.get(keyOf(agent, dataset));
    return s && copy(s);
  }

  /** Every agent dataset, ordered by agent, then dataset. */
  all(): DatasetSchema[] {
    return [...this.schemas.values()].map(copy).sort((a, b) => a.agent.localeCompare(b.agent) || a.dataset.localeCompare(b.dataset));
  }

  /** The agent's dataset names, sorted. */
  names(agent: string): string[] {
    return [...this.schemas.values()].filter((s) => s.agent === agent).map((s) => s.dataset).sort();
  }

  /**
   * The full schema after adding `schema`'s columns to what is stored, or undefined when nothing
   * changes. Throws a user error for invalid names, case clashes and type changes of used columns.
   */
  merge(schema: DatasetSchema): DatasetSchema | undefined {
    validateAgentName(schema.agent);
    validateDatasetName(schema.dataset);
    const table = datasetTable(schema.agent, schema.dataset);
    const clash = [...this.schemas.values()].find((s) => (s.agent !== schema.agent || s.dataset !== schema.dataset) && sameIdent(datasetTable(s.agent, s.dataset), table));
    if (clash) {
      throw new RpaUserError(
        'invalid-dataset',
        `The datasets "${clash.dataset}" of agent ${clash.agent} and "${schema.dataset}" of agent ${schema.agent} differ only in case, but the session store keeps each ` +
          'agent dataset in a table and SQL table names ignore case. Rename one of them.',
      );
    }
    const current = this.schemas.get(keyOf(schema.agent, schema.dataset));
    const columns = current ? current.columns.map((c) => ({ ...c })) : [];
    let changed = !current;
    for (const col of schema.columns) {
      validateColumnName(schema.dataset, col.name);
      if (!isColumnType(col.type)) throw new RpaUserError('invalid-dataset', `Field "${col.name}" of dataset "${schema.dataset}" has the unknown type ${JSON.stringify(col.type)}; use text, number, integer, boolean or date.`);
      const existing = columns.find((c) => sameIdent(c.name, col.name));
      if (!existing) {
        columns.push({ name: col.name, type: col.type });
        changed = true;
      } else if (existing.name !== col.name) {
        throw new RpaUserError('invalid-dataset', `Dataset "${schema.dataset}" already has a field "${existing.name}"; "${col.name}" differs only in case, which one SQL column cannot tell apart. Use one spelling.`);
      } else if (existing.type !== col.type) {
        if (this.hasRows(table)) {
          throw new RpaUserError(
            'invalid-dataset',
            `Field "${col.name}" of dataset "${schema.dataset}" (agent ${schema.agent}) is stored as ${existing.type} by earlier sessions but is now declared ${col.type}. ` +
              'A column keeps its type while sessions still hold records in it: close or clean up those sessions (rpa-sessions sessions close ID), or extract into a new dataset name.',
          );
        }
        existing.type = col.type;
        changed = true;
      }
    }
    return changed ? { agent: schema.agent, dataset: schema.dataset, columns } : undefined;
  }

  /** Makes the table match a merged schema: creates it, adds columns, or retypes an empty table. */
  apply(schema: DatasetSchema): void {
    const key = keyOf(schema.agent, schema.dataset);
    const current = this.schemas.get(key);
    const name = datasetTable(schema.agent, schema.dataset);
    const table = quoteIdent(name);
    const retyped = current?.columns.some((c) => schema.columns.some((n) => n.name === c.name && n.type !== c.type));
    if (current && retyped) this.db.run(`DROP TABLE ${table}`);
    if (!current || retyped) {
      const cols = schema.columns.map((c) => `${quoteIdent(c.name)} ${sqlType(c.type)}`);
      this.db.run(`CREATE TABLE ${table} (session_id TEXT NOT NULL${cols.map((c) => ', ' + c).join('')})`);
      this.db.run(`CREATE INDEX ${quoteIdent(INTERNAL_PREFIX + 'idx_' + name)} ON ${table} (session_id)`);
    } else {
      for (const c of schema.columns.filter((n) => !current.columns.some((o) => o.name === n.name))) {
        this.db.run(`ALTER TABLE ${table} ADD COLUMN ${quoteIdent(c.name)} ${sqlType(c.type)}`);
      }
    }
    this.db.run('DELETE FROM rpa_datasets WHERE agent = ? AND dataset = ?', [schema.agent, schema.dataset]);
    schema.columns.forEach((c, i) => this.db.run('INSERT INTO rpa_datasets (agent, dataset, position, name, type) VALUES (?, ?, ?, ?, ?)', [schema.agent, schema.dataset, i, c.name, c.type]));
    this.schemas.set(key, copy(schema));
    this.dropInsertStatements(key);
  }

  /**
   * Inserts rows given as one flat array in `columns` order: many rows per statement, the session ID
   * bound once per statement (sql.js binds each value separately, so fewer is faster). `columns` are
   * the table's columns in order, except in journals written before datasets were per agent.
   */
  insert(sessionId: string, agent: string, dataset: string, columns: string[], values: BindValue[]): void {
    const schema = this.require(agent, dataset);
    const width = columns.length;
    if (!width) throw new Error(`dataset "${dataset}" has no columns to insert into`);
    if (columns.length !== schema.columns.length || columns.some((c, i) => c !== schema.columns[i].name)) return this.insertNamed(sessionId, schema, columns, values);
    const st = this.insertStatements(schema);
    const chunk = width * st.bulkRows;
    let i = 0;
    if (values.length >= chunk) {
      const params: BindValue[] = new Array(1 + chunk);
      params[0] = sessionId;
      for (; i + chunk <= values.length; i += chunk) {
        for (let k = 0; k < chunk; k++) params[k + 1] = values[i + k];
        st.bulk.run(params);
      }
    }
    for (; i < values.length; i += width) st.single.run([sessionId, ...values.slice(i, i + width)]);
  }

  read(sessionId: string, agent: string, dataset: string, offset: number, limit: number): RecordValues[] {
    const schema = this.schemas.get(keyOf(agent, dataset));
    if (!schema || !schema.columns.length) return [];
    const cols = schema.columns.map((c) => quoteIdent(c.name)).join(', ');
    const stmt = this.db.prepare(`SELECT ${cols} FROM ${quoteIdent(datasetTable(agent, dataset))} WHERE session_id = ? ORDER BY rowid LIMIT ? OFFSET ?`, [sessionId, limit, offset]);
    const out: RecordValues[] = [];
    try {
      while (stmt.step()) out.push(toRecord(schema.columns, stmt.get()));
    } finally {
      stmt.free();
    }
    return out;
  }

  count(sessionId: string, agent: string, dataset: string): number {
    if (!this.schemas.has(keyOf(agent, dataset))) return 0;
    const r = this.db.exec(`SELECT count(*) FROM ${quoteIdent(datasetTable(agent, dataset))} WHERE session_id = ?`, [sessionId]);
    return Number(r[0].values[0][0]);
  }

  /** Deletes the session's records from its agent's tables. */
  deleteSession(sessionId: string, agent: string): void {
    for (const s of this.schemas.values()) if (s.agent === agent) this.db.run(`DELETE FROM ${quoteIdent(datasetTable(s.agent, s.dataset))} WHERE session_id = ?`, [sessionId]);
  }

  private hasRows(table: string): boolean {
    return this.db.exec(`SELECT 1 FROM ${quoteIdent(table)} LIMIT 1`).length > 0;
  }

  private require(agent: string, dataset: string): DatasetSchema {
    const s = this.schemas.get(keyOf(agent, dataset));
    if (!s) throw new RpaUserError('invalid-dataset', `The session store has no dataset "${dataset}" of agent ${agent}. Define it first (defineDataset) or insert records through the store, which defines it.`);
    return s;
  }

  /** The slow path for rows whose columns are not the table's, in order (journals of older versions). */
  private insertNamed(sessionId: string, schema: DatasetSchema, columns: string[], values: BindValue[]): void {
    const unknown = columns.find((c) => !schema.columns.some((s) => s.name === c));
    if (unknown) throw new Error(`insertRecords for "${schema.agent}.${schema.dataset}" names the column ${unknown}, which the table does not have`);
    const names = columns.map(quoteIdent);
    const st = this.db.prepare(`INSERT INTO ${quoteIdent(datasetTable(schema.agent, schema.dataset))} (session_id${names.map((n) => ', ' + n).join('')}) VALUES (?${', ?'.repeat(names.length)})`);
    try {
      for (let i = 0; i < values.length; i += columns.length) st.run([sessionId, ...values.slice(i, i + columns.length)]);
    } finally {
      st.free();
    }
  }

  private insertStatements(schema: DatasetSchema): InsertStatements {
    const key = keyOf(schema.agent, schema.dataset);
    const cached = this.inserts.get(key);
    if (cached && cached.columns === schema.columns.length) return cached;
    const width = schema.columns.length;
    const bulkRows = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor((MAX_PARAMS - 1) / width)));
    const table = quoteIdent(datasetTable(schema.agent, schema.dataset));
    const names = schema.columns.map((c) => quoteIdent(c.name));
    const into = `INSERT INTO ${table} (session_id${names.map((n) => ', ' + n).join('')})`;
    // ?1 is the session ID; the rows follow as a VALUES list whose columns SQLite names column1…N.
    let p = 2;
    const tuples = Array.from({ length: bulkRows }, () => `(${names.map(() => `?${p++}`).join(', ')})`);
    const picks = names.map((_, c) => `, column${c + 1}`).join('');
    const st: InsertStatements = {
      columns: width,
      bulk: this.db.prepare(`${into} SELECT ?1${picks} FROM (VALUES ${tuples.join(', ')})`),
      bulkRows,
      single: this.db.prepare(`${into} VALUES (${['?', ...names.map(() => '?')].join(', ')})`),
    };
    this.inserts.set(key, st);
    return st;
  }

  private dropInsertStatements(key: string): void {
    const st = this.inserts.get(key);
    if (!st) return;
    st.bulk.free();
    st.single.free();
    this.inserts.delete(key);
  }
}

function copy(s: DatasetSchema): DatasetSchema {
  return { agent: s.agent, dataset: s.dataset, columns: s.columns.map((c) => ({ ...c })) };
}

function toRecord(columns: Array<{ name: string; type: ColumnType }>, values: SqlValue[]): RecordValues {
  const rec: RecordValues = {};
  for (let i = 0; i < columns.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) rec[columns[i].name] = null;
    else if (columns[i].type === 'boolean') rec[columns[i].name] = v === 1 || v === '1';
    else if (v instanceof Uint8Array) rec[columns[i].name] = new TextDecoder().decode(v);
    else rec[columns[i].name] = v;
  }
  return rec;
}
