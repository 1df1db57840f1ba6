// The `rpa` debug adapter: translates DAP requests to the runtime's SessionDebugger and its events to
// DAP events. Each session of the run is a thread; stopping, stepping or continuing one never holds up
// the others. Runs inline in VS Code (on the folder's runtime) or standalone over stdio.
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Breakpoint, InitializedEvent, LoggingDebugSession, OutputEvent, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread, ThreadEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebuggerEvent } from '../../../runtime/src/debug/session-debugger';
import { SessionDebugger } from '../../../runtime/src/debug/session-debugger';
import type { ResumeMode } from '../../../runtime/src/debug/debug-types';
import type { SessionRuntime } from '../../../runtime/src/node/session-runtime';
import { DebugVariables } from './debug-variables';
import { frameRange, frameTitle, framesOf } from './debug-frames';
import { launchFolder, resolveLaunch, type RpaLaunchArguments } from './debug-launch';

/** The runtime of a workspace folder, for as long as the debug session holds it. */
export interface RuntimeLease {
  runtime: SessionRuntime;
  release(): void | Promise<void>;
}

export type RuntimeProvider = (workspaceDir: string) => Promise<RuntimeLease>;

/** The exception filter that stops a session at a step's problem, before it fails the session. */
const STEP_FAILURES = 'stepFailures';

export class RpaDebugSession extends LoggingDebugSession {
  private lease: RuntimeLease | undefined;
  private debugger: SessionDebugger | undefined;
  private readonly threads = new Map<string, number>();
  private readonly sessionsByThread = new Map<number, string>();
  private nextThread = 1;
  private readonly variables = new DebugVariables();
  private configured!: () => void;
  private readonly configurationDone = new Promise<void>((resolve) => (this.configured = resolve));
  private finished = false;

  constructor(private readonly provide: RuntimeProvider) {
    super();
    this.setDebuggerLinesStartAt1(false);
    this.setDebuggerColumnsStartAt1(false);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsBreakpointLocationsRequest: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsTerminateThreadsRequest: true,
      supportsSingleThreadExecutionRequests: true,
      exceptionBreakpointFilters: [
        { filter: STEP_FAILURES, label: 'Step failures', default: false, description: 'Stop a session at a step that fails (HTTP error, missing element, invalid selector) or a field that cannot be converted, before it takes effect.' },
      ],
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: RpaLaunchArguments): Promise<void> {
    try {
      this.lease = await this.provide(launchFolder(args));
      const { runtime } = this.lease;
      const launch = resolveLaunch(runtime.workspace, args);
      this.debugger = new SessionDebugger(runtime.engine, runtime.workspace);
      this.debugger.events.on((e) => this.onDebuggerEvent(e));
      // The editor sends breakpoints and exception filters now, then configurationDone.
      this.sendEvent(new InitializedEvent());
      await this.configurationDone;
      const sessions = await this.debugger.launch(launch);
      this.output(`${launch.noDebug ? 'Running' : 'Debugging'} run ${launch.run}: ${sessions.map((s) => s.id).join(', ')}\n`, 'console');
      this.sendResponse(response);
    } catch (e) {
      await this.releaseRuntime();
      this.sendErrorResponse(response, { id: 1, format: (e as Error).message, variables: {}, showUser: true });
    }
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured();
    this.sendResponse(response);
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const path = args.source.path;
    if (!this.debugger || !path) return this.fail(response, 'Breakpoints can be set once the debug session has loaded its workspace.');
    const requests = (args.breakpoints ?? []).map((b) => ({ line: this.convertClientLineToDebugger(b.line), condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage }));
    const results = this.debugger.setBreakpoints(pathToFileURL(path).href, requests);
    response.body = {
      breakpoints: results.map((r) => {
        const bp: DebugProtocol.Breakpoint = new Breakpoint(r.verified, this.convertDebuggerLineToClient(r.line));
        bp.id = r.id;
        if (r.message) bp.message = r.message;
        return bp;
      }),
    };
    this.sendResponse(response);
  }

  protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    const path = args.source.path;
    const from = this.convertClientLineToDebugger(args.line);
    const to = this.convertClientLineToDebugger(args.endLine ?? args.line);
    const lines = this.debugger && path ? this.debugger.breakpoints.locations(this.lease!.runtime.workspace, pathToFileURL(path).href, from, to) : [];
    response.body = { breakpoints: lines.map((l) => ({ line: this.convertDebuggerLineToClient(l) })) };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.debugger?.setBreakOnProblems(args.filters.includes(STEP_FAILURES));
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = [...this.threads].flatMap(([id, tid]) => {
      const s = this.debugger?.session(id);
      if (!s || (s.status !== 'running' && s.status !== 'queued')) return [];
      const state = this.debugger!.stopOf(id) ? 'paused' : s.status;
      return [new Thread(tid, `${id} · ${state}`)];
    });
    response.body = { threads };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const id = this.sessionsByThread.get(args.threadId);
    const stop = id ? this.debugger?.stopOf(id) : undefined;
    const agent = id ? this.debugger?.agentOf(id) : undefined;
    if (!id || !stop || !agent) {
      response.body = { stackFrames: [], totalFrames: 0 };
      return this.sendResponse(response);
    }
    const path = fileURLToPath(agent.uri);
    const source = new Source(basename(path), this.convertDebuggerPathToClient(path));
    const text = this.lease!.runtime.workspace.getFile(agent.uri)?.text ?? '';
    const frames = framesOf(stop.frame).map((f, level) => {
      const r = frameRange(f.step, text);
      const frame: DebugProtocol.StackFrame = new StackFrame(args.threadId * 1000 + level, frameTitle(f), source, this.convertDebuggerLineToClient(r.line), this.convertDebuggerColumnToClient(r.column));
      frame.endLine = this.convertDebuggerLineToClient(r.endLine);
      frame.endColumn = this.convertDebuggerColumnToClient(r.endColumn);
      return frame;
    });
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const id = this.sessionsByThread.get(Math.floor(args.frameId / 1000));
    const stop = id ? this.debugger?.stopOf(id) : undefined;
    const session = id ? this.debugger?.session(id) : undefined;
    response.body = { scopes: stop && session ? this.variables.scopes(session, stop, this.debugger!.loginUserOf(id!)) : [] };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    response.body = { variables: this.variables.variables(args.variablesReference) };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    this.resume(args.threadId, 'continue');
    response.body = { allThreadsContinued: false };
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.resume(args.threadId, 'next');
    this.sendResponse(response);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.resume(args.threadId, 'stepIn');
    this.sendResponse(response);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.resume(args.threadId, 'stepOut');
    this.sendResponse(response);
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse, args: DebugProtocol.PauseArguments): void {
    const id = this.sessionsByThread.get(args.threadId);
    if (id) this.debugger?.pause(id);
    this.sendResponse(response);
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    const id = args.frameId !== undefined ? this.sessionsByThread.get(Math.floor(args.frameId / 1000)) : this.onlyStopped();
    if (!id || !this.debugger) return this.fail(response, 'Select a stopped session (a thread in the Call Stack) to evaluate on its page.');
    try {
      const result = await this.debugger.evaluate(id, args.expression);
      response.body = this.variables.evaluation(result);
      this.sendResponse(response);
    } catch (e) {
      this.fail(response, (e as Error).message);
    }
  }

  protected override terminateThreadsRequest(response: DebugProtocol.TerminateThreadsResponse, args: DebugProtocol.TerminateThreadsArguments): void {
    for (const tid of args.threadIds ?? []) {
      const id = this.sessionsByThread.get(tid);
      if (id) this.debugger?.cancel(id);
    }
    this.sendResponse(response);
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse): Promise<void> {
    try {
      // What was edited since the launch runs now (the editor saves before it restarts).
      await this.lease?.runtime.reload();
      await this.debugger?.restart();
      this.sendResponse(response);
    } catch (e) {
      // The old sessions are gone and no new ones started: the debug session is over.
      this.fail(response, (e as Error).message);
      this.end();
    }
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.debugger?.terminate();
    this.sendResponse(response);
    this.end();
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.debugger?.terminate();
    await this.releaseRuntime();
    this.sendResponse(response);
  }

  private resume(threadId: number, mode: ResumeMode): void {
    const id = this.sessionsByThread.get(threadId);
    if (!id || !this.debugger) return;
    this.variables.reset();
    this.debugger.resume(id, mode);
  }

  /** The one stopped session, for an evaluate without a frame (the Debug Console with nothing selected). */
  private onlyStopped(): string | undefined {
    const stopped = [...this.threads.keys()].filter((id) => this.debugger?.stopOf(id));
    return stopped.length === 1 ? stopped[0] : undefined;
  }

  private onDebuggerEvent(e: DebuggerEvent): void {
    switch (e.type) {
      case 'session-started':
        return this.sendEvent(new ThreadEvent('started', this.threadOf(e.session.id)));
      case 'session-ended': {
        const s = e.session;
        this.output(`[${s.id}] ${s.status}: ${s.progress.pages} pages, ${s.progress.records} records${s.error ? ` — ${s.error}` : ''}\n`, s.status === 'completed' ? 'console' : 'stderr');
        const tid = this.threadOf(s.id);
        // The thread is done with: a later session with this ID (a restart) is a new thread, and a
        // request naming this one never reaches it.
        this.threads.delete(s.id);
        this.sessionsByThread.delete(tid);
        return this.sendEvent(new ThreadEvent('exited', tid));
      }
      case 'stopped': {
        const event = new StoppedEvent(e.stop.reason, this.threadOf(e.sessionId), e.stop.text) as DebugProtocol.StoppedEvent;
        event.body.allThreadsStopped = false;
        // VS Code shows "Paused on breakpoint" (step, pause, entry) by itself; a step problem says what it is.
        if (e.stop.text) event.body.description = e.stop.text;
        if (e.stop.breakpointIds) event.body.hitBreakpointIds = e.stop.breakpointIds;
        return this.sendEvent(event);
      }
      case 'log':
        return this.output(`[${e.sessionId}] ${e.entry.message}\n`, e.entry.level === 'error' ? 'stderr' : 'console');
      case 'finished':
        return this.end();
      case 'continued':
        return;
    }
  }

  private threadOf(sessionId: string): number {
    let tid = this.threads.get(sessionId);
    if (tid === undefined) {
      tid = this.nextThread++;
      this.threads.set(sessionId, tid);
      this.sessionsByThread.set(tid, sessionId);
    }
    return tid;
  }

  private end(): void {
    if (this.finished) return;
    this.finished = true;
    this.sendEvent(new TerminatedEvent());
  }

  private output(text: string, category: 'console' | 'stderr'): void {
    this.sendEvent(new OutputEvent(text, category));
  }

  private fail(response: DebugProtocol.Response, message: string): void {
    this.sendErrorResponse(response, { id: 2, format: message, variables: {}, showUser: false });
  }

  private async releaseRuntime(): Promise<void> {
    this.debugger?.dispose();
    const lease = this.lease;
    this.lease = undefined;
    await lease?.release();
  }
}
