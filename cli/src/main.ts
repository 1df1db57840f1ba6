// Entry of the `rpa-sessions` command (bundled to dist/cli.js): builds the commander program from the
// command modules listed below and maps every outcome to exit code 0 ok / 1 findings / 2 usage or I/O.
import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { isUserError } from '../../runtime/src/user-error';
import { CliError, CliProblems, EXIT, stylerFor, type CliContext, type ExitCode, type RegisterCommand } from './cli-context';
import { registerBot } from './commands/bot';
import { registerCheck } from './commands/check';
import { registerDemo } from './commands/demo';
import { registerFmt } from './commands/fmt';
import { registerRun } from './commands/run';
import { registerServe } from './commands/serve';
import { registerSessions } from './commands/sessions';
import { registerWorker } from './commands/worker';

/** Every subcommand, in help order. To add one: a file in commands/ exporting a RegisterCommand. */
const COMMANDS: RegisterCommand[] = [registerCheck, registerFmt, registerRun, registerSessions, registerBot, registerDemo, registerServe, registerWorker];

export function createProgram(ctx: CliContext): Command {
  const program = new Command('rpa-sessions')
    .description(
      'Check, format and run RPA bots, agents and run configurations (.rpa files) in simulated secure sessions.',
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    // `help` is ours (below), so that it reaches nested subcommands; inherited, so set again for them.
    .helpCommand(false)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (t) => ctx.stdout.write(t),
      writeErr: (t) => ctx.stderr.write(t),
      // The argument parser's errors carry the same prefix as every other error.
      outputError: (t, write) => write(t.replace(/^error: /, errorPrefix(ctx))),
    })
    // Throw instead of exiting, so usage errors map to exit 2 below; inherited by every subcommand.
    .exitOverride();
  for (const register of COMMANDS) register(program, ctx);
  for (const sub of program.commands) if (sub.commands.length) sub.helpCommand('help [command]', 'show help for a command');
  program
    .command('help')
    .argument('[command...]', 'a command and its subcommands, e.g. `help sessions data`')
    .description('show help for a command')
    .action((path: string[]) => helpFor(program, path).outputHelp());
  return program;
}

/** The (sub)command that `help a b` names, or a usage error naming what there is. */
function helpFor(program: Command, path: readonly string[]): Command {
  let cmd = program;
  for (const name of path) {
    const sub = cmd.commands.find((c) => c.name() === name || c.aliases().includes(name));
    if (!sub) {
      const known = cmd.commands.map((c) => c.name()).filter((n) => n !== 'help');
      const what = cmd === program ? 'command' : 'subcommand';
      throw new CliError(`'${cmd.name()}' has no ${what} '${name}' (its ${what}s: ${known.join(', ')}). Try: rpa-sessions help${cmd === program ? '' : ` ${cmd.name()}`}`);
    }
    cmd = sub;
  }
  return cmd;
}

function errorPrefix(ctx: CliContext): string {
  return `rpa-sessions: ${stylerFor(ctx.stderr, ctx.env).paint(['bold', 'red'], 'error')}: `;
}

function reportError(ctx: CliContext, err: unknown): ExitCode {
  const prefix = errorPrefix(ctx);
  if (err instanceof CommanderError) {
    // Commander has already printed its message (or the help/version text).
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof CliProblems) {
    for (const p of err.problems) ctx.stderr.write(prefix + p + '\n');
    return err.exitCode;
  }
  if (err instanceof CliError) {
    ctx.stderr.write(prefix + err.message + '\n');
    return err.exitCode;
  }
  if (isUserError(err)) {
    ctx.stderr.write(prefix + err.message + '\n');
    return EXIT.usage;
  }
  // A bug, not a user error: say so, and keep the stack for the report.
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  ctx.stderr.write(`rpa-sessions: internal error (this is a bug in rpa-sessions, not in your files; please report it with the command you ran):\n${detail}\n`);
  return EXIT.usage;
}

export async function main(argv: string[], ctx: CliContext): Promise<ExitCode> {
  try {
    await createProgram(ctx).parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    return reportError(ctx, err);
  }
}

if (require.main === module) {
  const ctx: CliContext = { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: EXIT.ok };
  // A reader that stops early (`rpa-sessions check | head`) is not an error of ours: stop quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(ctx.exitCode);
  });
  // exitCode (not process.exit) so piped output is flushed before the process ends.
  void main(process.argv.slice(2), ctx).then((code) => {
    process.exitCode = code;
  });
}
