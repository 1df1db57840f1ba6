// rpa.run (the Run code lens): runs a run configuration's sessions in the folder's session runtime,
// with a progress notification, a log in "RPA Sessions: Runs" and a summary message at the end.
import * as vscode from 'vscode';
import { runTarget } from '../../../runtime/src/bots/bot-rules';
import { allCompleted, plural, recordsPerDataset, summarizeSession, type SessionSummary } from '../../../runtime/src/node/run-report';
import type { InputValue, Inputs, SessionInfo } from '../../../runtime/src/session-types';
import { MissingSecretError } from '../../../runtime/src/engine/login-spec';
import { isUserError } from '../../../runtime/src/user-error';
import type { Ctx } from '../ctx';
import { refuseWorkspaceErrors } from './folder-runtimes';
import { missingSecretRefusal } from './missing-secret';
import { guarded } from './refusal';
import { FollowedRun, showRunProgress } from './run-progress';
import { resolveRunRequest, type RunRequest } from './run-target';
import { takenSessions, takenSessionsRefusal } from './taken-sessions';
import { datasetsText, outcomeText } from './runs-output';
import { REVEAL_RUN_COMMAND } from '../views/register-sessions-view';

/** The rpa.run.inputs setting: inputs for every session Run starts (values other than text, numbers and true/false are left out). */
function settingInputs(folder: vscode.WorkspaceFolder): Inputs {
  const given = vscode.workspace.getConfiguration('rpa', folder).get<Record<string, unknown>>('run.inputs', {});
  return Object.fromEntries(Object.entries(given ?? {}).filter((e): e is [string, InputValue] => ['string', 'number', 'boolean'].includes(typeof e[1])));
}

/** A summary shows this much of the first failure's reason; the runs output has all of it. */
const REASON_CHARS = 240;

function shorten(text: string): string {
  return text.length <= REASON_CHARS ? text : `${text.slice(0, REASON_CHARS - 1)}…`;
}

/**
 * Starts the run's sessions. When its named session IDs are still taken by an earlier run, the refusal
 * offers Sequentum's CloseSession for them (the CLI can't while VS Code holds the session store).
 */
function startSessions(ctx: Ctx, req: RunRequest): SessionInfo[] {
  try {
    return req.runtime.engine.startRun(req.run, { inputs: settingInputs(req.folder) });
  } catch (err) {
    if (err instanceof MissingSecretError) throw missingSecretRefusal(ctx.runtimes, req.folder, req.run, err.env, () => closeAndRun(ctx, req, []));
    if (!isUserError(err) || err.code !== 'duplicate-session-id') throw err;
    const taken = takenSessions(req);
    if (!taken.length) throw err;
    throw takenSessionsRefusal(req, taken, 'Run', () => closeAndRun(ctx, req, taken));
  }
}

/** Runs again after a refusal's fix, closing `taken` first (CloseSession). */
async function closeAndRun(ctx: Ctx, req: RunRequest, taken: readonly SessionInfo[]): Promise<void> {
  // The files may have changed while the refusal was shown (and an idle runtime been released): load again.
  const runtime = await ctx.runtimes.load(req.folder);
  for (const s of taken) {
    await runtime.engine.closeSession(s.id);
    ctx.runs.line(`${s.id}: closed (CloseSession), so run ${req.run} can use its ID again.`);
  }
  refuseWorkspaceErrors(runtime, `Run ${req.run}`);
  await runSessions(ctx, { ...req, runtime });
}

/** Runs the sessions to their end while showing them, then logs and shows the summary. */
async function runSessions(ctx: Ctx, req: RunRequest): Promise<void> {
  const { runtime } = req;
  const title = `Run ${req.run}`;
  const target = runTarget(runtime.workspace, req.run); // an unknown run is refused here, naming the closest
  const run = FollowedRun.start(runtime.engine, ctx.runs, () => startSessions(ctx, req), (sessions) =>
    ctx.runs.runStarted({
      title,
      file: vscode.workspace.asRelativePath(vscode.Uri.parse(target.run.uri)),
      bot: target.bot.name,
      mode: target.resolved.mode,
      sessions,
      redact: (text) => runtime.store.redact(text),
    }),
  );
  if (vscode.workspace.getConfiguration('rpa', req.folder).get<boolean>('run.revealSessions', true)) {
    void vscode.commands.executeCommand(REVEAL_RUN_COMMAND, req.folder.uri.toString(), req.run);
  }
  try {
    const finals = await showRunProgress(`RPA Sessions: ${title}`, run);
    const summaries = finals.map((info) => summarizeSession(info, runtime.store));
    ctx.runs.runEnded(title, summaries);
    void showSummary(ctx, title, summaries);
  } finally {
    run.dispose();
  }
}

/** "Run NightlyBooks finished — 3 sessions: 3 completed, 0 failed; records per dataset: books 60, details 60." */
export function summaryMessage(title: string, summaries: readonly SessionSummary[]): string {
  const datasets = datasetsText(recordsPerDataset(summaries));
  const extracted = summaries.reduce((n, s) => n + s.records, 0);
  const records = datasets
    ? `records per dataset: ${datasets}`
    : `${plural(extracted, 'record')} extracted${summaries.some((s) => s.recordsRemoved) ? ', removed from the session store after the export (Remove Session = Immediately)' : ''}`;
  // A failure's reason is news; a cancellation from the progress notification is not.
  const failure = summaries.find((s) => (s.status === 'failed' || s.status === 'interrupted') && s.error);
  return `${title} finished — ${outcomeText(summaries)}; ${records}.${failure ? ` ${failure.id} ${failure.status}: ${shorten(failure.error!)}` : ''}`;
}

async function showSummary(ctx: Ctx, title: string, summaries: readonly SessionSummary[]): Promise<void> {
  const message = `RPA Sessions: ${summaryMessage(title, summaries)}`;
  const choice = await (allCompleted(summaries) ? vscode.window.showInformationMessage(message, 'Show Output') : vscode.window.showWarningMessage(message, 'Show Output'));
  if (choice) ctx.runs.show();
}

export const runCommand = (ctx: Ctx) =>
  guarded(ctx.output, 'Run', async (...args: unknown[]) => {
    const req = await resolveRunRequest(ctx.runtimes, args, 'run');
    if (!req) return;
    refuseWorkspaceErrors(req.runtime, `Run ${req.run}`);
    await runSessions(ctx, req);
  });
