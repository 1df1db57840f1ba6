// The "RPA Sessions: Runs" output channel: a readable, timestamped log of every run started from
// VS Code (state changes, log lines, errors of each session) and what opening a session runtime found.
import * as vscode from 'vscode';
import { plural, recordsPerDataset, tally, type SessionSummary } from '../../../runtime/src/node/run-report';
import type { SessionInfo } from '../../../runtime/src/session-types';

const RUNS_CHANNEL = 'RPA Sessions: Runs';

function clock(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}`;
}

/** "books 60, details 60" — records per dataset still in the store. */
export function datasetsText(datasets: Record<string, number>): string {
  return Object.entries(datasets)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}

/** "3 sessions: 3 completed, 0 failed" — completed and failed always, other outcomes when they occur. */
export function outcomeText(summaries: readonly SessionSummary[]): string {
  return tally(summaries, ['completed', 'failed']);
}

/** What a run's header says about it (all of it known once the run has started). */
export interface RunHeading {
  title: string;
  file?: string;
  bot?: string;
  mode?: string;
  sessions: readonly SessionInfo[];
  /** Masks secrets in text built here from session data (inputs); events are redacted by the engine. */
  redact(text: string): string;
}

export class RunsOutput implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(RUNS_CHANNEL);

  /** One timestamped line. */
  line(text: string): void {
    this.channel.appendLine(`[${clock()}] ${text}`);
  }

  show(): void {
    this.channel.show(true);
  }

  /** The head of a run's log: what runs where, and each session with its inputs. */
  runStarted(h: RunHeading): void {
    const where = [h.file, h.bot && `bot ${h.bot}`, h.mode && `${h.mode} mode`].filter(Boolean).join(', ');
    this.channel.appendLine('');
    this.line(`${h.title}${where ? ` (${where})` : ''}: ${plural(h.sessions.length, 'session')} started`);
    for (const s of h.sessions) {
      const inputs = Object.entries(s.inputs).map(([k, v]) => `${k}=${String(v)}`);
      this.line(`${s.id}: inputs ${inputs.length ? h.redact(inputs.join(', ')) : '(none)'}`);
    }
  }

  /** The end of a run's log: the tally, then one line per session with its records per dataset. */
  runEnded(title: string, summaries: readonly SessionSummary[]): void {
    this.line(`${title} finished — ${outcomeText(summaries)}`);
    for (const s of summaries) {
      const datasets = datasetsText(s.datasets);
      const kept = s.recordsRemoved ? 'removed from the store after the export' : datasets || 'nothing stored';
      this.line(`  ${s.id}: ${s.status} — ${plural(s.pages, 'page')}, ${plural(s.records, 'record')} (${kept})${s.error ? `: ${s.error}` : ''}`);
    }
    const total = datasetsText(recordsPerDataset(summaries));
    if (total) this.line(`  records per dataset: ${total}`);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
