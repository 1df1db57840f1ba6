// `rpa-sessions demo [--port N] [--keep]`: serves the example site on 127.0.0.1, runs the example
// NightlyBooks run configuration in three secure sessions, and prints each session's records.
import { InvalidArgumentError, type Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyWorkspaceFiles, findExamples } from '../../../runtime/src/node/examples';
import { storeDirOf } from '../../../runtime/src/node/store-location';
import { startSiteServer, type SiteServer } from '../../../runtime/src/node/site-server';
import type { SessionStoreApi } from '../../../runtime/src/store/store-api';
import { isUserError } from '../../../runtime/src/user-error';
import { action, CliError, stylerFor, type CliContext, type ExitCode, type RegisterCommand, type Styler } from '../cli-context';
import { formatPageTable } from '../output/session-report';
import { quoteArg, type SessionSummary } from '../output/run-summary';
import { openRuntime } from '../runtime/open-runtime';
import { reportOpening, watchSessions } from '../runtime/watch-sessions';

/** The example run configuration: three secure sessions (travel, poetry, crime) on FinanceBot. */
export const DEMO_RUN = 'NightlyBooks';
export const DEMO_PORT = 8080;
const SAMPLE_ROWS = 3;
const SAMPLE_COLUMNS = 3;

export interface DemoOptions {
  port?: number;
  keep?: boolean;
  json?: boolean;
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0: any free port).');
  return n;
}

/** examples/workspace above the program (dist/) or the current folder. */
export function exampleWorkspace(): string {
  const found = findExamples('workspace', 'runs.rpa');
  if (found) return found;
  throw new CliError('The example workspace (examples/workspace) was not found above the program or the current folder. Run the demo from the RPA Sessions project folder.');
}

/**
 * A fresh copy of the example workspace in a temporary folder, without any state (.rpa/) or exports
 * (out/): every demo starts clean, so the run's fixed session IDs never collide with an earlier demo's.
 */
function scratchCopy(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rpa-sessions-demo-'));
  copyWorkspaceFiles(from, dir);
  return dir;
}

/** The site on --port, or on 8080 — and on any free port when 8080 is taken and no port was asked for. */
async function startSite(port: number | undefined): Promise<SiteServer> {
  try {
    return await startSiteServer({ port: port ?? DEMO_PORT });
  } catch (e) {
    if (port !== undefined || !isUserError(e)) throw e;
    return startSiteServer({ port: 0 });
  }
}

function sample(store: SessionStoreApi, s: SessionSummary, st: Styler): string {
  const [dataset] = Object.keys(s.datasets);
  if (!dataset) return `${st.paint('bold', s.id)}: no records${s.error ? ` (${s.status}: ${s.error})` : ''}\n`;
  const counts = Object.entries(s.datasets).map(([d, n]) => `${n} ${d}`).join(', ');
  const page = store.records(s.id, dataset, { limit: SAMPLE_ROWS });
  const agent = store.getSession(s.id)?.agent ?? '';
  const columns = store.datasetSchema(agent, dataset)?.columns.map((c) => c.name).slice(0, SAMPLE_COLUMNS) ?? [];
  return `${st.paint('bold', s.id)}: ${counts}\n` + formatPageTable({ dataset, columns, total: page.total, offset: 0, rows: page.rows }, st).replace(/^.*next page:.*\n/m, '');
}

/** What to try after the demo: the kept workspace's sessions, or how to keep it; then the site for every example run. */
function nextSteps(workspace: string, kept: boolean): string {
  const ws = quoteArg(workspace);
  const here = kept
    ? [`The demo workspace is kept in ${workspace}. Look around with:`, `  rpa-sessions sessions list --workspace ${ws}`, `  rpa-sessions sessions data travel-1 --format csv --workspace ${ws}`]
    : ['The demo ran in a temporary copy of examples/workspace, now removed; add --keep to keep it (its .rpa/ session store and out/ exports).'];
  return [
    ...here,
    'Next, try:',
    '  rpa-sessions check examples/workspace         the session-rule checks, as the editor runs them',
    '  rpa-sessions serve                            the example site, for every example run configuration',
    '  rpa-sessions run examples/workspace/runs.rpa  its run configurations (with serve running)',
  ].join('\n');
}

export async function runDemo(ctx: CliContext, opts: DemoOptions): Promise<ExitCode> {
  const s = stylerFor(ctx.stdout, ctx.env);
  const source = exampleWorkspace();
  const site = await startSite(opts.port);
  const workspace = scratchCopy(source);
  try {
    const say = (text: string) => {
      if (!opts.json) ctx.stdout.write(text + '\n');
    };
    say(`${s.paint('bold', 'RPA Sessions demo')}: the example book catalogue is served on ${site.url} (loopback only).`);
    say(`Running ${DEMO_RUN} from a fresh copy of examples/workspace: bot FinanceBot, secure mode, one secure session per category.\n`);
    const runtime = await openRuntime(ctx, { root: workspace, storeDir: storeDirOf(workspace) }, 'rpa-sessions demo', 3);
    let exitCode: ExitCode;
    try {
      reportOpening(ctx, runtime);
      const result = await watchSessions(ctx, runtime, {
        title: `Demo run ${DEMO_RUN}`,
        json: opts.json === true,
        start: () => runtime.engine.startRun(DEMO_RUN, { inputs: { baseUrl: site.url } }),
        seeRecords: opts.keep ? (id) => `rpa-sessions sessions data ${quoteArg(id)} --workspace ${quoteArg(workspace)}` : undefined,
      });
      exitCode = result.exitCode;
      if (!opts.json) {
        say(`\n${s.paint('bold', 'A sample of each session\'s records')} (first ${SAMPLE_ROWS} of its first dataset):\n`);
        for (const summary of result.summaries) say(sample(runtime.store, summary, s));
      }
    } finally {
      await runtime.close();
    }
    say(nextSteps(workspace, opts.keep === true));
    return exitCode;
  } finally {
    await site.close();
    if (!opts.keep) rmSync(workspace, { recursive: true, force: true });
  }
}

export const registerDemo: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('demo')
    .summary('scrape the example site in three parallel secure sessions')
    .description(
      'Serve the example book catalogue (examples/site) on 127.0.0.1, run the example run configuration ' +
        `${DEMO_RUN} (examples/workspace) in three secure sessions on bot FinanceBot — one per category, in parallel, ` +
        "each with its own session ID, cookies and data — then print each session's record counts and a sample of " +
        'its records, and stop the site. It runs on a fresh temporary copy of the workspace, so demos never collide ' +
        'on session IDs; --keep keeps that copy to look at with `rpa-sessions sessions`. No network beyond loopback.\n\n' +
        'Exit code: 0 every session completed, 1 a session failed or was cancelled, 2 usage or I/O error.',
    )
    .option('--port <n>', `port of the example site on 127.0.0.1 (default ${DEMO_PORT}, or any free port when it is taken)`, parsePort)
    .option('--keep', 'keep the temporary workspace copy (its .rpa/ session store and out/ exports) and print where it is')
    .option('--json', 'print JSON Lines (events, then a summary) like run --json')
    .action(action(ctx, (opts: DemoOptions) => runDemo(ctx, opts)));
};
