// The extension's context object: the output channels, the status bar, the running language client,
// the session runtimes of the workspace folders and every disposable. Commands receive it.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, SERVER_MODULE, WATCHED_FILES } from './language-client';
import { FolderRuntimes } from './runtime/folder-runtimes';
import { RunsOutput } from './runtime/runs-output';
import { SecretEnv } from './runtime/secret-env';
import { StatusBar } from './status-bar';
import { TraceChannel } from './trace-channel';

export const SHOW_OUTPUT_COMMAND = 'rpa.showOutput';

export class Ctx implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  /** "RPA Sessions: Runs": the log of every run started from VS Code. */
  readonly runs: RunsOutput;
  /** Each workspace folder's session runtime, opened when a command first needs it. */
  readonly runtimes: FolderRuntimes;
  private readonly trace: TraceChannel;
  private readonly status: StatusBar;
  private readonly disposables: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;
  /** Disposables that live as long as one client (its state listener and file watchers). */
  private clientDisposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('RPA Sessions', { log: true });
    this.trace = new TraceChannel('RPA Sessions Trace');
    this.status = new StatusBar(SHOW_OUTPUT_COMMAND);
    this.runs = new RunsOutput();
    this.runtimes = new FolderRuntimes(this.output, this.runs, new SecretEnv(extension.secrets, extension.globalState));
    this.disposables.push(this.output, this.trace, this.status, this.runs);
  }

  /** Keeps a disposable until the extension deactivates. */
  push(disposable: vscode.Disposable): void {
    this.disposables.push(disposable);
  }

  /** Starts the language server; reports a failure in the status bar, the output and a notification. */
  async start(): Promise<void> {
    if (this.client) return;
    const serverModule = this.extension.asAbsolutePath(SERVER_MODULE);
    if (!existsSync(serverModule)) {
      this.fail(
        `the language server is missing (${serverModule}), so .rpa files are not checked.`,
        'Rebuild the extension with "npm run build" (or reinstall the .vsix built by "npm run package").',
      );
      return;
    }
    this.status.setState({ kind: 'starting' });
    const watchers = WATCHED_FILES.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
    const client = createLanguageClient(serverModule, { output: this.output, trace: this.trace }, watchers, this.runtimes.secrets);
    this.client = client;
    this.clientDisposables = [
      ...watchers,
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) this.status.setState({ kind: 'ready' });
        else if (e.newState === State.Starting) this.status.setState({ kind: 'starting' });
        else if (e.newState === State.Stopped && this.client === client) {
          this.status.setState({ kind: 'error', message: 'the language server stopped, so .rpa files are not checked.' });
        }
      }),
    ];
    try {
      await client.start();
      this.output.info(`Language server started from ${serverModule}.`);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await this.stop();
      this.fail(`the language server could not start (${reason}), so .rpa files are not checked.`, 'See this output for the server\'s own messages.');
    }
  }

  /** Stops the language server (if it runs) and forgets it. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.clientDisposables) d.dispose();
    this.clientDisposables = [];
    if (!client) return;
    try {
      if (client.isRunning()) await client.stop();
    } finally {
      await client.dispose().catch((err: unknown) => this.output.warn(`Disposing the language client: ${String(err)}`));
      this.status.setState({ kind: 'stopped' });
    }
  }

  async restart(): Promise<void> {
    this.output.info('Restarting the language server…');
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.runtimes.close();
    await this.stop();
    for (const d of this.disposables.reverse()) d.dispose();
    this.disposables.length = 0;
  }

  private fail(what: string, how: string): void {
    this.status.setState({ kind: 'error', message: what });
    this.output.error(`${what} ${how}`);
    void vscode.window.showErrorMessage(`RPA Sessions: ${what} ${how}`, 'Show Output').then((choice) => {
      if (choice) this.output.show(true);
    });
  }
}
