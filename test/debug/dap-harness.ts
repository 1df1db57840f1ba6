// Drives the standalone debug adapter (dist/debug-adapter.js) over stdio with a DAP client, on a copy of
// the example workspace scraping the example site on 127.0.0.1; collects every event and raw message.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

/** Built by `node scripts/test-only.mjs test/debug --entries debug-adapter,session-worker`. */
export const ADAPTER = resolve('dist/debug-adapter.js');
export const EXAMPLE_WORKSPACE = resolve('examples/workspace');

export interface BreakpointSpec {
  line: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

/** A running adapter with everything it sent. */
export class Dap {
  readonly dc: DebugClient;
  /** Every message the adapter sent, as JSON text (to check that secrets never appear in one). */
  readonly raw: string[] = [];
  readonly events: DebugProtocol.Event[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(env: Record<string, string> = {}) {
    this.dc = new DebugClient(process.execPath, ADAPTER, 'rpa', { env: { ...process.env, ...env } }, true);
    this.dc.defaultTimeout = 30_000;
    const client = this.dc as unknown as { dispatch(body: string): void };
    const dispatch = client.dispatch.bind(this.dc);
    client.dispatch = (body: string) => {
      this.raw.push(body);
      const msg = JSON.parse(body) as DebugProtocol.ProtocolMessage;
      if (msg.type === 'event') this.events.push(msg as DebugProtocol.Event);
      dispatch(body);
      for (const w of [...this.waiters]) w();
    };
  }

  start(): Promise<void> {
    return this.dc.start();
  }

  stop(): Promise<void> {
    return this.dc.stop();
  }

  /** Launches with breakpoints (and exception filters) set during the configuration phase, as VS Code does. */
  async launch(args: Record<string, unknown>, breakpoints: Record<string, BreakpointSpec[]> = {}, filters: string[] = []): Promise<Record<string, DebugProtocol.Breakpoint[]>> {
    const verified: Record<string, DebugProtocol.Breakpoint[]> = {};
    const configure = this.dc.waitForEvent('initialized').then(async () => {
      for (const [path, bps] of Object.entries(breakpoints)) {
        const r = await this.dc.setBreakpointsRequest({ source: { path }, breakpoints: bps });
        verified[path] = r.body.breakpoints;
      }
      await this.dc.setExceptionBreakpointsRequest({ filters });
      await this.dc.configurationDoneRequest();
    });
    await Promise.all([configure, this.dc.launch(args)]);
    return verified;
  }

  /** Resolves once `match` holds for the events so far (checked at every message), or fails after timeoutMs. */
  until<T>(what: string, match: (events: DebugProtocol.Event[]) => T | undefined | false, timeoutMs = 30_000): Promise<T> {
    return new Promise<T>((ok, fail) => {
      const check = () => {
        const found = match(this.events);
        if (!found) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        ok(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        fail(new Error(`no ${what} within ${timeoutMs} ms; events: ${this.events.map((e) => e.event).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Waits for the adapter's terminated event, whether it came already or comes later. */
  terminated(): Promise<true> {
    return this.until('terminated event', (events) => events.some((e) => e.event === 'terminated'));
  }

  stopped(): DebugProtocol.StoppedEvent[] {
    return this.events.filter((e): e is DebugProtocol.StoppedEvent => e.event === 'stopped');
  }

  /** Waits for the n-th stopped event (1-based) and returns it. */
  nthStop(n: number): Promise<DebugProtocol.StoppedEvent> {
    return this.until(`stop #${n}`, () => this.stopped()[n - 1]);
  }

  output(): string {
    return this.events.filter((e) => e.event === 'output').map((e) => (e as DebugProtocol.OutputEvent).body.output).join('');
  }

  async frames(threadId: number): Promise<DebugProtocol.StackFrame[]> {
    return (await this.dc.stackTraceRequest({ threadId })).body.stackFrames;
  }

  /** The variables of each scope of the thread's top frame, by scope name. */
  async scopes(threadId: number): Promise<Record<string, Record<string, string>>> {
    const [top] = await this.frames(threadId);
    const out: Record<string, Record<string, string>> = {};
    for (const scope of (await this.dc.scopesRequest({ frameId: top.id })).body.scopes) {
      const vars = (await this.dc.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
      out[scope.name] = Object.fromEntries(vars.map((v) => [v.name, v.value]));
    }
    return out;
  }

  async evaluate(threadId: number, expression: string): Promise<DebugProtocol.EvaluateResponse['body']> {
    const [top] = await this.frames(threadId);
    return (await this.dc.evaluateRequest({ expression, frameId: top.id, context: 'watch' })).body;
  }

  async threadName(threadId: number): Promise<string | undefined> {
    return (await this.dc.threadsRequest()).body.threads.find((t) => t.id === threadId)?.name;
  }
}

/** A copy of the example workspace in a temporary folder. */
export function exampleCopy(): { dir: string; file(rel: string): string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rpa-debug-'));
  cpSync(EXAMPLE_WORKSPACE, dir, { recursive: true });
  return { dir, file: (rel) => join(dir, rel), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The 1-based line of the first line of `file` that contains `text` (positions found by text, never hard-coded). */
export function lineOf(file: string, text: string, occurrence = 1): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  let seen = 0;
  const i = lines.findIndex((l) => l.includes(text) && ++seen === occurrence);
  assert.ok(i >= 0, `${file} has no line with ${JSON.stringify(text)}`);
  return i + 1;
}
