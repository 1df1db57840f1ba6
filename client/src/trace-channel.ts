// The "RPA Sessions Trace" channel: a LogOutputChannel whose level follows the `rpa.trace.server`
// setting, so the language client traces JSON-RPC messages exactly when the user asks for it.
import * as vscode from 'vscode';

export const TRACE_SETTING = 'rpa.trace.server';

type TraceSetting = 'off' | 'messages' | 'verbose';

function readSetting(): TraceSetting {
  const value = vscode.workspace.getConfiguration('rpa').get<string>('trace.server', 'off');
  return value === 'messages' || value === 'verbose' ? value : 'off';
}

/**
 * vscode-languageclient 11 traces only when its trace channel's log level is Trace, then reads
 * `rpa.trace.server` for the detail (messages or verbose). This channel makes that level follow the
 * setting, writing plain timestamped lines to an ordinary output channel.
 */
export class TraceChannel implements vscode.LogOutputChannel {
  private readonly channel: vscode.OutputChannel;
  private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  private readonly watcher: vscode.Disposable;
  private level: vscode.LogLevel;

  readonly onDidChangeLogLevel = this.levelChanged.event;

  constructor(name: string) {
    this.channel = vscode.window.createOutputChannel(name);
    this.level = TraceChannel.levelFor(readSetting());
    this.watcher = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(TRACE_SETTING)) return;
      this.level = TraceChannel.levelFor(readSetting());
      this.levelChanged.fire(this.level);
    });
  }

  private static levelFor(setting: TraceSetting): vscode.LogLevel {
    return setting === 'off' ? vscode.LogLevel.Off : vscode.LogLevel.Trace;
  }

  get name(): string {
    return this.channel.name;
  }

  get logLevel(): vscode.LogLevel {
    return this.level;
  }

  trace(message: string): void {
    this.write('trace', message);
  }

  debug(message: string): void {
    this.write('debug', message);
  }

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  error(error: string | Error): void {
    this.write('error', typeof error === 'string' ? error : error.message);
  }

  append(value: string): void {
    this.channel.append(value);
  }

  appendLine(value: string): void {
    this.channel.appendLine(value);
  }

  replace(value: string): void {
    this.channel.replace(value);
  }

  clear(): void {
    this.channel.clear();
  }

  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean') this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }

  hide(): void {
    this.channel.hide();
  }

  dispose(): void {
    this.watcher.dispose();
    this.levelChanged.dispose();
    this.channel.dispose();
  }

  private write(level: string, message: string): void {
    if (this.level === vscode.LogLevel.Off) return;
    this.channel.appendLine(`${new Date().toISOString()} [${level}] ${message}`);
  }
}
