// A fleet worker: takes sessions from the bots' BullMQ queues and runs each exactly as a local run does
// (its own worker thread, same steps and rules), copying its records and status to the PostgreSQL store.
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { WaitingError, Worker, type Job } from 'bullmq';
import { openSessionRuntime, type SessionRuntime } from '../node/session-runtime';
import type { EngineEvent } from '../events';
import { FINISHED_STATUSES, type SessionStatus } from '../session-types';
import type { PgSessionStore } from './pg-session-store';
import { endedPatch } from './ended-patch';
import { ProcessSlots } from './process-slots';
import { RecordCopier } from './record-copier';
import { JOB_ATTEMPTS, queueName, queueReady, redisConnection, type SessionJob } from './session-queue';

export interface FleetWorkerOptions {
  /** This worker's copy of the workspace (.rpa files and bot state). */
  workspaceDir: string;
  queueUrl: string;
  store: PgSessionStore;
  /** Sessions this worker runs at once, over all bots (default 1). */
  concurrency?: number;
  name?: string;
  /** Where the sessions read secret("ENV") values: this worker's own environment. */
  env?: NodeJS.ProcessEnv;
  /** The session worker thread's script (default: session-worker.js beside this bundle). */
  workerScript?: string;
  /** One line per session start and end, for the worker's log. */
  say?: (line: string) => void;
}

/** How long a job's lock lasts without renewal: a worker killed mid-session is noticed after about this long. */
const LOCK_MS = 10_000;
/** Progress is written to the store at most this often per session. */
const PROGRESS_EVERY_MS = 500;
/** How often a worker refreshes its row in the fleet's worker list. */
export const HEARTBEAT_MS = 5_000;
/** How long a stopping worker waits for the queue to record its last jobs, once its sessions have ended. */
const QUEUE_WAIT_MS = 5_000;
/** How often a worker with sessions running looks for cancel requests. */
const CANCEL_POLL_MS = 1_000;

export class FleetWorker {
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(
    readonly name: string,
    private readonly runtime: SessionRuntime,
    private readonly workers: Worker<SessionJob>[],
    private readonly localStore: string,
    private readonly store: PgSessionStore,
    private readonly say: (line: string) => void,
    /** Set by stop(): a slot freed from then on resumes nothing. */
    private readonly control: { stopping: boolean },
  ) {}

  static async start(o: FleetWorkerOptions): Promise<FleetWorker> {
    const name = o.name ?? `${hostname()}-${process.pid}`;
    const localStore = mkdtempSync(join(tmpdir(), 'rpa-worker-'));
    const runtime = await openSessionRuntime({ workspaceDir: o.workspaceDir, storeDir: localStore, env: o.env, holder: `rpa-sessions worker ${name}`, pool: o.workerScript ? { script: o.workerScript } : undefined });
    const say = o.say ?? (() => undefined);
    const concurrency = o.concurrency ?? 1;
    // A full process stops fetching from every bot's queue, so the fleet's other workers take the next
    // sessions. BullMQ sets a worker's paused flag as pause() or resume() is called, so a slot freed as a
    // session ends lets its worker fetch the next job in the same call that completes this one.
    const control = { stopping: false };
    const slots = new ProcessSlots(concurrency, () => {
      if (control.stopping) return;
      for (const w of workers) void (slots.full ? w.pause(true) : w.resume()).catch((e: Error) => say(`worker error: ${e.message}`));
    });
    const processJob = async (job: Job<SessionJob>, token?: string) => {
      if (!slots.take()) {
        // Fetched by another bot's queue as the last slot went: handed back at the head of its queue.
        await job.moveToWait(token);
        throw new WaitingError();
      }
      try {
        return await runJob(runtime, o.store, job, say);
      } finally {
        slots.release();
      }
    };
    const connection = redisConnection(o.queueUrl);
    const workers: Worker<SessionJob>[] = runtime.workspace.allDeclarations('bot').map((bot) => {
      const w = new Worker<SessionJob>(queueName(bot.name), processJob, { connection, concurrency, name, lockDuration: LOCK_MS, stalledInterval: LOCK_MS / 2, maxStalledCount: JOB_ATTEMPTS - 1 });
      // A job out of attempts (its workers killed, or failing before it could run): its session is interrupted.
      w.on('failed', (job, err) => {
        if (!job) return;
        void job.getState().then(async (state) => {
          if (state === 'failed') await markInterrupted(runtime, o.store, job.data.sessionId, err.message);
        }).catch((e: Error) => say(`${job.data.sessionId}: could not be marked interrupted: ${e.message}`));
      });
      w.on('error', (err) => say(`worker error: ${err.message}`));
      return w;
    });
    const all = { waitUntilReady: () => Promise.all(workers.map((w) => w.waitUntilReady())), on: (event: 'error', l: (e: Error) => void) => workers.forEach((w) => w.on(event, l)) };
    try {
      await queueReady(all, o.queueUrl, () => Promise.all(workers.map((w) => w.close(true).then(() => w.disconnect()))));
    } catch (e) {
      await runtime.close();
      rmSync(localStore, { recursive: true, force: true });
      throw e;
    }
    const fleetWorker = new FleetWorker(name, runtime, workers, localStore, o.store, say, control);
    const info = { name, host: hostname(), pid: process.pid, bots: runtime.workspace.allDeclarations('bot').map((b) => b.name), concurrency, startedAt: Date.now() };
    // Each beat also does the fleet's due timeout cleanups; expireDue() takes each session once, whichever worker gets there first.
    const beat = async () => {
      await o.store.heartbeat({ ...info, heartbeatAt: Date.now(), running: runtime.engine.activeSessions().map((s) => s.id) }).catch((e: Error) => say(`heartbeat failed: ${e.message}`));
      for (const id of await o.store.expireDue(Date.now()).catch((e: Error) => (say(`session cleanup failed, retried at the next heartbeat: ${e.message}`), []))) {
        say(`${id}: expired (its session timeout passed): its records and logs are removed from the fleet's store`);
      }
    };
    await beat();
    fleetWorker.timers.push(setInterval(() => void beat(), HEARTBEAT_MS));
    const watchCancels = cancelWatcher(runtime, o.store, say);
    fleetWorker.timers.push(setInterval(() => void watchCancels(), CANCEL_POLL_MS));
    return fleetWorker;
  }

  /** What this worker's own store still holds: sessions whose database export on this machine waits for their timeout (records gone). */
  localSessions(): Array<{ id: string; status: SessionStatus; records: number }> {
    return this.runtime.store.listSessions().map((s) => ({ id: s.id, status: s.status, records: this.runtime.store.datasets(s.id).reduce((n, d) => n + d.count, 0) }));
  }

  /**
   * Graceful stop: takes no new session, lets running ones finish (their jobs complete), then closes.
   * With the queue unreachable, it stops once its sessions are complete in the store without waiting
   * for the queue: their jobs come back later and find their sessions ended.
   */
  async stop(): Promise<void> {
    this.control.stopping = true;
    const drained = Promise.all(this.workers.map((w) => w.pause()));
    while (this.runtime.engine.activeSessions().length) await Promise.allSettled(this.runtime.engine.activeSessions().map((s) => this.runtime.engine.whenEnded(s.id)));
    const answered = await Promise.race([drained.then(() => true), delay(QUEUE_WAIT_MS, false, { ref: false })]);
    if (!answered) this.say(`the queue does not answer: stopping without recording the last jobs there (their sessions are in the fleet's store; when they come back, they find them ended)`);
    await Promise.all(this.workers.map((w) => w.close(!answered)));
    if (!answered) await Promise.all(this.workers.map((w) => w.disconnect()));
    for (const t of this.timers) clearInterval(t);
    await this.store.removeWorker(this.name).catch(() => undefined);
    await this.runtime.close();
    rmSync(this.localStore, { recursive: true, force: true });
  }
}

/**
 * Once the fleet's store has the session, this worker's own store keeps nothing of it, so a worker
 * running thousands of sessions stays small; only a database export's session rows, which are on this
 * machine, keep the session's status and pending cleanup here until its timeout removes them.
 */
function forgetLocalCopy(runtime: SessionRuntime, sessionId: string): void {
  const policy = runtime.store.pendingCleanups(sessionId)[0]?.policy;
  if (policy?.export?.format === 'database' && policy.cleanupExternalSessionData) runtime.store.deleteSessionData(sessionId);
  else runtime.store.deleteSession(sessionId);
  void runtime.store.commit().catch(() => undefined);
}

async function markInterrupted(runtime: SessionRuntime, store: PgSessionStore, sessionId: string, reason: string): Promise<void> {
  const info = await store.getSession(sessionId);
  if (!info || (info.status !== 'queued' && info.status !== 'running')) return;
  const error = `Its worker stopped before it finished, on every attempt (${JOB_ATTEMPTS}): ${reason}`;
  await store.commit(sessionId, [], endedPatch(runtime.workspace, runtime.workspaceDir, info.agent, 'interrupted', error));
}

/** Cancels this worker's sessions that someone asked the fleet's store to cancel (each once). */
function cancelWatcher(runtime: SessionRuntime, store: PgSessionStore, say: (line: string) => void): () => Promise<void> {
  const asked = new Set<string>();
  return async () => {
    const running = runtime.engine.activeSessions().map((s) => s.id);
    for (const id of asked) if (!running.includes(id)) asked.delete(id);
    if (!running.length) return;
    for (const [id, reason] of await store.cancelRequests(running).catch(() => new Map<string, string>())) {
      if (asked.has(id)) continue;
      asked.add(id);
      if (runtime.engine.cancel(id, reason)) say(`${id}: cancelling (asked through the fleet's store)`);
    }
  };
}

/** Runs one session of the job locally and mirrors it to the fleet store; resolves with its final status. */
async function runJob(runtime: SessionRuntime, store: PgSessionStore, job: Job<SessionJob>, say: (line: string) => void): Promise<SessionStatus> {
  const { run, sessionId, inputs } = job.data;
  const { engine } = runtime;
  const stored = await store.getSession(sessionId);
  if (stored && FINISHED_STATUSES.has(stored.status)) {
    say(`${sessionId}: already ${stored.status} (its job came back): nothing to run`);
    return stored.status;
  }
  // A retry on this same worker: the earlier local attempt is closed first (its ID is free again).
  if (runtime.store.getSession(sessionId)) await engine.closeSession(sessionId);
  await store.updateSession(sessionId, { status: 'running', startedAt: Date.now(), error: undefined });
  const copier = new RecordCopier(runtime.store, store, sessionId);
  let lastProgress = 0;
  // A session's log is written in order, so a follower reading it by sequence misses no line.
  let logged: Promise<unknown> = Promise.resolve();
  const following = engine.events.on((e: EngineEvent) => {
    if (!('id' in e) || e.id !== sessionId) return;
    if (e.type === 'session-committed') void copier.flush().catch((err: Error) => say(`${sessionId}: copying records failed, retried at its next commit: ${err.message}`));
    else if (e.type === 'session-log') logged = logged.then(() => store.appendLog(sessionId, e.entry)).catch(() => undefined);
    else if (e.type === 'session-progress' && Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      void store.updateSession(sessionId, { progress: e.progress }).catch(() => undefined);
      void job.updateProgress(e.progress).catch(() => undefined);
    }
  });
  try {
    engine.startSession({ run, sessionId, inputs });
    say(`${sessionId}: running (attempt ${job.attemptsStarted})`);
    const final = await engine.whenEnded(sessionId);
    await logged;
    // Its last records and its end in one transaction: the store never shows it completed without them.
    // Its timeout cleanup is scheduled there too (one worker of the fleet does it), and records removed right after an export go there as well.
    await copier.flush({ status: final.status, endedAt: final.endedAt ?? Date.now(), error: final.error, progress: final.progress, cleanupAt: final.cleanupAt, recordsRemovedAt: final.recordsRemovedAt });
    forgetLocalCopy(runtime, sessionId);
    say(`${sessionId}: ${final.status}`);
    return final.status;
  } finally {
    following.dispose();
  }
}
