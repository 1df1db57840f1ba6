// Follows the sessions of one run started from VS Code: each engine event of its sessions becomes a
// line in the runs output, and a cancellable progress notification sums up the run's sessions.
import * as vscode from 'vscode';
import type { SessionEngine } from '../../../runtime/src/engine/session-engine';
import type { EngineEvent } from '../../../runtime/src/events';
import { progressText, SessionLines, type BoardEntry } from '../../../runtime/src/node/run-report';
import type { SessionInfo, SessionStatus } from '../../../runtime/src/session-types';
import type { RunsOutput } from './runs-output';

/** The notification is redrawn at most this often while sessions report progress. */
const RENDER_EVERY_MS = 150;

function sessionIdOf(e: EngineEvent): string {
  return 'session' in e ? e.session.id : e.id;
}

/** The sessions of one run, followed from their first event (queued) to their end. */
export class FollowedRun implements vscode.Disposable {
  readonly lines = new SessionLines();
  /** Resolves with every session's final info once all have ended and their data is committed. */
  readonly ended: Promise<SessionInfo[]>;
  private readonly ids: Set<string>;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private listening: { dispose(): void } | undefined;

  private constructor(
    private readonly engine: SessionEngine,
    private readonly output: RunsOutput,
    readonly sessions: readonly SessionInfo[],
  ) {
    this.ids = new Set(sessions.map((s) => s.id));
    this.ended = Promise.all(sessions.map((s) => engine.whenEnded(s.id)));
  }

  /**
   * Starts sessions with `start`, which may throw (a refusal: then nothing is followed). The engine
   * reports sessions as queued (even started) before `start` returns their IDs, so events are kept
   * until then and replayed for this run's sessions after `announce`; other runs' sessions are ignored.
   */
  static start(engine: SessionEngine, output: RunsOutput, start: () => SessionInfo[], announce: (sessions: readonly SessionInfo[]) => void): FollowedRun {
    const early: EngineEvent[] = [];
    let run: FollowedRun | undefined;
    const listening = engine.events.on((e) => (run ? run.onEvent(e) : early.push(e)));
    let sessions: SessionInfo[];
    try {
      sessions = start();
    } catch (err) {
      listening.dispose();
      throw err;
    }
    announce(sessions);
    run = new FollowedRun(engine, output, sessions);
    run.listening = listening;
    for (const e of early) run.onEvent(e);
    return run;
  }

  /** What the run's sessions are doing now, in start order. */
  entries(): BoardEntry[] {
    return this.sessions.map((s) => this.lines.board.entries.get(s.id) ?? { id: s.id, status: s.status, progress: s.progress });
  }

  /** Cancels every session of the run still queued or running (committed records are kept). */
  cancel(reason: string): void {
    for (const s of this.sessions) this.engine.cancel(s.id, reason);
  }

  dispose(): void {
    this.listening?.dispose();
    this.changed.dispose();
  }

  private onEvent(e: EngineEvent): void {
    if (!this.ids.has(sessionIdOf(e))) return;
    const line = this.lines.lineFor(e);
    if (line !== undefined) this.output.line(line);
    this.changed.fire();
  }
}

const STATUS_ORDER: readonly SessionStatus[] = ['running', 'queued', 'completed', 'failed', 'cancelled', 'interrupted', 'closed', 'expired'];

/**
 * "2 running · 1 queued · 1 completed — 3 pages, 40 records": the whole run in one short line. Each
 * session has its own live item in the RPA Sessions view, revealed when the run starts.
 */
export function runStatusLine(entries: readonly BoardEntry[]): string {
  const counts = STATUS_ORDER.map((status) => [status, entries.filter((e) => e.status === status).length] as const).filter(([, n]) => n > 0);
  const total = entries.reduce((sum, e) => ({ pages: sum.pages + e.progress.pages, records: sum.records + e.progress.records, errors: sum.errors + e.progress.errors }), { pages: 0, records: 0, errors: 0 });
  return `${counts.map(([status, n]) => `${n} ${status}`).join(' · ')} — ${progressText(total)}`;
}

function isActive(e: BoardEntry): boolean {
  return e.status === 'queued' || e.status === 'running';
}

/**
 * Shows the run in a progress notification until every session has ended: how many sessions are in
 * each status, pages and records so far, and a bar that fills as sessions end. Its Cancel button cancels the run's sessions.
 */
export function showRunProgress(title: string, run: FollowedRun): Thenable<SessionInfo[]> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const total = run.sessions.length;
    let reportedEnded = 0;
    let timer: NodeJS.Timeout | undefined;
    const render = () => {
      timer = undefined;
      const entries = run.entries();
      const ended = entries.filter((e) => !isActive(e)).length;
      progress.report({ message: runStatusLine(entries), increment: ((ended - reportedEnded) * 100) / total });
      reportedEnded = ended;
    };
    render();
    const changes = run.onDidChange(() => {
      timer ??= setTimeout(render, RENDER_EVERY_MS);
    });
    const cancelling = token.onCancellationRequested(() =>
      run.cancel('Cancelled from VS Code (the Cancel button of its progress notification) before it finished; the records it committed are kept.'),
    );
    try {
      return await run.ended;
    } finally {
      changes.dispose();
      cancelling.dispose();
      if (timer) clearTimeout(timer);
    }
  });
}
