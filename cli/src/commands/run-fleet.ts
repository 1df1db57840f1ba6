// `rpa-sessions run FILE --run NAME --queue redis://… --store postgres://…`: submits the run's sessions
// to the fleet, follows them from the shared store with the local run's progress view, and exits as it does.
import { sessionSummary } from '../../../runtime/src/node/run-report';
import { FINISHED_STATUSES, type Inputs } from '../../../runtime/src/session-types';
import { EXIT, plural, stylerFor, type CliContext, type ExitCode } from '../cli-context';
import { formatSummaryJson, formatSummaryText, quoteArg } from '../output/run-summary';
import { loadFleet } from '../runtime/load-fleet';
import { refusalsExitOne } from '../runtime/open-runtime';
import { chooseView } from '../runtime/watch-sessions';
import { closeOnFleet } from './sessions-fleet';
import { shownUrl } from '../../../runtime/src/fleet/pg-url';

export interface FleetRunRequest {
  root: string;
  run: string;
  inputs: Inputs;
  /** One session with this ID (as --session-id locally). */
  sessionId?: string;
  /** --replace: the IDs whose finished sessions are closed first. */
  replace: string[];
  queue: string;
  store: string;
  json: boolean;
}

export async function runOnFleet(ctx: CliContext, req: FleetRunRequest): Promise<ExitCode> {
  const { PgSessionStore, submitRun, submitSession, FleetFollower, cancelOnFleet } = loadFleet();
  const store = await PgSessionStore.open(req.store);
  const say = (line: string) => (req.json ? ctx.stderr : ctx.stdout).write(`${line}\n`);
  const storeArg = `--store ${quoteArg(shownUrl(req.store))}`;
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  try {
    for (const id of req.replace) {
      const taken = await store.getSession(id);
      if (taken && FINISHED_STATUSES.has(taken.status) && taken.status !== 'closed' && taken.status !== 'expired') say(`--replace: ${await closeOnFleet(store, id)}`);
    }
    const submit = { workspaceDir: req.root, run: req.run, inputs: req.inputs, queueUrl: req.queue, store };
    // A rule refusal (mode, deployment, an ID still taken) exits 1, as it does locally.
    const submitted = await refusalsExitOne(async () => (req.sessionId === undefined ? submitRun(submit) : [await submitSession({ ...submit, sessionId: req.sessionId })]));
    say(`Run ${req.run}: ${plural(submitted.length, 'session')} queued on the fleet (queue ${shownUrl(req.queue)}, store ${store.shownUrl}).`);
    const follower = new FleetFollower(store, submitted);
    const view = chooseView(ctx, req.json);
    const listening = follower.events.on((e) => view.onEvent(e));
    // As locally: the first Ctrl-C cancels the run's sessions on the fleet and waits for them to end; a second stops following.
    let cancelling = false;
    let detached = false;
    onSignal = (signal) => {
      const key = signal === 'SIGINT' ? 'Ctrl-C' : signal;
      if (cancelling) {
        detached = true;
        view.note(`${key} again: stopped following. Their workers are cancelling the sessions; see them with rpa-sessions sessions list ${storeArg}`);
        follower.stop();
        return;
      }
      cancelling = true;
      const open = follower.latest().filter((s) => !FINISHED_STATUSES.has(s.status));
      view.note(`${key}: cancelling ${plural(open.length, 'session')} on the fleet… (press Ctrl-C again to stop following at once)`);
      const place = { store, queueUrl: req.queue, workspaceDir: req.root };
      const reason = `Cancelled with ${key} before it finished; the records it committed are kept.`;
      for (const s of open) void cancelOnFleet(place, s, reason).catch((e: Error) => view.note(`${s.id}: could not be cancelled: ${e.message}`));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const sessions = await follower.follow((text) => view.note(text)).finally(() => (view.stop(), listening.dispose()));
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
