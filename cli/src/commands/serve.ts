// `rpa-sessions serve [--port N]`: serves the example site on 127.0.0.1 until Ctrl-C, and prints the
// command for each example run configuration (with the demo account's password where a run signs in).
import type { Command } from 'commander';
import { startSiteServer } from '../../../runtime/src/node/site-server';
import { action, stylerFor, type CliContext, type ExitCode, EXIT, type RegisterCommand } from '../cli-context';
import { quoteArg } from '../output/run-summary';
import { loadRuntimeWorkspace } from '../workspace/workspace-root';
import { DEMO_PORT, exampleWorkspace, parsePort } from './demo';

/** The secrets (environment variables) a run's own login reads, e.g. MonthEndOrders' BOOKS_PASSWORD. */
function loginSecrets(text: string): string[] {
  return [...text.matchAll(/login\s*\{[^}]*secret\("([^"]+)"\)/g)].map((m) => m[1]);
}

/** One line per example run: the command that runs it against this site. */
function exampleCommands(ctx: CliContext, siteUrl: string, password: string): string[] {
  const root = exampleWorkspace();
  const loaded = loadRuntimeWorkspace(ctx.cwd, root);
  const baseUrl = siteUrl === `http://127.0.0.1:${DEMO_PORT}` ? '' : ` --input baseUrl=${siteUrl}`;
  return loaded.ws.allDeclarations('run').filter((d) => d.name).map((run) => {
    const file = loaded.files.find((f) => f.uri === run.uri);
    const env = loginSecrets(file?.text.slice(run.range.start.offset, run.range.end.offset) ?? '').map((name) => `${name}=${quoteArg(password)} `).join('');
    return `  ${env}rpa-sessions run ${quoteArg(file?.shown ?? run.uri)} --run ${quoteArg(run.name)}${baseUrl}`;
  });
}

export async function runServe(ctx: CliContext, opts: { port?: number }): Promise<ExitCode> {
  const s = stylerFor(ctx.stdout, ctx.env);
  const site = await startSiteServer({ port: opts.port ?? DEMO_PORT });
  try {
    const { username, password } = site.demoLogin;
    ctx.stdout.write(
      `${s.paint('bold', 'The example book catalogue')} is served on ${site.url} (loopback only). Ctrl-C stops it.\n` +
        `Its account pages sign in as ${username} / ${password}.\n\n` +
        `In another terminal, run the example run configurations:\n${exampleCommands(ctx, site.url, password).join('\n')}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    ctx.stdout.write('Stopped serving the example site.\n');
    return EXIT.ok;
  } finally {
    await site.close();
  }
}

export const registerServe: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('serve')
    .summary('serve the example site on 127.0.0.1 for the example run configurations')
    .description(
      'Serve the example book catalogue (examples/site) on 127.0.0.1 until Ctrl-C, so every run configuration of ' +
        `examples/workspace works outside \`demo\` — the agents expect the site on port ${DEMO_PORT}; on another port, ` +
        'the printed commands pass --input baseUrl=…. MonthEndOrders signs in to the site\'s account pages with the ' +
        'demo account, whose password the printed command puts in BOOKS_PASSWORD.\n\nExit code: 0 stopped with Ctrl-C, 2 usage or I/O error (the port is taken).',
    )
    .option('--port <n>', `port on 127.0.0.1 (default ${DEMO_PORT}; 0: any free port)`, parsePort)
    .action(action(ctx, (opts: { port?: number }) => runServe(ctx, opts)));
};
