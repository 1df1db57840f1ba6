// Submits a run configuration's sessions (or one of them) to the fleet: the same rules as a local run
// (mode, deployment, inputs, session IDs still taken), each session recorded as queued, then one job each.
import { randomUUID } from 'node:crypto';
import type { BotService } from '../bots/bot-service';
import { botParallelLimit, planRun, planRunSession, type SessionPlan } from '../engine/session-plan';
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
  return enqueue(o, bots, (target) => planRun(target, target.state, o.inputs, randomUUID));
}

/** One session of the run (the Agent API's startSession): with the run's entry for `sessionId`, if it names one. */
export async function submitSession(o: SubmitOptions & { sessionId?: string }): Promise<SessionInfo> {
  const { bots } = await loadWorkspaceRules(o.workspaceDir);
  const [session] = await enqueue(o, bots, (target) => [planRunSession(target, target.state, o.sessionId ?? randomUUID(), o.inputs)]);
  return session;
}

async function enqueue(o: SubmitOptions, bots: BotService, plan: (target: ReturnType<BotService['checkRun']>) => SessionPlan[]): Promise<SessionInfo[]> {
  const target = bots.checkRun(o.run);
  const plans = plan(target);
  const queue = await botQueue(o.queueUrl, target.bot.name, botParallelLimit(target.bot, target.state));
  try {
    const queuedAt = Date.now();
    const sessions: SessionInfo[] = plans.map((p) => ({ id: p.id, instanceId: randomUUID(), agent: p.agent.name, run: o.run, bot: target.bot.name, status: 'queued', inputs: p.inputs, progress: { ...EMPTY_PROGRESS }, queuedAt }));
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
