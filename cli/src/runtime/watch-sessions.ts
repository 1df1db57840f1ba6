// Starts sessions on a local runtime and follows them to the end for `run` and `demo`: the progress
// view that suits the output (bars, lines or JSON Lines), Ctrl-C to cancel, and the final summary.
import type { SessionRuntime } from '../../../runtime/src/node/session-runtime';
import type { SessionInfo } from '../../../runtime/src/session-types';
import { EXIT, plural, stylerFor, type CliContext, type ExitCode } from '../cli-context';
import { BarProgress, isTerminal } from '../output/progress-bars';
import { JsonProgress, LineProgress, type ProgressView } from '../output/progress-view';
import { allCompleted, formatSummaryJson, formatSummaryText, summarizeSession, type SessionSummary } from '../output/run-summary';
import { refusalsExitOne } from './open-runtime';

export interface WatchRequest {
  /** Heads the summary, e.g. "Run NightlyBooks". */
  title: string;
  /** Starts the sessions (may throw a user error: nothing started then). */
  start(): SessionInfo[];
  json: boolean;
  /** The command that shows a session's records, for the summary's hint (none: no hint). */
  seeRecords?: (id: string) => string;
}

export interface WatchResult {
  summaries: SessionSummary[];
  exitCode: ExitCode;
}

/** Bars on a terminal, plain lines otherwise, JSON Lines with --json. */
export function chooseView(ctx: CliContext, json: boolean): ProgressView {
  if (json) return new JsonProgress(ctx.stdout, ctx.stderr);
  const s = stylerFor(ctx.stdout, ctx.env);
  // Bars need a real terminal that understands cursor movement (TERM=dumb does not).
  if (isTerminal(ctx.stdout) && ctx.env.TERM !== 'dumb') return new BarProgress(ctx.stdout, s);
  return new LineProgress(ctx.stdout, s);
}

/** Notes about what opening the runtime did (crash recovery, overdue cleanups), before anything runs. */
export function reportOpening(ctx: CliContext, runtime: SessionRuntime): void {
  const { interrupted } = runtime.recovery;
  if (interrupted.length) {
    ctx.stderr.write(
      `rpa-sessions: note: ${plural(interrupted.length, 'session')} of an earlier run did not finish (that process stopped) and ` +
        `${interrupted.length === 1 ? 'is' : 'are'} now marked interrupted: ${interrupted.join(', ')}.\n`,
    );
  }
  const { cleanedUp } = runtime.recovery;
  if (cleanedUp.length) {
    ctx.stderr.write(`rpa-sessions: note: cleaned up ${plural(cleanedUp.length, 'session')} whose session timeout had passed: ${cleanedUp.join(', ')}.\n`);
  }
}

/**
 * Runs the request's sessions to their end while showing progress. The first Ctrl-C (or SIGTERM)
 * cancels every queued and running session and waits for them to be recorded as cancelled; a second
 * one exits at once (the store stays consistent: interrupted sessions are marked at the next start).
 */
export async function watchSessions(ctx: CliContext, runtime: SessionRuntime, req: WatchRequest): Promise<WatchResult> {
  const view = chooseView(ctx, req.json);
  // The engine commits the store as the sessions go, so other processes (`sessions list`, VS Code) see them.
  const listening = runtime.engine.events.on((e) => view.onEvent(e));
  let cancelled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancelled) {
      view.stop();
      ctx.stderr.write(`rpa-sessions: ${signal} again: stopping without waiting for the sessions to wind down.\n`);
      process.exit(EXIT.findings);
    }
    cancelled = true;
    view.note(`${signal === 'SIGINT' ? 'Ctrl-C' : signal}: cancelling ${plural(runtime.engine.activeSessions().length, 'session')}… (press Ctrl-C again to stop at once)`);
    for (const s of runtime.engine.activeSessions()) runtime.engine.cancel(s.id, `Cancelled with ${signal === 'SIGINT' ? 'Ctrl-C' : signal} before it finished; the records it committed are kept.`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const started = await refusalsExitOne(() => req.start());
    const finals = await Promise.all(started.map((s) => runtime.engine.whenEnded(s.id)));
    view.stop();
    const summaries = finals.map((info) => summarizeSession(info, runtime.store));
    const exitCode = allCompleted(summaries) ? EXIT.ok : EXIT.findings;
    ctx.stdout.write(req.json ? formatSummaryJson(req.title, summaries, exitCode) : formatSummaryText(req.title, summaries, stylerFor(ctx.stdout, ctx.env), req.seeRecords));
    return { summaries, exitCode };
  } finally {
    view.stop();
    listening.dispose();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
