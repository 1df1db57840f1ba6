// Test harness for the CLI suites: spawns the real bundled `node dist/cli.js` in a given folder,
// with a bounded run time, and builds throw-away workspaces in temporary folders.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root (tests are bundled to dist-test/cli/*.js). */
export const REPO = resolve(__dirname, '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');
export const FIXTURES = join(REPO, 'test', 'fixtures', 'cli');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Run the command through `script` so it writes to a real pseudo-terminal. */
  tty?: boolean;
  timeoutMs?: number;
}

/** Colour variables removed unless a test sets them, so output is what a pipe gets. */
const COLOR_VARS = ['NO_COLOR', 'FORCE_COLOR', 'TERM'];

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function runCli(args: string[], opts: RunOptions): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const v of COLOR_VARS) delete env[v];
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const command = opts.tty
    ? { file: 'script', args: ['-qfec', [process.execPath, CLI, ...args].map(shellQuote).join(' '), '/dev/null'] }
    : { file: process.execPath, args: [CLI, ...args] };
  if (opts.tty) env.TERM = env.TERM ?? 'xterm-256color';
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command.file, command.args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const limit = opts.timeoutMs ?? 15_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rpa-sessions ${args.join(' ')} did not finish within ${limit} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, limit);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A temporary folder, removed by `dispose()` (call it in `after`/`afterEach`). */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'rpa-cli-test-'));

  /** Writes files given as { 'relative/path.rpa': 'text' } (Buffers are written as bytes). */
  write(files: Record<string, string | Buffer>): this {
    for (const [rel, content] of Object.entries(files)) {
      const p = join(this.path, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
    }
    return this;
  }

  /** Copies a fixture folder (under test/fixtures/cli) to `rel`. */
  copyFixture(name: string, rel = name): string {
    const to = join(this.path, rel);
    cpSync(join(FIXTURES, name), to, { recursive: true });
    return to;
  }

  join(...parts: string[]): string {
    return join(this.path, ...parts);
  }

  dispose(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

export interface JsonDiagnosticOut {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

export interface JsonCheckOut {
  diagnostics: JsonDiagnosticOut[];
  summary: { errors: number; warnings: number; infos: number };
}

/** Parses `check --format json` output, failing with the raw text when it is not JSON. */
export function parseCheckJson(stdout: string): JsonCheckOut {
  try {
    return JSON.parse(stdout) as JsonCheckOut;
  } catch {
    throw new Error(`check --format json printed something that is not JSON:\n${stdout}`);
  }
}

/** "code" list of a JSON report, sorted, for comparisons that ignore order. */
export function codesOf(out: JsonCheckOut): string[] {
  return out.diagnostics.map((d) => d.code).sort();
}
