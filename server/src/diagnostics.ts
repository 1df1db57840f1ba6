// Diagnostics as you type: debounced, superseded by newer edits, re-checking only what an edit can
// affect (the edited file; other files only when its link signature changed) and publishing only changes.
import { checkFile } from '../../language/src/index';
import { linkSignature } from '../../language/src/services/index';
import { toDiagnostic } from './convert';
import type { ServerContext } from './context';
import { StatusNotification, type RpaServerStatus } from './protocol';

interface Published {
  /** The diagnostics as sent, serialised, to skip sending the same list again. */
  json: string;
  /** Other files this file's diagnostics point into (related information). */
  pointsInto: Set<string>;
  counts: { errors: number; warnings: number; infos: number };
}

/** Longest stretch of checking before yielding to read newer messages. */
const SLICE_MS = 10;

export class DiagnosticsScheduler {
  /** Files whose text changed, was added or removed since the last pass. */
  private readonly changed = new Set<string>();
  /** Files to re-check in the next pass (edited files first). */
  private readonly pending = new Set<string>();
  private readonly signatures = new Map<string, string>();
  private readonly published = new Map<string, Published>();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  /** Nothing is checked until the workspace is indexed (a run would miss bots in unread files). */
  private started = false;
  private lastStatus = '';
  private lastPass: RpaServerStatus['lastPass'];

  /** @param delay milliseconds between the last edit and the check pass (the debounce) */
  constructor(private readonly ctx: ServerContext, public delay: number) {}

  /** A file's text changed, it was added, or it left the index: check after the debounce. */
  fileChanged(key: string): void {
    this.changed.add(key);
    this.schedule(this.delay);
  }

  /** Starts checking, once every file is indexed, with a pass over all of them. */
  start(): void {
    this.started = true;
    this.checkAll();
  }

  /** Re-check every file (after indexing, or when the deployment state changed). */
  checkAll(): void {
    for (const key of this.ctx.ws.uris()) this.changed.add(key);
    this.schedule(0);
  }

  status(indexed: boolean): RpaServerStatus {
    const pending = this.pending.size + this.changed.size;
    const s = { indexed, files: this.ctx.ws.uris().length, pending, errors: 0, warnings: 0, infos: 0, lastPass: this.lastPass };
    for (const p of this.published.values()) {
      s.errors += p.counts.errors;
      s.warnings += p.counts.warnings;
      s.infos += p.counts.infos;
    }
    return s;
  }

  /** A newer call supersedes the pending pass: only the last text is checked. */
  private schedule(delay: number): void {
    this.generation++;
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run(this.generation).catch((err: unknown) => this.ctx.connection.console.error(`Checking .rpa files failed: ${errorText(err)}`));
    }, delay);
  }

  private async run(generation: number): Promise<void> {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let checked = 0;
    this.ctx.syncAll();
    let linksChanged = false;
    for (const key of this.changed) linksChanged = this.collect(key) || linksChanged;
    this.changed.clear();
    if (linksChanged) {
      for (const key of this.ctx.ws.uris()) this.pending.add(key);
      this.ctx.refreshInlayHints();
    }
    let sliceStart = performance.now();
    for (const key of this.pending) {
      if (generation !== this.generation) return; // a newer edit: the next pass takes over what is left
      this.pending.delete(key);
      this.publish(key);
      checked++;
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    const used = process.cpuUsage(cpu);
    this.lastPass = { ms: round(performance.now() - started), cpuMs: round((used.user + used.system) / 1000), files: checked };
    this.sendStatus();
  }

  /** Queues a changed file and the files it can affect; returns whether its link signature changed. */
  private collect(key: string): boolean {
    const file = this.ctx.ws.getFile(key);
    const before = this.signatures.get(key);
    const after = file ? linkSignature(file) : undefined;
    if (after === undefined) this.signatures.delete(key);
    else this.signatures.set(key, after);
    this.pending.add(key);
    for (const [other, p] of this.published) if (p.pointsInto.has(key)) this.pending.add(other);
    return before !== after;
  }

  private publish(key: string): void {
    const file = this.ctx.ws.getFile(key);
    if (!file) {
      if (this.published.delete(key)) this.ctx.connection.sendDiagnostics({ uri: this.ctx.clientUri(key), diagnostics: [] });
      return;
    }
    const diagnostics = checkFile(this.ctx.ws, key);
    const lsp = diagnostics.map((d) => toDiagnostic(d, (u) => this.ctx.clientUri(u)));
    const json = JSON.stringify(lsp);
    if (this.published.get(key)?.json === json) return;
    const counts = { errors: 0, warnings: 0, infos: 0 };
    const pointsInto = new Set<string>();
    for (const d of diagnostics) {
      if (d.severity === 'error') counts.errors++;
      else if (d.severity === 'warning') counts.warnings++;
      else counts.infos++;
      for (const r of d.related ?? []) if (r.uri !== key) pointsInto.add(r.uri);
    }
    this.published.set(key, { json, pointsInto, counts });
    this.ctx.connection.sendDiagnostics({ uri: this.ctx.clientUri(key), version: this.ctx.openVersion(key), diagnostics: lsp });
  }

  private sendStatus(): void {
    const status = this.status(true);
    const text = JSON.stringify({ ...status, lastPass: undefined });
    if (text === this.lastStatus) return;
    this.lastStatus = text;
    void this.ctx.connection.sendNotification(StatusNotification, status);
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
