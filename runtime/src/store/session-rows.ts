// Maps SessionInfo to and from the rpa_sessions and rpa_progress rows: the fixed column list,
// patches as column updates (undefined clears a column), and validation of what is written.
import type { Database, SqlValue } from 'sql.js';
import type { SessionInfo, SessionProgress, SessionStatus } from '../session-types';
import { RpaUserError } from '../user-error';
import type { BindValue, SessionPatch } from './store-ops';
import { sessionIdProblem, shownSessionId } from '../../../language/src/session-ids';

const STATUSES: readonly SessionStatus[] = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted', 'closed', 'expired'];

/** SessionInfo fields stored in rpa_sessions, by their column (a fixed list: never user input). */
const COLUMN_OF = {
  instanceId: 'instance_id',
  agent: 'agent',
  run: 'run',
  bot: 'bot',
  status: 'status',
  inputs: 'inputs',
  error: 'error',
  queuedAt: 'queued_at',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  cleanupAt: 'cleanup_at',
  recordsRemovedAt: 'records_removed_at',
} as const satisfies Record<keyof Omit<SessionInfo, 'id' | 'progress'>, string>;

type Field = keyof typeof COLUMN_OF;
const FIELDS = Object.keys(COLUMN_OF) as Field[];
const COLUMNS: ReadonlySet<string> = new Set(Object.values(COLUMN_OF));

/** A patch as column → value, with cleared fields as null, so replaying it gives the same row. */
export interface SessionUpdate {
  set: Record<string, BindValue>;
  progress?: SessionProgress;
}

export const SELECT_SESSION = `SELECT s.id, ${FIELDS.map((f) => 's.' + COLUMN_OF[f]).join(', ')}, p.pages, p.records, p.errors, p.current_url
  FROM rpa_sessions s LEFT JOIN rpa_progress p ON p.session_id = s.id`;

export function isSessionStatus(v: unknown): v is SessionStatus {
  return typeof v === 'string' && (STATUSES as readonly string[]).includes(v);
}

/**
 * Session IDs follow the one rule of language/src/session-ids.ts. `fix` says how the caller's user
 * gives another ID ("pass another --session-id", "give startSession() another sessionId").
 */
export function validateSessionId(id: unknown, fix = 'use another session ID'): asserts id is string {
  const problem = sessionIdProblem(id);
  if (problem) {
    throw new RpaUserError('invalid-session-id', `Session ID ${shownSessionId(id)} is not usable: ${problem} (Sequentum: any text, like RunAgent.exe "agent" session_id "ry37456r"). Fix: ${fix}.`);
  }
}

export function toUpdate(patch: SessionPatch): SessionUpdate {
  const set: Record<string, BindValue> = {};
  for (const key of Object.keys(patch)) {
    if (key === 'progress') continue;
    if (!(key in COLUMN_OF)) throw new RpaUserError('invalid-record', `A session has no field "${key}"; it cannot be updated.`);
    const field = key as Field;
    const v = patch[field];
    if (field === 'status' && !isSessionStatus(v)) throw new RpaUserError('invalid-record', `${JSON.stringify(v)} is not a session status; use one of ${STATUSES.join(', ')}.`);
    set[COLUMN_OF[field]] = v === undefined ? null : field === 'inputs' ? JSON.stringify(v) : (v as BindValue);
  }
  return patch.progress ? { set, progress: { ...patch.progress } } : { set };
}

export function applyUpdate(db: Database, id: string, update: SessionUpdate): void {
  const cols = Object.keys(update.set);
  if (cols.some((c) => !COLUMNS.has(c))) throw new Error(`session update names unknown columns: ${cols.join(', ')}`);
  if (cols.length) db.run(`UPDATE rpa_sessions SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, [...cols.map((c) => update.set[c]), id]);
  if (update.progress) writeProgress(db, id, update.progress);
}

export function insertSession(db: Database, info: SessionInfo): void {
  const cols = FIELDS.map((f) => COLUMN_OF[f]);
  const values = FIELDS.map((f) => (f === 'inputs' ? JSON.stringify(info.inputs ?? {}) : ((info[f] as BindValue | undefined) ?? null)));
  db.run(`INSERT INTO rpa_sessions (id, ${cols.join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`, [info.id, ...values]);
  writeProgress(db, info.id, info.progress);
}

function writeProgress(db: Database, id: string, p: SessionProgress): void {
  db.run('INSERT OR REPLACE INTO rpa_progress (session_id, pages, records, errors, current_url) VALUES (?, ?, ?, ?, ?)', [id, p.pages, p.records, p.errors, p.currentUrl ?? null]);
}

/** A row of SELECT_SESSION as SessionInfo (optional fields left out when NULL). */
export function fromRow(row: SqlValue[]): SessionInfo {
  const [id, ...rest] = row;
  const info: Record<string, unknown> = { id: String(id) };
  FIELDS.forEach((f, i) => {
    const v = rest[i];
    if (v === null || v === undefined) return;
    info[f] = f === 'inputs' ? JSON.parse(String(v)) : v;
  });
  const [pages, records, errors, currentUrl] = rest.slice(FIELDS.length);
  const progress: SessionProgress = { pages: Number(pages ?? 0), records: Number(records ?? 0), errors: Number(errors ?? 0) };
  if (currentUrl !== null && currentUrl !== undefined) progress.currentUrl = String(currentUrl);
  info.progress = progress;
  return info as unknown as SessionInfo;
}

/** Checks the required parts of a new session's info before it is stored. */
export function validateNewSession(info: SessionInfo): void {
  validateSessionId(info.id);
  if (typeof info.agent !== 'string' || !info.agent) throw new RpaUserError('invalid-record', `Session "${info.id}" names no agent; every session runs an agent.`);
  if (!isSessionStatus(info.status)) throw new RpaUserError('invalid-record', `Session "${info.id}" has the unknown status ${JSON.stringify(info.status)}.`);
  if (typeof info.queuedAt !== 'number') throw new RpaUserError('invalid-record', `Session "${info.id}" has no queuedAt time.`);
}

/** The refusal of a new session whose ID an earlier session still holds (not cleaned up). */
export function duplicateSessionId(existing: SessionInfo): RpaUserError {
  return new RpaUserError(
    'duplicate-session-id',
    `A session with ID "${existing.id}" already exists (agent ${existing.agent}, status ${existing.status}). ` +
      'Session IDs are unique until the session is cleaned up, so each ID names exactly one agent instance and its data (Sequentum multiple sessions). ' +
      `Use another ID, or close that session first (rpa-sessions sessions close "${existing.id}").`,
  );
}
