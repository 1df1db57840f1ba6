// `rpa-sessions fmt [--check] [paths…]`: rewrites .rpa files in the canonical layout of the language
// core's formatter (atomically), or with --check only lists the files that would change.
import type { Command } from 'commander';
import { format } from '../../../language/src/index';
import { action, CliProblems, EXIT, plural, stylerFor, type CliContext, type ExitCode, type RegisterCommand } from '../cli-context';
import { describeFsError, readRpaFiles, replaceFileAtomic } from '../../../runtime/src/node/rpa-files';

export interface FmtOptions {
  check?: boolean;
}

interface FmtTally {
  changed: number;
  unchanged: number;
  skipped: number;
  writeProblems: number;
}

function summary(t: FmtTally, check: boolean): string {
  const parts = [
    check ? `${plural(t.changed, 'file')} would be reformatted` : `Formatted ${plural(t.changed - t.writeProblems, 'file')}`,
    `${t.unchanged} already formatted`,
  ];
  if (t.skipped) parts.push(`${t.skipped} not formatted`);
  const hint = check && t.changed ? ': run `rpa-sessions fmt` to format them' : '';
  return parts.join(', ') + hint;
}

export function runFmt(ctx: CliContext, paths: string[], opts: FmtOptions): ExitCode {
  const check = opts.check === true;
  // Keep a byte-order mark: the formatter preserves it, so formatting never changes the encoding.
  const { files, problems } = readRpaFiles(paths.length ? paths : ['.'], ctx.cwd, { keepBom: true });
  if (problems.length) throw new CliProblems(problems);
  const s = stylerFor(ctx.stdout, ctx.env);
  const e = stylerFor(ctx.stderr, ctx.env);
  const tally: FmtTally = { changed: 0, unchanged: 0, skipped: 0, writeProblems: 0 };
  for (const file of files) {
    const result = format(file.text);
    if ('error' in result) {
      tally.skipped++;
      // The formatter's message says where and how to fix it (for example the first syntax error).
      ctx.stderr.write(`${e.paint('bold', file.shown + ':')} ${e.paint(['bold', 'red'], 'not formatted')}: ${result.error}\n`);
      continue;
    }
    if (result.text === file.text) {
      tally.unchanged++;
      continue;
    }
    tally.changed++;
    if (check) {
      ctx.stdout.write(`${file.shown}\n`);
      continue;
    }
    try {
      replaceFileAtomic(file.path, result.text);
      ctx.stdout.write(`${s.paint('green', 'formatted')} ${file.shown}\n`);
    } catch (err) {
      tally.writeProblems++;
      ctx.stderr.write(`${file.shown}: cannot write the formatted text: ${describeFsError(err)}. The file is unchanged; check that you may write to its folder.\n`);
    }
  }
  ctx.stdout.write(summary(tally, check) + '\n');
  if (tally.writeProblems) return EXIT.usage;
  return tally.skipped || (check && tally.changed) ? EXIT.findings : EXIT.ok;
}

export const registerFmt: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('fmt')
    .summary('format .rpa files in the canonical layout')
    .description(
      'Rewrite .rpa files in the canonical layout, keeping every token and comment:\n' +
        '- indentation of 2 spaces per level, one space around tokens as in `key: value`, `f(a, b)`, `[a, b]`;\n' +
        '- each declaration, member, step and field on its own line; one blank line between declarations;\n' +
        '- a property block or session entry written on one line (`manager { maxSecureSessions: 2 }`) stays on one ' +
        'line when it holds only simple properties and fits in 100 columns; written over several lines, it stays one ' +
        'property per line;\n' +
        '- blank lines you left between members are kept (one, however many there were), none after an opening brace;\n' +
        '- trailing // comments you aligned (the same column, in a stretch without blank lines) stay aligned; any ' +
        'other trailing comment gets one space after its code.\n' +
        'Files are replaced atomically (a symbolic link keeps pointing at its formatted target). Files with syntax errors ' +
        'are reported and left as they are.\n\n' +
        'Exit code: 0 ok, 1 files would change (--check) or had syntax errors, 2 usage or I/O error.',
    )
    .argument('[paths...]', '.rpa files or folders to format (default: the current folder)')
    .option('--check', 'only list the files that would be reformatted; write nothing')
    .action(action(ctx, (paths: string[], opts: FmtOptions) => runFmt(ctx, paths, opts)));
};
