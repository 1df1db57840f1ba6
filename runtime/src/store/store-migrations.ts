// Brings a session store written by an earlier version up to the current format, in memory as it is
// opened (the next snapshot writes the result): format 1 kept one table per dataset for all agents.
import type { Database } from 'sql.js';
import { datasetTable, INTERNAL_PREFIX, quoteIdent, sqlType } from './sql-names';
import type { ColumnType } from '../session-types';

/**
 * Format 1 → 2: datasets are per agent. Each agent's rows of a shared dataset table move to a table
 * of its own ("Agent.dataset") with only the columns that agent filled, and the registry gains the agent.
 * Sessions gain an instance ID (none for those started before).
 */
export function migrateToAgentDatasets(db: Database): void {
  db.exec('ALTER TABLE rpa_sessions ADD COLUMN instance_id TEXT');
  const registry = (db.exec('SELECT dataset, name, type FROM rpa_datasets ORDER BY dataset, position')[0]?.values ?? []).map(([d, n, t]) => ({
    dataset: String(d),
    name: String(n),
    type: String(t) as ColumnType,
  }));
  db.exec('DROP TABLE rpa_datasets');
  db.exec('CREATE TABLE rpa_datasets (agent TEXT NOT NULL, dataset TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, PRIMARY KEY (agent, dataset, position)) WITHOUT ROWID');
  for (const dataset of new Set(registry.map((r) => r.dataset))) {
    const columns = registry.filter((r) => r.dataset === dataset);
    const legacy = quoteIdent(dataset);
    const agents = (db.exec(`SELECT DISTINCT s.agent FROM ${legacy} t JOIN rpa_sessions s ON s.id = t.session_id`)[0]?.values ?? []).map((r) => String(r[0]));
    for (const agent of agents) {
      const ofAgent = `session_id IN (SELECT id FROM rpa_sessions WHERE agent = ?)`;
      const filled = columns.filter((c) => Number(db.exec(`SELECT count(${quoteIdent(c.name)}) FROM ${legacy} WHERE ${ofAgent}`, [agent])[0].values[0][0]) > 0);
      const kept = filled.length ? filled : columns.slice(0, 1);
      const name = datasetTable(agent, dataset);
      const table = quoteIdent(name);
      const names = kept.map((c) => quoteIdent(c.name)).join(', ');
      db.run(`CREATE TABLE ${table} (session_id TEXT NOT NULL${kept.map((c) => `, ${quoteIdent(c.name)} ${sqlType(c.type)}`).join('')})`);
      db.run(`CREATE INDEX ${quoteIdent(INTERNAL_PREFIX + 'idx_' + name)} ON ${table} (session_id)`);
      db.run(`INSERT INTO ${table} (session_id, ${names}) SELECT session_id, ${names} FROM ${legacy} WHERE ${ofAgent} ORDER BY rowid`, [agent]);
      kept.forEach((c, i) => db.run('INSERT INTO rpa_datasets (agent, dataset, position, name, type) VALUES (?, ?, ?, ?, ?)', [agent, dataset, i, c.name, c.type]));
    }
    db.run(`DROP TABLE ${legacy}`);
  }
}
