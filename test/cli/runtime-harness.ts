// Helpers for the runtime command suites (run, sessions, bot, demo): a CLI process whose output can
// be awaited while it runs, the example site on 127.0.0.1, and a small workspace that scrapes it.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli-harness';

/** A running `node dist/cli.js …` whose output can be awaited line by line, stopped at the latest by kill(). */
export class LiveCli {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();

  constructor(args: string[], cwd: string, env: Record<string, string> = {}) {
    const base = { ...process.env };
    for (const v of ['NO_COLOR', 'FORCE_COLOR', 'TERM']) delete base[v];
    this.child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => this.got(() => (this.stdout += d)));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => this.got(() => (this.stderr += d)));
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code) => {
        this.got(() => undefined);
        resolve(code);
      });
    });
  }

  /** Resolves once stdout matches, or rejects after timeoutMs (or when the process ends without it). */
  waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.stdout.match(pattern);
        if (m) return done(() => resolve(m));
        if (this.child.exitCode !== null || this.child.signalCode !== null) done(() => reject(this.failure(`exited before printing ${pattern}`)));
      };
      const timer = setTimeout(() => done(() => reject(this.failure(`did not print ${pattern} within ${timeoutMs} ms`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  /** Waits for the exit code, killing the process if it has not ended within timeoutMs. */
  async exit(timeoutMs = 15_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private got(append: () => unknown): void {
    append();
    for (const w of [...this.waiters]) w();
  }

  private failure(what: string): Error {
    return new Error(`rpa-sessions ${what}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
  }
}

/** Every line of --json output parsed; fails with the text when a line is not JSON. */
export function jsonLines(stdout: string): Array<Record<string, unknown> & { type: string }> {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown> & { type: string };
      } catch {
        throw new Error(`not a JSON line: ${l}\nin:\n${stdout}`);
      }
    });
}

/**
 * A workspace that scrapes the example site's listing pages: bot TestBot (secure, 2 sessions at once),
 * run Cats with three named sessions (the third asks for a category the site does not have, so it
 * fails), run Free with two generated IDs; runs Waiting (bot OneLicence, one licensed secure session)
 * and DeskWait (desktop bot Desk) each run one session that waits until it is stopped.
 */
export function booksWorkspace(siteUrl: string): Record<string, string> {
  return {
    'bots.rpa': `
bot TestBot {
  mode: secure
  licensedSecureSessions: 2
  configurator { login { user: "svc-tests", password: secret("RPA_CLI_TEST_PASSWORD") } }
  manager { maxSecureSessions: 2, description: "CLI tests" }
  system { terminalServer: true }
}
bot OneLicence {
  mode: secure
  licensedSecureSessions: 1
  configurator { login { user: "svc-tests", password: secret("RPA_CLI_TEST_PASSWORD") } }
  manager { maxSecureSessions: 1, description: "CLI tests" }
}
bot Desk {
  mode: desktop
  configurator { login { user: "desk-tests", password: secret("RPA_CLI_TEST_PASSWORD") } }
  manager { description: "CLI tests" }
}
`,
    'agents.rpa': `
agent Books {
  sessions: multiple
  sessionTimeout: 30m
  export database "out/books.sqlite"
  input { baseUrl: "${siteUrl}", category: "travel", batch: 1 }
  steps {
    open "{baseUrl}/catalogue/category/{category}/index.html"
    extract books each "article.product_pod" {
      title: attr("h3 a", "title")
      price: text(".price_color") as number
      category: input.category
    }
  }
}
agent Waits {
  sessions: multiple
  sessionTimeout: 30m
  steps {
    log "waiting"
    wait 10m
  }
}
`,
    'runs.rpa': `
run Cats {
  bot: TestBot
  agent: Books
  sessions: 2
  session "t-travel" { category: "travel" }
  session "t-poetry" { category: "poetry" }
  session "t-missing" { category: "no-such-category" }
}
run Free {
  bot: TestBot
  agent: Books
  sessions: 2
}
run Waiting {
  bot: OneLicence
  agent: Waits
  sessions: 1
  session "w-1" {}
}
run DeskWait {
  bot: Desk
  agent: Waits
  session "d-1" {}
}
`,
  };
}
