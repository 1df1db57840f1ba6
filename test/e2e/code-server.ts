// Runs a real VS Code for the end-to-end test: code-server 4.100.3 (installed by
// scripts/install-code-server.sh) on a free loopback port, with its own user data and extensions.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const CODE_SERVER_DIR = join(process.cwd(), '.vscode-test', 'code-server');
export const CODE_SERVER_BIN = join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
export const INSTALL_SCRIPT = join(process.cwd(), 'scripts', 'install-code-server.sh');

/** Settings that keep the UI quiet and deterministic: no trust prompt, welcome page, telemetry or updates. */
export const QUIET_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  // Completion is asked for explicitly (Ctrl+Space), so typing never accepts a suggestion by accident.
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.hover.delay': 100,
  'files.autoSave': 'off',
};

export interface CodeServerDirs {
  userData: string;
  extensions: string;
  xdg: string;
}

/** Installs code-server with the project's script unless it is already there. */
export async function ensureCodeServer(log: (line: string) => void): Promise<void> {
  if (existsSync(CODE_SERVER_BIN)) return;
  log(`code-server is not installed: running ${INSTALL_SCRIPT} (one-off, a few minutes)`);
  await run('bash', [INSTALL_SCRIPT, CODE_SERVER_DIR], { timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (!existsSync(CODE_SERVER_BIN)) throw new Error(`${INSTALL_SCRIPT} finished but ${CODE_SERVER_BIN} is missing`);
}

/** An environment that keeps code-server's own config and state inside the test's temp folder. */
function envFor(dirs: CodeServerDirs): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(dirs.xdg, 'config'),
    XDG_DATA_HOME: join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: join(dirs.xdg, 'cache'),
  };
}

export async function installExtension(vsix: string, dirs: CodeServerDirs): Promise<string> {
  const { stdout } = await run(
    CODE_SERVER_BIN,
    ['--install-extension', vsix, '--force', '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData],
    { timeout: 120_000, env: envFor(dirs) },
  );
  return stdout;
}

export function writeUserSettings(dirs: CodeServerDirs, extra: Record<string, unknown> = {}): void {
  const user = join(dirs.userData, 'User');
  mkdirSync(user, { recursive: true });
  writeFileSync(join(user, 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port on 127.0.0.1'))));
    });
  });
}

export class CodeServer {
  private exited: Promise<void>;
  private output = '';

  private constructor(private readonly child: ChildProcess, readonly url: string) {
    child.stdout?.on('data', (b: Buffer) => (this.output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (this.output += b.toString()));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts code-server on 127.0.0.1 and waits (bounded) until it answers over HTTP. */
  static async start(dirs: CodeServerDirs, folder: string, timeoutMs = 60_000): Promise<CodeServer> {
    const port = await freePort();
    const config = join(dirs.xdg, 'code-server.yaml');
    writeFileSync(config, 'auth: none\n');
    const child = spawn(
      CODE_SERVER_BIN,
      [
        '--config', config,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--user-data-dir', dirs.userData,
        '--extensions-dir', dirs.extensions,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        folder,
      ],
      { env: envFor(dirs), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const server = new CodeServer(child, `http://127.0.0.1:${port}/`);
    await server.waitUntilAnswering(timeoutMs);
    return server;
  }

  /** What code-server printed, for failure messages. */
  get log(): string {
    return this.output;
  }

  private async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      if (exited) throw new Error(`code-server exited before answering:\n${this.output}`);
      try {
        const res = await fetch(new URL('healthz', this.url), { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
      } catch {
        // Not listening yet: poll again below, until the deadline.
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`code-server did not answer on ${this.url} within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Stops code-server and everything it started (extension host, language server): its process group. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    const group = -this.child.pid;
    process.kill(group, 'SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    if ((await Promise.race([this.exited.then(() => 'exited' as const), timer])) === 'timeout') {
      process.kill(group, 'SIGKILL');
      await this.exited;
    }
    // The group may outlive its leader for a moment: make sure nothing of it keeps running.
    try {
      process.kill(group, 'SIGKILL');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // ESRCH: the whole group is gone
    }
  }
}

/** The .vsix under test: RPA_E2E_VSIX when set, otherwise a fresh `npm run package`. */
export async function vsixUnderTest(): Promise<string> {
  const given = process.env.RPA_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`RPA_E2E_VSIX=${given} does not exist: build it with "npm run package" or unset RPA_E2E_VSIX`);
    return given;
  }
  await run('npm', ['run', 'package', '--silent'], { timeout: 5 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  return join(process.cwd(), 'rpa-sessions.vsix');
}
