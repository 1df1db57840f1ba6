// Submits a run configuration's sessions to the fleet: the same rules as a local run (mode,
// deployment, inputs, session IDs still taken), each session recorded as queued, then one job each.
import { botParallelLimit, planRun } from '../engine/session-plan';
import type { Inputs, SessionInfo } from '../session-types';
import { EMPTY_PROGRESS } from '../session-types';
import { loadWorkspaceRules } from './workspace-rules';
import type { PgSessionStore } from './pg-session-store';
import { botQueue, JOB_ATTEMPTS, jobIdOf } from './session-queue';

export interface SubmitOptions {
  workspaceDir: string;
  run: string;
  inputs?: Inputs;
  queueUrl: string;
  store: PgSessionStore;
}

/** Records the run's sessions as queued and enqueues them in order (FIFO); returns them. */
export async function submitRun(o: SubmitOptions): Promise<SessionInfo[]> {
  const { bots } = await loadWorkspaceRules(o.workspaceDir);
  const target = bots.checkRun(o.run);
  const plans = planRun(target, target.state, o.inputs, () => globalThis.crypto.randomUUID());
  const queue = await botQueue(o.queueUrl, target.bot.name, botParallelLimit(target.bot, target.state));
  try {
    const queuedAt = Date.now();
    const sessions: SessionInfo[] = plans.map((p) => ({ id: p.id, agent: p.agent.name, run: o.run, bot: target.bot.name, status: 'queued', inputs: p.inputs, progress: { ...EMPTY_PROGRESS }, queuedAt }));
    // Every session is recorded before any job exists: a taken ID refuses the run with nothing enqueued.
    for (const s of sessions) await o.store.createSession(s);
    for (const s of sessions) {
      await queue.add('session', { run: o.run, sessionId: s.id, inputs: s.inputs, queuedAt }, { jobId: jobIdOf(o.run, s.id), attempts: JOB_ATTEMPTS, removeOnComplete: true, removeOnFail: 1000 });
    }
    return sessions;
  } finally {
    await queue.close();
  }
}
