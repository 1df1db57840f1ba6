// Builds the language client: the bundled server (dist/server.js) runs in its own Node process over
// IPC; .rpa documents are synchronised and .rpa files changed on disk are reported to the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const CLIENT_ID = 'rpa';
export const CLIENT_NAME = 'RPA Sessions Language Server';
export const SERVER_MODULE = 'dist/server.js';

export interface ClientChannels {
  output: vscode.LogOutputChannel;
  trace: vscode.LogOutputChannel;
}

/**
 * The language client for the workspace. The caller owns `watcher` (a FileSystemWatcher for
 * `**\/*.rpa`, reported to the server as workspace/didChangeWatchedFiles) and disposes it.
 */
export function createLanguageClient(serverModule: string, channels: ClientChannels, watcher: vscode.FileSystemWatcher): LanguageClient {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'rpa' },
      { scheme: 'untitled', language: 'rpa' },
    ],
    synchronize: { fileEvents: watcher },
    outputChannel: channels.output,
    traceOutputChannel: channels.trace,
    diagnosticCollectionName: 'rpa',
    markdown: { isTrusted: false, supportHtml: false },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
