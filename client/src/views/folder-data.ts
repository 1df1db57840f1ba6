// What the RPA Sessions view knows of one workspace folder, read without taking the store's lock:
// its bots (state + declared limits), runs, and sessions (live from an open runtime, else read-only).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { effectiveLimit, modeOf, property, resolveRun, sessionEntries, stringOf, wordOf, type LimitSource, type SessionMode } from '../../../language/src/index';
import type { BotState, BotStateFile } from '../../../language/src/bot-state/bot-state';
import { Workspace } from '../../../language/src/workspace';
import { BotService, type BotStateStorage } from '../../../runtime/src/bots/bot-service';
import { BotStateJsonFile } from '../../../runtime/src/node/bot-state-file';
import { LOCK_FILE, openSessionStore, SNAPSHOT_FILE, STORE_DIR, WAL_FILE } from '../../../runtime/src/node/open-store';
import type { SessionRuntime } from '../../../runtime/src/node/session-runtime';
import { syncWorkspaceFolder } from '../../../runtime/src/node/workspace-loader';
import type { SessionInfo } from '../../../runtime/src/session-types';

export interface BotData {
  name: string;
  /** False for a bot only the state file still knows. */
  declared: boolean;
  host?: string;
  state: BotState;
  /** The effective secure-session limit and each bound that is set, with where it comes from. */
  limit?: number;
  bounds: Array<{ source: LimitSource; value: number; decides: boolean }>;
}

export interface RunData {
  name: string;
  /** The .rpa file declaring it (file URI). */
  uri: string;
  bot?: string;
  agent?: string;
  mode?: SessionMode;
  /** Parallel sessions asked for. */
  sessions?: number;
  sessionIds: string[];
  /** The bot it is deployed to, if it is. */
  deployedTo?: string;
}

export interface SessionData {
  info: SessionInfo;
  /** Queue position (1 = next) while queued in this window's runtime. */
  position?: number;
  /** Queued or running in this window's runtime (so it can be cancelled here). */
  local: boolean;
}

export interface FolderData {
  uri: string;
  name: string;
  dir: string;
  /** Where the sessions were read: this window's open runtime, or the store files read-only. */
  source: 'runtime' | 'store';
  /** Another process (the CLI) holds the store's lock: it records sessions right now. */
  liveElsewhere: boolean;
  bots: BotData[];
  runs: RunData[];
  /** Sessions that still exist (closed and expired ones are left out), in the order they were queued. */
  sessions: SessionData[];
  /** Why part of the folder could not be read (a broken state file, an unreadable store). */
  problems: string[];
}

/** Bot state as the bot service computes it (initial state, declared mode), without writing bots.json. */
function lookingOnly(file: BotStateJsonFile): BotStateStorage {
  let latest: BotStateFile | undefined;
  return { location: file.location, read: () => latest ?? file.read(), write: (f) => void (latest = f) };
}

function botsOf(ws: Workspace, dir: string): BotData[] {
  const all = new BotService(lookingOnly(BotStateJsonFile.inWorkspace(dir)), ws).all();
  return Object.keys(all)
    .sort()
    .map((name) => {
      const decl = ws.resolve('bot', name);
      const l = decl ? effectiveLimit(decl) : undefined;
      return {
        name,
        declared: !!decl,
        host: stringOf(property(decl, 'host')),
        state: all[name],
        limit: l?.limit,
        bounds: (l?.bounds ?? []).map((b) => ({ source: b.source, value: b.value, decides: b === l?.decidedBy })),
      };
    });
}

function runsOf(ws: Workspace, bots: readonly BotData[]): RunData[] {
  return ws
    .allDeclarations('run')
    .filter((d) => d.name)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((run) => {
      const bot = wordOf(property(run, 'bot'));
      const resolved = resolveRun(run, bot ? ws.resolve('bot', bot) : undefined);
      return {
        name: run.name,
        uri: run.uri,
        bot,
        agent: wordOf(property(run, 'agent')),
        mode: resolved.mode ?? modeOf(property(run, 'mode')),
        sessions: resolved.sessions,
        sessionIds: sessionEntries(run).map((e) => e.id.value),
        deployedTo: bots.find((b) => b.state.deployments.some((d) => d.run === run.name))?.name,
      };
    });
}

const gone = (s: SessionInfo) => s.status === 'closed' || s.status === 'expired';

function sessionsOf(stored: readonly SessionInfo[], runtime: SessionRuntime | undefined): SessionData[] {
  const live = new Map((runtime?.engine.activeSessions() ?? []).map((s) => [s.id, s]));
  const out: SessionData[] = stored.filter((s) => !gone(s) && !live.has(s.id)).map((info) => ({ info, local: false }));
  for (const info of live.values()) out.push({ info, local: true, position: runtime!.engine.queuePosition(info.id) });
  return out.sort((a, b) => a.info.queuedAt - b.info.queuedAt || a.info.id.localeCompare(b.info.id));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A workspace folder the view shows. */
export interface FolderRef {
  uri: string;
  name: string;
  dir: string;
  /** The session store's folder (default `<dir>/.rpa`). */
  storeDir?: string;
  /** Why the store's folder could not be told (a bad rpa.store.location); the default is read then. */
  storeProblem?: string;
}

/**
 * Reads the folder for the view. `ws` is the view's own copy of the folder's .rpa files (synced from
 * disk when `syncFiles`); `runtime` is this window's runtime of the folder when it is open. Without it
 * the store is read read-only and closed again, so the CLI can always take its lock.
 */
export async function readFolderData(
  folder: FolderRef,
  ws: Workspace,
  runtime: SessionRuntime | undefined,
  syncFiles = true,
): Promise<FolderData> {
  const problems: string[] = folder.storeProblem ? [folder.storeProblem] : [];
  if (syncFiles) await syncWorkspaceFolder(ws, folder.dir).catch((e: unknown) => problems.push(message(e)));
  let bots: BotData[] = [];
  try {
    bots = botsOf(ws, folder.dir);
  } catch (e) {
    problems.push(message(e));
  }
  const storeDir = folder.storeDir ?? join(folder.dir, STORE_DIR);
  let stored: SessionInfo[] = [];
  if (runtime) stored = runtime.store.listSessions();
  else if (existsSync(join(storeDir, SNAPSHOT_FILE)) || existsSync(join(storeDir, WAL_FILE))) {
    try {
      const { store } = await openSessionStore(folder.dir, { storeDir, readOnly: true });
      try {
        stored = store.listSessions();
      } finally {
        await store.close();
      }
    } catch (e) {
      problems.push(message(e));
    }
  }
  return {
    ...folder,
    source: runtime ? 'runtime' : 'store',
    liveElsewhere: !runtime && existsSync(join(storeDir, LOCK_FILE)),
    bots,
    runs: runsOf(ws, bots),
    sessions: sessionsOf(stored, runtime),
    problems,
  };
}
