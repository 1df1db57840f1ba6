// `rpa-sessions run FILE --run NAME --queue redis://… --store postgres://…`: submits the run's sessions
// to the fleet, follows them from the shared store until they end, and exits as a local run does.
import { setTimeout as delay } from 'node:timers/promises';
import { progressText, sessionSummary } from '../../../runtime/src/node/run-report';
import { FINISHED_STATUSES, type Inputs, type SessionInfo } from '../../../runtime/src/session-types';
import { EXIT, stylerFor, type CliContext, type ExitCode } from '../cli-context';
import { formatSummaryJson, formatSummaryText, quoteArg } from '../output/run-summary';
import { loadFleet } from '../runtime/load-fleet';
import { shownUrl } from '../../../runtime/src/fleet/pg-url';

/** How often the shared store is read while following the run. */
const POLL_MS = 250;

export interface FleetRunRequest {
  root: string;
  run: string;
  inputs: Inputs;
  queue: string;
  store: string;
  json: boolean;
}

function changeLine(s: SessionInfo): string {
  if (s.status === 'running') return `${s.id}: running — ${progressText(s.progress)}`;
  return `${s.id}: ${s.status}${FINISHED_STATUSES.has(s.status) ? ` — ${progressText(s.progress)}${s.error ? `: ${s.error}` : ''}` : ''}`;
}

export async function runOnFleet(ctx: CliContext, req: FleetRunRequest): Promise<ExitCode> {
  const { PgSessionStore, submitRun } = loadFleet();
  const store = await PgSessionStore.open(req.store);
  const say = (line: string) => (req.json ? ctx.stderr : ctx.stdout).write(`${line}\n`);
  try {
    const submitted = await submitRun({ workspaceDir: req.root, run: req.run, inputs: req.inputs, queueUrl: req.queue, store });
    say(`Run ${req.run}: ${submitted.length} session(s) queued on the fleet (queue ${shownUrl(req.queue)}, store ${store.shownUrl}). Ctrl-C stops following; the sessions go on.`);
    const ids = new Set(submitted.map((s) => s.id));
    const shown = new Map<string, string>();
    let sessions: SessionInfo[] = submitted;
    for (;;) {
      sessions = (await store.listSessions({ run: req.run })).filter((s) => ids.has(s.id));
      for (const s of sessions) {
        const line = changeLine(s);
        if (shown.get(s.id) === line) continue;
        shown.set(s.id, line);
        if (req.json) ctx.stdout.write(JSON.stringify({ type: 'session-status', id: s.id, status: s.status, progress: s.progress, error: s.error }) + '\n');
        else say(line);
      }
      if (sessions.every((s) => FINISHED_STATUSES.has(s.status))) break;
      await delay(POLL_MS);
    }
    const summaries = await Promise.all(sessions.map(async (s) => sessionSummary(s, await store.datasets(s.id))));
    const exitCode = summaries.every((s) => s.status === 'completed') ? EXIT.ok : EXIT.findings;
    if (req.json) ctx.stdout.write(formatSummaryJson(`Run ${req.run}`, summaries, exitCode));
    else ctx.stdout.write(formatSummaryText(`Run ${req.run}`, summaries, stylerFor(ctx.stdout, ctx.env), (id) => `rpa-sessions sessions data ${quoteArg(id)} --store ${quoteArg(shownUrl(req.store))}`));
    return exitCode;
  } finally {
    await store.close();
  }
}
