// A language client for the server suites and the benchmark: spawns the bundled server over stdio,
// speaks LSP to it (vscode-languageserver-protocol) and waits on notifications with bounded timeouts.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  InlayHintRefreshRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type FileEvent,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { StatusNotification, type RpaInitializationOptions, type RpaServerStatus } from '../../server/src/protocol';

export const REPO = resolve(__dirname, '..', '..');
export const SERVER = join(REPO, 'dist', 'server.js');
const DEFAULT_TIMEOUT = 10_000;
/** Spawning Node and loading the bundle can be slow on a busy machine. */
const START_TIMEOUT = 15_000;

/** What a client like VS Code announces, trimmed to what the server looks at. */
export const CAPABILITIES: ClientCapabilities = {
  workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, inlayHint: { refreshSupport: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    completion: { completionItem: { snippetSupport: true } },
    rename: { prepareSupport: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
};

export interface StartOptions {
  /** Workspace folders (paths on disk). */
  folders?: string[];
  initializationOptions?: RpaInitializationOptions;
  capabilities?: ClientCapabilities;
  /** Node options before the server script (the benchmark's heap probe preload). */
  nodeArgs?: string[];
}

interface Waiter {
  probe: () => boolean;
  done: () => void;
}

/** The position of the `delta`-th character of the first occurrence of `search` in `text`. */
export function position(text: string, search: string, delta = 0): Position {
  const at = text.indexOf(search);
  if (at < 0) throw new Error(`'${search}' does not occur in the document`);
  const offset = at + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown; this server sends plain text). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** The position right after the first occurrence of `search`. */
export function after(text: string, search: string): Position {
  return position(text, search, search.length);
}

export class LspClient {
  readonly docs = new Map<string, { text: string; version: number }>();
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly registrations: Registration[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly statuses: RpaServerStatus[] = [];
  inlayRefreshes = 0;
  stderr = '';
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters = new Set<Waiter>();
  private exited = false;

  /** The server's answer to `initialize`. */
  initializeResult: InitializeResult | undefined;

  private constructor(readonly child: ChildProcessWithoutNullStreams, readonly connection: ProtocolConnection) {
    child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    child.on('exit', () => (this.exited = true));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => this.onDiagnostics(p));
    connection.onNotification(ShowMessageNotification.type, (p) => this.notify(() => this.messages.push(p)));
    connection.onNotification(StatusNotification, (p) => this.notify(() => this.statuses.push(p)));
    connection.onNotification(LogMessageNotification.type, () => undefined);
    connection.onRequest(RegistrationRequest.type, (p) => {
      this.notify(() => this.registrations.push(...p.registrations));
    });
    connection.onRequest(InlayHintRefreshRequest.type, () => {
      this.notify(() => this.inlayRefreshes++);
    });
    connection.listen();
  }

  /** Spawns `node dist/server.js --stdio` and initializes it with the folders as workspace folders. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child, createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
    const folders = (options.folders ?? []).map((f, i) => ({ uri: URI.file(f).toString(), name: `folder${i}` }));
    try {
      client.initializeResult = await withTimeout(
        client.connection.sendRequest(InitializeRequest.type, {
          processId: process.pid,
          rootUri: folders[0]?.uri ?? null,
          workspaceFolders: folders,
          capabilities: options.capabilities ?? CAPABILITIES,
          initializationOptions: options.initializationOptions ?? { diagnosticsDelay: 20 },
        }),
        START_TIMEOUT,
        () => `the server did not answer initialize (${client.exited ? `it exited with ${client.child.exitCode}` : 'still running'}); stderr: ${client.stderr}`,
      );
    } catch (err) {
      child.kill('SIGKILL');
      client.connection.dispose();
      throw err;
    }
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    this.notify(() => {
      this.published.push(p);
      this.latest.set(p.uri, p);
    });
  }

  private notify(update: () => void): void {
    update();
    for (const w of this.waiters) if (w.probe()) w.done();
  }

  /** Resolves once `probe` returns a value (checked now and after every notification); rejects after the timeout. */
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = DEFAULT_TIMEOUT): Promise<T> {
    return new Promise<T>((resolvePromise, reject) => {
      let value: T | undefined;
      const waiter: Waiter = {
        probe: () => (value = probe()) !== undefined,
        done: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolvePromise(value as T);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      if (waiter.probe()) waiter.done();
    });
  }

  /** The latest diagnostics published for a file once they satisfy `accept`. */
  diagnostics(uri: string, accept: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean, timeoutMs = DEFAULT_TIMEOUT): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics of ${uri} to match (latest: ${JSON.stringify(this.latest.get(uri)?.diagnostics.map((d) => d.code))})`, () => {
      const p = this.latest.get(uri);
      return p && accept(p.diagnostics, p) ? p.diagnostics : undefined;
    }, timeoutMs);
  }

  /** The latest diagnostics of a file once their codes are exactly `codes` (any order). */
  codes(uri: string, codes: string[], timeoutMs?: number): Promise<Diagnostic[]> {
    const want = [...codes].sort().join(',');
    return this.diagnostics(uri, (d) => d.map((x) => String(x.code)).sort().join(',') === want, timeoutMs);
  }

  latestDiagnostics(uri: string): Diagnostic[] | undefined {
    return this.latest.get(uri)?.diagnostics;
  }

  async open(uri: string, text: string): Promise<void> {
    this.docs.set(uri, { text, version: 1 });
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rpa', version: 1, text } });
  }

  /** Replaces the first occurrence of `search` with `replacement` as one incremental change. */
  async edit(uri: string, search: string, replacement: string): Promise<number> {
    const doc = this.doc(uri);
    const start = position(doc.text, search);
    const end = after(doc.text, search);
    doc.text = doc.text.replace(search, replacement);
    doc.version++;
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ range: { start, end }, text: replacement }],
    });
    return doc.version;
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  text(uri: string): string {
    return this.doc(uri).text;
  }

  private doc(uri: string): { text: string; version: number } {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc;
  }

  /** Shuts the server down and waits (bounded) for it to exit; kills it and fails if it does not. */
  async stop(): Promise<void> {
    try {
      if (this.exited) return;
      const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
      try {
        await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 5000, () => 'the server did not answer shutdown');
        await this.connection.sendNotification(ExitNotification.type);
        await withTimeout(exited, 5000, () => 'the server did not exit after the exit notification');
      } catch (err) {
        this.child.kill('SIGKILL');
        await exited;
        throw err;
      }
    } finally {
      this.connection.dispose();
    }
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${what()}`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolvePromise(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
