// The debugger side of `npm run bench:debug`: a scratch workspace (a bot, a scraping agent, a stepping
// agent, a big-page agent and their runs) and the standalone debug adapter driven over stdio by DebugClient.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Workspace, checkWorkspace } from '../../language/src/index';
import { listerAgent } from './engine-bench';

/** How many `log` steps the stepping agent has (one breakpoint on each). */
export const LOG_STEPS = 201;

/** The workspace text; run Scrape's three sessions each walk their own `pagesPerSession` listing pages. */
export function debugBenchWorkspace(pagesPerSession: number): string {
  const scrapeSessions = [0, 1, 2].map((k) => `  session "scrape-${k + 1}" { from: ${k * pagesPerSession + 1}, to: ${(k + 1) * pagesPerSession} }`).join('\n');
  const logs = Array.from({ length: LOG_STEPS }, (_, i) => `    log "step ${i}"`).join('\n');
  return `
bot BenchBot {
  host: "BENCH-01"
  mode: secure
  licensedSecureSessions: 3
  configurator {
    login { user: "bench", password: secret("RPA_BENCH_PASSWORD") }
    maxSecureSessions: 3
  }
  manager { maxSecureSessions: 3, description: "Debugger benchmark bot" }
  system { os: "Windows Server 2022", ramGb: 32, ramPerSessionGb: 4, terminalServer: true }
}

${listerAgent(100_000)}
agent Stepper {
  sessions: multiple
  sessionTimeout: 1h
  steps {
${logs}
  }
}

agent BigPage {
  sessions: multiple
  sessionTimeout: 1h
  input { base: "http://127.0.0.1:1" }
  steps {
    open "{base}/list/1?to=1"
    log "loaded"
  }
}

run Scrape {
  bot: BenchBot
  agent: Lister
  mode: secure
  sessions: 3
  timeout: 1h
${scrapeSessions}
}

run Steps {
  bot: BenchBot
  agent: Stepper
  mode: secure
  sessions: 1
  timeout: 1h
  session "stepper" {}
}

run Big {
  bot: BenchBot
  agent: BigPage
  mode: secure
  sessions: 1
  timeout: 1h
  session "big" {}
}
`;
}

/** A fresh workspace folder (each launch gets its own, so no session ID is taken by an earlier one). */
export function scratchWorkspace(pagesPerSession: number): { dir: string; file: string; text: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rpa-debug-bench-'));
  const file = join(dir, 'bench.rpa');
  const text = debugBenchWorkspace(pagesPerSession);
  writeFileSync(file, text);
  const ws = new Workspace();
  ws.setFile(pathToFileURL(file).href, text);
  const errors = [...checkWorkspace(ws).values()].flat().filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`the benchmark workspace has errors: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return { dir, file, text, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The 1-based line of the first line of `text` containing `fragment`. */
export function lineOf(text: string, fragment: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(fragment));
  if (i < 0) throw new Error(`no line with ${fragment}`);
  return i + 1;
}

/** The standalone adapter (dist/debug-adapter.js) over stdio, launched with breakpoints set as VS Code sets them. */
export class BenchAdapter {
  readonly dc: DebugClient;

  private constructor(adapter: string) {
    // The sessions' login password (a secret read from the adapter's environment).
    this.dc = new DebugClient(process.execPath, adapter, 'rpa', { env: { ...process.env, RPA_BENCH_PASSWORD: 'bench-password' } }, true);
    this.dc.defaultTimeout = 120_000;
  }

  static async start(adapter: string): Promise<BenchAdapter> {
    const a = new BenchAdapter(adapter);
    await a.dc.start();
    return a;
  }

  /** Launches; `configured` is called right before configurationDone (a timing mark). */
  async launch(args: Record<string, unknown>, breakpoints: Record<string, DebugProtocol.SourceBreakpoint[]>, configured: () => void = () => undefined): Promise<void> {
    const configure = this.dc.waitForEvent('initialized').then(async () => {
      for (const [path, bps] of Object.entries(breakpoints)) await this.dc.setBreakpointsRequest({ source: { path }, breakpoints: bps });
      await this.dc.setExceptionBreakpointsRequest({ filters: [] });
      configured();
      await this.dc.configurationDoneRequest();
    });
    await Promise.all([configure, this.dc.launch(args)]);
  }

  /** Resolves at the next event of this type (armed before whatever causes it). */
  next<T extends DebugProtocol.Event>(event: string): Promise<T> {
    return new Promise((resolve) => this.dc.once(event, (e: T) => resolve(e)));
  }

  async stop(): Promise<void> {
    await this.dc.stop();
  }
}
