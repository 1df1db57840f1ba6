// What every rpa-sessions command receives and returns: the process surroundings (cwd, streams,
// environment, colours), the exit codes of SPEC §4, and the error types for usage and I/O problems.
import type { Command } from 'commander';
import { styleText } from 'node:util';

/** Exit codes (SPEC §4): 0 ok, 1 findings or failed sessions, 2 usage or I/O error. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An output stream: stdout/stderr, or any writable with an optional TTY flag. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliContext {
  cwd: string;
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /** The worst exit code any command action reported so far. */
  exitCode: ExitCode;
}

/**
 * A problem the user can fix (a bad path, an unreadable file, a malformed state file): printed as
 * its message alone, never with a stack trace, and the process exits with `exitCode` (2 by default).
 */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Several user-fixable problems found together (for example every bad path of one `check`). */
export class CliProblems extends CliError {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CliProblems';
  }
}

/** A command module registers one subcommand (with its options and action) on the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/**
 * Wraps an action so its returned exit code is recorded on the context; thrown CliErrors reach
 * main.ts, which prints them without a stack trace.
 */
export function action<Args extends unknown[]>(
  ctx: CliContext,
  run: (...args: Args) => Promise<ExitCode> | ExitCode,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    const code = await run(...args);
    ctx.exitCode = Math.max(ctx.exitCode, code) as ExitCode;
  };
}

/** "1 error", "2 errors", "0 infos" (shared with the VS Code extension's run reports). */
export { plural } from '../../runtime/src/node/run-report';

// Colours: on only when writing to a TTY, off when NO_COLOR is set (https://no-color.org), forced on
// by FORCE_COLOR (for a pager that understands them).

export type StyleName = 'red' | 'yellow' | 'cyan' | 'green' | 'bold' | 'dim';

export interface Styler {
  paint(style: StyleName | StyleName[], text: string): string;
}

export function colorEnabled(stream: Output, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function stylerFor(stream: Output, env: NodeJS.ProcessEnv): Styler {
  const enabled = colorEnabled(stream, env);
  return {
    // The decision is ours (NO_COLOR/FORCE_COLOR/TTY of the stream we write to), not styleText's.
    paint: (style, text) => (enabled && text ? styleText(style, text, { validateStream: false }) : text),
  };
}
