// The fleet's session queue on BullMQ (Redis): one queue per bot, whose global concurrency is the
// bot's effective secure-session limit, so the limit holds across every worker; jobs carry no secrets.
import { setTimeout as delay } from 'node:timers/promises';
import { Queue, type ConnectionOptions } from 'bullmq';
import { RpaUserError } from '../user-error';
import { maskedReason, shownUrl } from './pg-url';
import type { Inputs } from '../session-types';

/** What a job carries: which session of which run, with its inputs (secrets stay in each worker's environment). */
export interface SessionJob {
  run: string;
  sessionId: string;
  inputs: Inputs;
  /** When it was submitted (ms), for the session's queuedAt. */
  queuedAt: number;
}

/** How often a job is tried before its session is marked interrupted (a worker killed mid-session counts as one). */
export const JOB_ATTEMPTS = 3;

/** The queue of one bot's sessions (bot names are letters, digits, "_" and "-"). */
export function queueName(bot: string): string {
  return `rpa-sessions.${bot}`;
}

/** Job ID = run and session ID, so a session is enqueued at most once while its job exists (BullMQ IDs may not contain ':'). */
export function jobIdOf(run: string, sessionId: string): string {
  return `${encodeURIComponent(run)}.${encodeURIComponent(sessionId)}`;
}

/** Connection options for a redis:// URL; BullMQ's workers need maxRetriesPerRequest null to block on the queue. */
export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`The queue URL must start with redis:// (got ${u.protocol}//…).`);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/** How long submitting, or a worker starting, waits for Redis to answer before saying it cannot. */
const QUEUE_CONNECT_MS = 10_000;

/**
 * Resolves once the queue's Redis answers. When it does not within QUEUE_CONNECT_MS, `give up` ends
 * the connection's retries and this refuses with where and what to check, password masked.
 */
export async function queueReady(client: { waitUntilReady(): Promise<unknown>; on(event: 'error', listener: (e: Error) => void): unknown }, url: string, giveUp: () => Promise<unknown>): Promise<void> {
  let last: unknown = 'no answer';
  client.on('error', (e) => (last = e)); // seen by the refusal below, not printed as it retries
  const ready = await Promise.race([client.waitUntilReady().then(() => true), delay(QUEUE_CONNECT_MS, false, { ref: false })]);
  if (ready) return;
  await giveUp().catch(() => undefined);
  throw new RpaUserError(
    'queue-unavailable',
    `The queue at ${shownUrl(url)} could not be reached within ${QUEUE_CONNECT_MS / 1000} s: ${maskedReason(url, last)}. Check that Redis runs there ` +
      '(for a local one: bash scripts/services.sh start .services prints a working RPA_QUEUE).',
  );
}

/** A bot's queue, once its Redis answers. */
async function openQueue(url: string, bot: string): Promise<Queue<SessionJob>> {
  const queue = new Queue<SessionJob>(queueName(bot), { connection: redisConnection(url) });
  await queueReady(queue, url, () => queue.close());
  return queue;
}

/** The bot's queue, with its fleet-wide limit set. */
export async function botQueue(url: string, bot: string, limit: number): Promise<Queue<SessionJob>> {
  const queue = await openQueue(url, bot);
  await queue.setGlobalConcurrency(limit);
  return queue;
}

/** Takes a session's job off its bot's queue while no worker has it; false once a worker took it (or it is gone). */
export async function removeQueuedJob(url: string, bot: string, run: string, sessionId: string): Promise<boolean> {
  const queue = await openQueue(url, bot);
  try {
    const job = await queue.getJob(jobIdOf(run, sessionId));
    if (!job || !['waiting', 'prioritized', 'delayed'].includes(await job.getState())) return false;
    return (await queue.remove(job.id!)) === 1;
  } finally {
    await queue.close();
  }
}
