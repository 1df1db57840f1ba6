// `rpa-sessions check [paths…] [--format text|json]`: checks every .rpa file under the paths as one
// workspace with the language core and prints the diagnostics; exit 1 on any error or warning.
import { Option, type Command } from 'commander';
import { checkWorkspace } from '../../../language/src/index';
import { action, EXIT, stylerFor, type CliContext, type ExitCode, type RegisterCommand } from '../cli-context';
import { collectFindings, formatJson, formatText, summarize } from '../output/check-report';
import { loadWorkspace } from '../workspace/load-workspace';

export type CheckFormat = 'text' | 'json';

export interface CheckOptions {
  format: CheckFormat;
}

export function runCheck(ctx: CliContext, paths: string[], opts: CheckOptions): ExitCode {
  const { ws, files } = loadWorkspace(paths.length ? paths : ['.'], ctx.cwd);
  const findings = collectFindings(checkWorkspace(ws), files);
  const summary = summarize(findings);
  ctx.stdout.write(
    opts.format === 'json' ? formatJson(findings, summary) : formatText(findings, summary, files, stylerFor(ctx.stdout, ctx.env)),
  );
  return summary.errors || summary.warnings ? EXIT.findings : EXIT.ok;
}

export const registerCheck: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('check')
    .summary('check .rpa files for session-rule problems')
    .description(
      'Check bots, agents and run configurations against the session rules of MuleSoft RPA secure sessions ' +
        'and Sequentum agent sessions. All .rpa files found form one workspace (a run may use a bot declared in ' +
        'another file). Folders are searched recursively (node_modules, .git, .rpa and dist are skipped); a ' +
        '.rpa/bots.json bot state next to the files supplies what is deployed.\n\n' +
        'Exit code: 0 no errors or warnings, 1 errors or warnings found, 2 usage or I/O error.',
    )
    .argument('[paths...]', '.rpa files or folders to check (default: the current folder)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(action(ctx, (paths: string[], opts: CheckOptions) => runCheck(ctx, paths, opts)));
};
