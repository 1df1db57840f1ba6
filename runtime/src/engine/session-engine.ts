// The session engine: starts run configurations and single agent sessions, queues them through the
// scheduler, runs each on a SessionRunner, watches bot rules while they run, and records everything.
import { formatDuration } from '../../../language/src/literals';
import type { Workspace } from '../../../language/src/workspace';
import type { BotEvent, BotService } from '../bots/bot-service';
import { declarationOrError, runningProblem } from '../bots/bot-rules';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { EngineEvent } from '../events';
import { EventHub } from '../events';
import type { Inputs, LogEntry, SessionInfo } from '../session-types';
import { EMPTY_PROGRESS, FINISHED_STATUSES } from '../session-types';
import type { SessionStoreApi } from '../store/store-api';
import { RpaUserError } from '../user-error';
import type { SessionCleanup } from './cleanup';
import { cleanupPolicyOf } from './cleanup-policy';
import { datasetSchemas } from './dataset-schemas';
import { LiveSession } from './live-session';
import { MissingSecretError, missingSecret } from './login-spec';
import { Scheduler } from './scheduler';
import type { SessionDebugControl } from '../debug/debug-types';
import type { DebugRequest } from './debug-request';
import type { SessionJob, SessionRunner, StopOutcome } from './session-runner';
import type { SessionPlan } from './session-plan';
import { validateSessionId } from '../store/session-rows';
import { jobOf, planAgentSession, planRun, planRunSession } from './session-plan';
import { StoreCommitter } from './store-committer';
import { refuseWorkspaceErrors } from './workspace-gate';

export interface SessionEngineOptions {
  workspace: Workspace;
  store: SessionStoreApi;
  bots: BotService;
  runner: SessionRunner;
  clock?: Clock;
  /** Exports and cleans up each session after it ends (SPEC §3); without it, sessions are kept until closed. */
  cleanup?: SessionCleanup;
  /** The workspace folder: relative export paths resolve against it. */
  baseDir: string;
  /**
   * Looks up a `secret("ENV")` value: a start is refused when a session would need it and it is not set,
   * and it is registered with the store, which then refuses to write it anywhere. The session reads it itself.
   */
  secret?: (env: string) => string | undefined;
  /** How many sessions of agents started without a run (no bot) run in parallel. */
  localParallel?: number;
  /**
   * While sessions run, what they record is committed to the store at least this often (default
   * DEFAULT_COMMIT_EVERY_MS), so other processes see it; state changes are committed at once.
   */
  commitEveryMs?: number;
  newId?: () => string;
}

export interface StartRequest {
  /** Start one session of this agent alone (no bot) … */
  agent?: string;
  /** … or one session of this run configuration (on its bot, with its mode, login and timeout). */
  run?: string;
  sessionId?: string;
  inputs?: Inputs;
  /** Run the session under the debugger. */
  debug?: DebugRequest;
}

export const DEFAULT_LOCAL_PARALLEL = 4;
export const DEFAULT_COMMIT_EVERY_MS = 250;

export class SessionEngine {
  readonly events = new EventHub<EngineEvent>();
  private readonly live = new Map<string, LiveSession>();
  private readonly scheduler: Scheduler;
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly botWatch: { dispose(): void };
  private readonly committer: StoreCommitter;

  constructor(private readonly options: SessionEngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? (() => globalThis.crypto.randomUUID());
    this.committer = new StoreCommitter({
      store: options.store,
      clock: this.clock,
      intervalMs: options.commitEveryMs ?? DEFAULT_COMMIT_EVERY_MS,
      beforeCommit: () => {
        const committing = [...this.live.values()].map((s) => {
          s.writeProgress();
          return s.recordedSoFar();
        });
        return () => {
          for (const c of committing) c.committed();
        };
      },
      onError: (e) => this.commitFailed(e),
    });
    this.scheduler = new Scheduler({
      start: (id) => this.begin(id),
      moved: (changes) => {
        for (const { id, position } of changes) {
          const s = this.live.get(id);
          if (s) this.events.emit({ type: 'session-queued', session: s.snapshot(), position });
        }
      },
    });
    this.botWatch = options.bots.events.on((e) => this.onBotChanged(e));
  }

  /** Starts every session of a run configuration (refused as a whole if any can't start). */
  startRun(runName: string, opts: { inputs?: Inputs; debug?: DebugRequest } = {}): SessionInfo[] {
    refuseWorkspaceErrors(this.options.workspace, this.options.baseDir, `Run ${runName}`);
    const target = this.options.bots.checkRun(runName);
    const plans = planRun(target, target.state, opts.inputs, this.newId);
    return this.enqueue(plans, opts.debug);
  }

  /** The first secret("ENV") the run's sessions would read that the runtime's environment lacks, if any. */
  missingSecretOf(runName: string): string | undefined {
    const target = this.options.bots.checkRun(runName);
    return planRun(target, target.state, undefined, this.newId).map((p) => this.missingSecretOfPlan(p)).find((m) => m !== undefined);
  }

  /** Starts one session: of a run configuration (`run`) or of an agent alone (`agent`). */
  startSession(req: StartRequest): SessionInfo {
    if (!req.run === !req.agent) throw new RpaUserError('unknown-declaration', 'Start a session with either `run` (a run configuration) or `agent` (an agent alone), not both and not neither.');
    refuseWorkspaceErrors(this.options.workspace, this.options.baseDir, req.run ? `Run ${req.run}` : `Agent ${req.agent}`);
    const id = req.sessionId ?? this.newId();
    let plan: SessionPlan;
    if (req.run) {
      const target = this.options.bots.checkRun(req.run);
      plan = planRunSession(target, target.state, id, req.inputs);
    } else {
      const agent = declarationOrError(this.options.workspace, 'agent', req.agent!);
      plan = planAgentSession(agent, id, req.inputs, this.options.localParallel ?? DEFAULT_LOCAL_PARALLEL);
    }
    return this.enqueue([plan], req.debug)[0];
  }

  /**
   * CloseSession: cancels the session if it is still queued or running, then removes its internal data
   * at once (and its rows in a database export when Cleanup External Session Data is on).
   */
  async closeSession(id: string): Promise<SessionInfo | undefined> {
    if (!this.options.cleanup) throw new Error('This session engine has no cleanup service, so it cannot close sessions.');
    this.cancel(id, 'Closed while it was queued or running (CloseSession).');
    if (this.live.has(id)) await this.whenEnded(id);
    await this.options.cleanup.closeSession(id);
    return this.options.store.getSession(id);
  }

  /** Cancels a queued or running session; false if it is not queued or running here. */
  cancel(id: string, reason = 'Cancelled by the user.'): boolean {
    const s = this.live.get(id);
    if (!s) return false;
    if (this.scheduler.remove(id)) {
      s.finish({ status: 'cancelled', error: reason });
      return true;
    }
    return s.stop({ status: 'cancelled', error: reason });
  }

  /** The session's current info: live while it is queued or running, else from the store. */
  session(id: string): SessionInfo | undefined {
    return this.live.get(id)?.snapshot() ?? this.options.store.getSession(id);
  }

  /** Sessions queued or running in this engine, in start order. */
  activeSessions(): SessionInfo[] {
    return [...this.live.values()].map((s) => s.snapshot());
  }

  /** The debugger's control of a session running under it (undefined when it is not, or has ended). */
  debugControl(id: string): SessionDebugControl | undefined {
    return this.live.get(id)?.debugControl;
  }

  queuePosition(id: string): number | undefined {
    return this.scheduler.position(id);
  }

  /** Resolves with the final info once the session has ended and its data is committed. */
  async whenEnded(id: string): Promise<SessionInfo> {
    const s = this.live.get(id);
    if (s) return s.ended;
    const info = this.options.store.getSession(id);
    if (!info) throw new RpaUserError('unknown-session', `There is no session "${id}".`);
    return info;
  }

  /** Resolves once no session is queued or running. */
  async whenIdle(): Promise<void> {
    while (this.live.size) await Promise.allSettled([...this.live.values()].map((s) => s.ended));
  }

  /** Stops everything still queued or running (as interrupted) and waits for it to be recorded. */
  async dispose(): Promise<void> {
    this.botWatch.dispose();
    for (const id of [...this.live.keys()]) {
      const s = this.live.get(id)!;
      const outcome: StopOutcome = { status: 'interrupted', error: 'The session engine was shut down while the session was queued or running.' };
      if (this.scheduler.remove(id)) s.finish(outcome);
      else s.stop(outcome);
    }
    await this.whenIdle();
    this.committer.dispose();
  }

  private missingSecretOfPlan(p: SessionPlan): string | undefined {
    const lookup = this.options.secret;
    return lookup && missingSecret(p.login, jobOf(p, this.options.baseDir).steps, lookup);
  }

  private enqueue(plans: SessionPlan[], debug: DebugRequest | undefined): SessionInfo[] {
    const seen = new Set<string>();
    for (const p of plans) {
      validateSessionId(p.id);
      if (seen.has(p.id)) throw duplicateId(p.id, 'it appears twice in this start request');
      seen.add(p.id);
      if (this.live.has(p.id)) throw duplicateId(p.id, `it is ${this.live.get(p.id)!.info.status}`);
      const existing = this.options.store.getSession(p.id);
      if (existing && existing.status !== 'closed' && existing.status !== 'expired') throw duplicateId(p.id, `it is ${existing.status} and not cleaned up yet`);
      const missing = this.missingSecretOfPlan(p);
      if (missing) throw new MissingSecretError(missing);
    }
    const out: SessionInfo[] = [];
    const positions: number[] = [];
    try {
      for (const plan of plans) {
        const s = this.create(plan, debug);
        positions.push(this.scheduler.enqueue(plan.id, plan.slots));
        out.push(s.snapshot());
      }
    } finally {
      // Whatever was created is queued and dispatched, even if a later session could not be created.
      out.forEach((info, i) => this.events.emit({ type: 'session-queued', session: info, position: positions[i] }));
      this.scheduler.dispatch();
      if (out.length) this.committer.now();
    }
    return out.map((info) => this.live.get(info.id)?.snapshot() ?? this.session(info.id) ?? info);
  }

  /** Records a new queued session in the store (datasets, secrets, cleanup policy) and tracks it. */
  private create(plan: SessionPlan, debug: DebugRequest | undefined): LiveSession {
    const info: SessionInfo = {
      id: plan.id,
      instanceId: globalThis.crypto.randomUUID(),
      agent: plan.agent.name,
      run: plan.run?.name,
      bot: plan.bot?.name,
      status: 'queued',
      inputs: plan.inputs,
      progress: { ...EMPTY_PROGRESS },
      queuedAt: this.clock.now(),
    };
    for (const schema of datasetSchemas(plan.agent)) this.options.store.defineDataset(schema);
    this.registerSecret(plan);
    this.options.store.createSession(info);
    this.options.cleanup?.register(plan.id, cleanupPolicyOf(plan.agent, this.options.baseDir));
    const s = new LiveSession(plan, info, {
      store: this.options.store,
      events: this.events,
      clock: this.clock,
      debug,
      secrets: (job) => this.secretsOf(job),
      changed: (what) => (what === 'state' ? this.committer.now() : this.committer.soon()),
      onFinished: (finished) => this.afterFinish(finished),
    });
    this.live.set(plan.id, s);
    return s;
  }

  /** The scheduler gave this session its slots: check the bot rules once more, then run it. */
  private begin(id: string): void {
    const s = this.live.get(id)!;
    const { plan } = s;
    if (plan.bot) {
      const problem = runningProblem(plan.bot, this.options.bots.state(plan.bot.name), id);
      if (problem) {
        s.finish({ status: 'failed', error: problem });
        return;
      }
    }
    const timeout = plan.timeoutMs;
    s.run(this.options.runner, jobOf(plan, this.options.baseDir, s.debugRequest?.options(plan.agent)), timeout === undefined ? undefined : {
      ms: timeout,
      outcome: {
        status: 'failed',
        error:
          `Session "${id}" ran longer than run ${plan.run?.name}'s run-time limit (timeout: ${formatDuration(timeout)}) and was stopped. ` +
          `Fix: raise \`timeout\` in run ${plan.run?.name}, or lower the agent's page limits (paginate/visit max).`,
      },
    });
  }

  /** The job's secret("ENV") values, looked up in the runtime's environment (never part of the job). */
  private secretsOf(job: SessionJob): Record<string, string> {
    const pw = job.login?.password;
    const value = pw && 'env' in pw ? this.options.secret?.(pw.env) : undefined;
    return pw && 'env' in pw && value !== undefined ? { [pw.env]: value } : {};
  }

  private registerSecret(plan: SessionPlan): void {
    const pw = plan.login?.password;
    const value = pw && ('literal' in pw ? pw.literal : this.options.secret?.(pw.env));
    if (value) this.options.store.registerSecret(value);
  }

  /**
   * Exports the session and schedules its cleanup, announces its end with the final status (a failed
   * export fails it), then frees its slots; resolves with its final info. The session holds its slots
   * until its export is done, so what the events show never exceeds a limit.
   */
  private async afterFinish(s: LiveSession): Promise<SessionInfo> {
    let info = s.snapshot();
    try {
      await this.committer.commit();
      try {
        await this.options.cleanup?.sessionEnded(s.plan.id, cleanupPolicyOf(s.plan.agent, this.options.baseDir));
      } catch (e) {
        s.log('error', `The session ended, but its export and cleanup could not be scheduled: ${(e as Error).message}`);
        await this.committer.commit();
      }
      info = this.options.store.getSession(s.plan.id) ?? info;
      return info;
    } finally {
      s.announceEnd(info);
      this.live.delete(s.plan.id);
      this.scheduler.release(s.plan.id);
    }
  }

  /** Tells whoever follows the running sessions (CLI, panel) that the store stopped committing, and why. */
  private commitFailed(error: Error): void {
    const entry: LogEntry = {
      time: this.clock.now(),
      level: 'error',
      message:
        `The session store could not be committed (${this.options.store.redact(error.message)}), so other processes do not see this session's ` +
        'latest status and records, and a crash now would lose them. The session goes on; the next change retries the commit. ' +
        "Check free disk space and permissions of the workspace's .rpa folder.",
    };
    for (const s of this.live.values()) this.events.emit({ type: 'session-log', id: s.plan.id, entry });
  }

  private onBotChanged(e: BotEvent): void {
    for (const s of this.live.values()) {
      if (s.plan.bot?.name !== e.bot || !this.scheduler.isRunning(s.plan.id) || FINISHED_STATUSES.has(s.info.status)) continue;
      const problem = runningProblem(s.plan.bot, e.state, s.plan.id);
      if (problem) s.stop({ status: 'failed', error: problem });
    }
  }
}

function duplicateId(id: string, why: string): RpaUserError {
  return new RpaUserError(
    'duplicate-session-id',
    `Session "${id}" can't start: a session with this ID already exists (${why}). A session ID stays taken until the session is ` +
      `cleaned up (Sequentum's CloseSession, or its session timeout). Fix: close it first (\`rpa-sessions sessions close ${id}\`, or \`rpa-sessions run … --replace\` for a whole run) or use another session ID.`,
  );
}
