// The debugger over the session engine (knows nothing of DAP): launches a run's sessions under it,
// owns the breakpoints, steps, pauses and evaluates each session on its own, and emits typed events.
import type { Declaration } from '../../../language/src/ast';
import { sessionEntries } from '../../../language/src/model';
import { runTarget } from '../bots/bot-rules';
import type { DebugRequest } from '../engine/debug-request';
import type { SessionEngine } from '../engine/session-engine';
import { loginSpecOf } from '../engine/login-spec';
import { EventHub, type EngineEvent } from '../events';
import type { Workspace } from '../../../language/src/workspace';
import { FINISHED_STATUSES, type Inputs, type LogEntry, type SessionInfo } from '../session-types';
import { RpaUserError } from '../user-error';
import { BreakpointMap, type BreakpointRequest, type BreakpointResult } from './breakpoint-map';
import type { DebugOptions, DebugStop, Evaluation, ResumeMode, SessionDebugControl } from './debug-types';

export interface DebugLaunch {
  run: string;
  /** A subset of the run's session entries (default: the whole run). */
  sessionIds?: string[];
  inputs?: Inputs;
  stopOnEntry?: boolean;
  /** Run without stopping: no breakpoints, no stepping. */
  noDebug?: boolean;
  /** Close finished sessions whose IDs the run needs first (CloseSession), as a restart does. */
  replaceSessions?: boolean;
}

export type DebuggerEvent =
  | { type: 'session-started'; session: SessionInfo }
  | { type: 'session-ended'; session: SessionInfo }
  | { type: 'stopped'; sessionId: string; stop: DebugStop }
  | { type: 'continued'; sessionId: string }
  | { type: 'log'; sessionId: string; entry: LogEntry }
  /** Every session of the launch has ended. */
  | { type: 'finished' };

export class SessionDebugger {
  readonly events = new EventHub<DebuggerEvent>();
  readonly breakpoints = new BreakpointMap();
  private readonly sessions = new Map<string, { stop?: DebugStop; ended: boolean }>();
  private restarting = false;
  private breakOnProblems = false;
  private launched: DebugLaunch | undefined;
  private readonly listening: { dispose(): void };
  /** Engine events that came while a launch was starting its sessions (before their IDs were known). */
  private early: EngineEvent[] | undefined;

  constructor(private readonly engine: SessionEngine, private readonly workspace: Workspace) {
    this.listening = engine.events.on((e) => (this.early ? this.early.push(e) : this.onEngineEvent(e)));
  }

  /** Starts the run's sessions (all, or the given subset) under the debugger; refusals are user errors. */
  async launch(launch: DebugLaunch): Promise<SessionInfo[]> {
    this.launched = launch;
    const target = runTarget(this.workspace, launch.run);
    const named = sessionEntries(target.run).map((e) => e.id.value);
    const unknown = (launch.sessionIds ?? []).filter((id) => !named.includes(id));
    if (unknown.length) {
      throw new RpaUserError(
        'unknown-session',
        `Run ${launch.run} has no session ${unknown.map((id) => JSON.stringify(id)).join(', ')}: sessionIds picks among its session entries` +
          (named.length ? ` (${named.map((id) => JSON.stringify(id)).join(', ')}).` : ', and it names none (its sessions get generated IDs): remove sessionIds.'),
      );
    }
    const ids = launch.sessionIds?.length ? launch.sessionIds : named;
    if (launch.replaceSessions) await this.closeFinished(ids);
    const debug: DebugRequest | undefined = launch.noDebug ? undefined : { options: (agent) => this.optionsFor(agent, launch), onStopped: (id, stop) => this.stopped(id, stop) };
    this.early = [];
    let infos: SessionInfo[];
    try {
      infos = launch.sessionIds?.length ? this.startSubset(launch, launch.sessionIds, debug) : this.engine.startRun(launch.run, { inputs: launch.inputs, debug });
      for (const s of infos) this.sessions.set(s.id, { ended: false });
    } finally {
      const early = this.early;
      this.early = undefined;
      for (const e of early) this.onEngineEvent(e);
    }
    return infos;
  }

  /** Some of the run's sessions, refused as a whole like a whole run: those started before a refusal are cancelled. */
  private startSubset(launch: DebugLaunch, ids: readonly string[], debug: DebugRequest | undefined): SessionInfo[] {
    const started: SessionInfo[] = [];
    try {
      for (const sessionId of ids) started.push(this.engine.startSession({ run: launch.run, sessionId, inputs: launch.inputs, debug }));
      return started;
    } catch (e) {
      for (const s of started) this.engine.cancel(s.id, 'Cancelled: another session of the same debug launch was refused.');
      throw e;
    }
  }

  private onEngineEvent(e: EngineEvent): void {
    const id = 'session' in e ? e.session.id : e.id;
    if (!this.sessions.has(id)) return;
    if (e.type === 'session-started') this.events.emit({ type: 'session-started', session: e.session });
    else if (e.type === 'session-log') this.events.emit({ type: 'log', sessionId: id, entry: e.entry });
    else if (e.type === 'session-ended') this.ended(e.session);
  }

  /** Cancels what still runs, waits for it, closes the launch's sessions and launches it again. */
  async restart(): Promise<SessionInfo[]> {
    if (!this.launched) throw new RpaUserError('unknown-session', 'Nothing was launched, so there is nothing to restart.');
    const ids = [...this.sessions.keys()];
    // The launch is not finished while its sessions end to be started again.
    this.restarting = true;
    try {
      await this.terminate();
      this.sessions.clear();
      await this.closeFinished(ids);
      return await this.launch({ ...this.launched, replaceSessions: true });
    } finally {
      this.restarting = false;
    }
  }

  /** Cancels every session of the launch that is queued or running; their committed records are kept. */
  async terminate(): Promise<void> {
    const active = [...this.sessions.keys()].filter((id) => !this.sessions.get(id)!.ended);
    for (const id of active) this.engine.cancel(id, 'Cancelled when the debug session ended; the records it committed are kept.');
    await Promise.allSettled(active.map((id) => this.engine.whenEnded(id)));
  }

  /** Cancels one session (the editor's "terminate thread"). */
  cancel(sessionId: string): boolean {
    this.require(sessionId);
    return this.engine.cancel(sessionId, 'Cancelled from the debugger; the records it committed are kept.');
  }

  setBreakpoints(uri: string, requests: readonly BreakpointRequest[]): BreakpointResult[] {
    const results = this.breakpoints.set(this.workspace, uri, requests);
    for (const [id, s] of this.sessions) {
      const agent = this.agentOf(id);
      if (!s.ended && agent?.uri === uri) this.control(id)?.setBreakpoints(this.breakpoints.forAgent(this.workspace, agent));
    }
    return results;
  }

  /** The "Step failures" exception filter, for sessions running now and those still to start. */
  setBreakOnProblems(on: boolean): void {
    this.breakOnProblems = on;
    for (const id of this.active()) this.control(id)?.setBreakOnProblems(on);
  }

  resume(sessionId: string, mode: ResumeMode): void {
    const s = this.require(sessionId);
    if (!s.stop) return;
    s.stop = undefined;
    this.control(sessionId)?.resume(mode);
    this.events.emit({ type: 'continued', sessionId });
  }

  pause(sessionId: string): void {
    this.require(sessionId);
    this.control(sessionId)?.pause();
  }

  evaluate(sessionId: string, expression: string): Promise<Evaluation> {
    const s = this.require(sessionId);
    const control = this.control(sessionId);
    if (!s.stop || !control) return Promise.reject(new Error(`Session "${sessionId}" is not stopped; pause it (or wait for a breakpoint) to evaluate on its page.`));
    return control.evaluate(expression);
  }

  /** Where the session stopped, while it is stopped. */
  stopOf(sessionId: string): DebugStop | undefined {
    return this.sessions.get(sessionId)?.stop;
  }

  /** The launch's sessions that have started and not ended, in start order. */
  active(): string[] {
    return [...this.sessions.entries()].filter(([id, s]) => !s.ended && this.engine.session(id)?.status === 'running').map(([id]) => id);
  }

  session(sessionId: string): SessionInfo | undefined {
    return this.sessions.has(sessionId) ? this.engine.session(sessionId) : undefined;
  }

  /** The bot user a session signs in as (its run's login, or the bot's default); never the password. */
  loginUserOf(sessionId: string): string | undefined {
    const run = this.engine.session(sessionId)?.run;
    if (!run) return undefined;
    return loginSpecOf(runTarget(this.workspace, run).resolved.login)?.user;
  }

  agentOf(sessionId: string): Declaration | undefined {
    const agent = this.engine.session(sessionId)?.agent;
    return agent ? this.workspace.resolve('agent', agent) : undefined;
  }

  dispose(): void {
    this.listening.dispose();
  }

  private optionsFor(agent: Declaration, launch: DebugLaunch): DebugOptions {
    return { breakpoints: this.breakpoints.forAgent(this.workspace, agent), stopOnEntry: launch.stopOnEntry ?? false, breakOnProblems: this.breakOnProblems };
  }

  private stopped(sessionId: string, stop: DebugStop): void {
    const s = this.sessions.get(sessionId);
    if (!s || s.ended) return;
    s.stop = stop;
    this.events.emit({ type: 'stopped', sessionId, stop });
  }

  private ended(session: SessionInfo): void {
    const s = this.sessions.get(session.id);
    if (!s || s.ended) return;
    s.ended = true;
    s.stop = undefined;
    this.events.emit({ type: 'session-ended', session });
    if (!this.restarting && [...this.sessions.values()].every((x) => x.ended)) this.events.emit({ type: 'finished' });
  }

  private async closeFinished(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const s = this.engine.session(id);
      if (s && FINISHED_STATUSES.has(s.status) && s.status !== 'closed' && s.status !== 'expired') await this.engine.closeSession(id);
    }
  }

  private control(sessionId: string): SessionDebugControl | undefined {
    return this.engine.debugControl(sessionId);
  }

  private require(sessionId: string): { stop?: DebugStop; ended: boolean } {
    const s = this.sessions.get(sessionId);
    if (!s) throw new RpaUserError('unknown-session', `Session "${sessionId}" is not part of this debug session.`);
    return s;
  }
}
