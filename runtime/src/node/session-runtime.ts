// Opens everything the runtime needs for one workspace folder: its .rpa files, bot state, session
// store (recovered after a crash), worker pool, cleanup and the session engine; closes them in order.
import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Workspace } from '../../../language/src/workspace';
import { BotService } from '../bots/bot-service';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { SessionCleanup } from '../engine/cleanup';
import { cleanupPolicyOf } from '../engine/cleanup-policy';
import { SessionEngine } from '../engine/session-engine';
import type { SessionStoreApi } from '../store/store-api';
import { BotStateJsonFile } from './bot-state-file';
import { createExporter } from './exports';
import { openSessionStore } from './open-store';
import type { WorkerPoolOptions } from './worker-pool';
import { WorkerPool } from './worker-pool';
import { syncWorkspaceFolder } from './workspace-loader';

export interface SessionRuntimeOptions {
  workspaceDir: string;
  /** The session store's folder (default `<workspace>/.rpa`; see store-location.ts). */
  storeDir?: string;
  clock?: Clock;
  pool?: WorkerPoolOptions;
  /** Sessions of agents started without a run configuration that run in parallel. */
  localParallel?: number;
  /** How often what running sessions record is committed, so other processes see it (default 250 ms). */
  commitEveryMs?: number;
  /** Where `secret("ENV")` values are looked up to register them with the store (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Problems nobody is waiting for (a bot state file another process broke); default process.emitWarning. */
  onWarning?: (message: string) => void;
  /** What this process does with the workspace's store, for a process its lock refuses (see OpenStoreOptions.holder). */
  holder?: string;
}

export interface SessionRuntime {
  readonly workspaceDir: string;
  readonly workspace: Workspace;
  readonly store: SessionStoreApi;
  readonly bots: BotService;
  readonly cleanup: SessionCleanup;
  readonly pool: WorkerPool;
  readonly engine: SessionEngine;
  /** What opening found: sessions a crash interrupted, and sessions whose cleanup finished now. */
  readonly recovery: { interrupted: string[]; cleanedUp: string[] };
  /** Re-reads the workspace's .rpa files (new, changed and deleted files). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export async function openSessionRuntime(options: SessionRuntimeOptions): Promise<SessionRuntime> {
  const { workspaceDir } = options;
  const clock = options.clock ?? systemClock;
  const env = options.env ?? process.env;
  const warn = options.onWarning ?? ((m: string) => process.emitWarning(m));
  const workspace = new Workspace();
  const botFile = BotStateJsonFile.inWorkspace(workspaceDir);
  const bots = new BotService(botFile, workspace, clock);
  workspace.deploymentState = bots.deploymentState();
  await syncWorkspaceFolder(workspace, workspaceDir);

  const { store, recovery } = await openSessionStore(workspaceDir, { storeDir: options.storeDir, clock, holder: options.holder });
  let engine: SessionEngine | undefined;
  const cleanup = new SessionCleanup({
    store,
    clock,
    exporter: createExporter({ store }),
    policyOf: (s) => {
      const agent = workspace.resolve('agent', s.agent);
      return agent && cleanupPolicyOf(agent, workspaceDir);
    },
    onEvent: (e) => engine?.events.emit(e),
    onError: (id, error) => {
      const entry = { time: clock.now(), level: 'error' as const, message: `Automatic cleanup failed and will be retried: ${store.redact(error.message)}` };
      if (store.getSession(id)) store.appendLog(id, entry);
      engine?.events.emit({ type: 'session-log', id, entry });
    },
  });
  let pool: WorkerPool;
  try {
    pool = new WorkerPool(options.pool);
  } catch (e) {
    await store.close();
    throw e;
  }
  engine = new SessionEngine({
    workspace,
    store,
    bots,
    runner: pool,
    clock,
    cleanup,
    baseDir: workspaceDir,
    localParallel: options.localParallel,
    commitEveryMs: options.commitEveryMs,
    secret: (name) => env[name],
  });
  const cleanedUp = await cleanup.resume();
  const watcher = watchBotState(botFile.path, warn, () => {
    try {
      bots.refresh();
    } catch (e) {
      warn(`Bot state changes are not followed until the file is fixed: ${(e as Error).message}`);
    }
  });

  const running = engine;
  return {
    workspaceDir,
    workspace,
    store,
    bots,
    cleanup,
    pool,
    engine: running,
    recovery: { interrupted: recovery.interrupted, cleanedUp },
    reload: async () => {
      await syncWorkspaceFolder(workspace, workspaceDir);
    },
    close: async () => {
      watcher?.close();
      await running.dispose();
      await cleanup.whenIdle();
      cleanup.dispose();
      await pool.close();
      await store.close();
    },
  };
}

/**
 * Follows changes to the bot state file made by other processes (the CLI signing the bot user in
 * while the extension runs sessions): the state folder is watched, since each write renames a new file in.
 */
function watchBotState(path: string, warn: (m: string) => void, changed: () => void): FSWatcher | undefined {
  try {
    const watcher = watch(dirname(path), { persistent: false }, (_event, name) => {
      if (name === basename(path)) changed();
    });
    watcher.on('error', (e) => {
      warn(`Stopped following changes to ${path} made by other processes (${e.message}); they are read on the next bot operation.`);
      watcher.close();
    });
    return watcher;
  } catch {
    // No folder watching on this file system: changes from other processes are read on the next operation.
    return undefined;
  }
}
