// `rpa-sessions run FILE --run NAME --queue redis://… --store postgres://…`: submits the run's sessions
// to the fleet, follows them from the shared store with the local run's progress view, and exits as it does.
import { sessionSummary } from '../../../runtime/src/node/run-report';
import type { Inputs } from '../../../runtime/src/session-types';
import { EXIT, plural, stylerFor, type CliContext, type ExitCode } from '../cli-context';
import { formatSummaryJson, formatSummaryText, quoteArg } from '../output/run-summary';
import { loadFleet } from '../runtime/load-fleet';
import { chooseView } from '../runtime/watch-sessions';
import { shownUrl } from '../../../runtime/src/fleet/pg-url';

export interface FleetRunRequest {
  root: string;
  run: string;
  inputs: Inputs;
  queue: string;
  store: string;
  json: boolean;
}

export async function runOnFleet(ctx: CliContext, req: FleetRunRequest): Promise<ExitCode> {
  const { PgSessionStore, submitRun, FleetFollower } = loadFleet();
  const store = await PgSessionStore.open(req.store);
  const say = (line: string) => (req.json ? ctx.stderr : ctx.stdout).write(`${line}\n`);
  const storeArg = `--store ${quoteArg(shownUrl(req.store))}`;
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  try {
    const submitted = await submitRun({ workspaceDir: req.root, run: req.run, inputs: req.inputs, queueUrl: req.queue, store });
    say(`Run ${req.run}: ${plural(submitted.length, 'session')} queued on the fleet (queue ${shownUrl(req.queue)}, store ${store.shownUrl}). Ctrl-C stops following; the sessions go on.`);
    const follower = new FleetFollower(store, submitted);
    const view = chooseView(ctx, req.json);
    const listening = follower.events.on((e) => view.onEvent(e));
    let detached = false;
    onSignal = (signal) => {
      detached = true;
      view.note(`${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopped following. The sessions go on on the fleet; see them with rpa-sessions sessions list ${storeArg}`);
      follower.stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const sessions = await follower.follow().finally(() => (view.stop(), listening.dispose()));
    if (detached) return EXIT.findings;
    const summaries = await Promise.all(sessions.map(async (s) => sessionSummary(s, await store.datasets(s.id))));
    const exitCode = summaries.every((s) => s.status === 'completed') ? EXIT.ok : EXIT.findings;
    if (req.json) ctx.stdout.write(formatSummaryJson(`Run ${req.run}`, summaries, exitCode));
    else ctx.stdout.write(formatSummaryText(`Run ${req.run}`, summaries, stylerFor(ctx.stdout, ctx.env), (id) => `rpa-sessions sessions data ${quoteArg(id)} ${storeArg}`));
    return exitCode;
  } finally {
    if (onSignal) (process.off('SIGINT', onSignal), process.off('SIGTERM', onSignal));
    await store.close();
  }
}
