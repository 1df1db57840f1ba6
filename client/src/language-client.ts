// Builds the language client: the bundled server (dist/server.js) runs in its own Node process over
// IPC; .rpa documents are synchronised, and .rpa files and bot state changed on disk are reported.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { BOT_STATE_FILE } from '../../language/src/bot-state/bot-state';
import type { SecretEnv } from './runtime/secret-env';
import { secretHover } from './secret-hover';

export const CLIENT_ID = 'rpa';
export const CLIENT_NAME = 'RPA Sessions Language Server';
export const SERVER_MODULE = 'dist/server.js';

/**
 * Files whose changes on disk the server hears about: .rpa files, and the bot state a deploy writes
 * (`.rpa/bots.json`, read by the mode-switch-while-deployed check), even when the server can't register its own watchers.
 */
export const WATCHED_FILES = ['**/*.rpa', `**/.rpa/${BOT_STATE_FILE}`];

/** Whether an editor feature is on (`rpa.<feature>.enabled`, default true). */
function enabled(feature: 'codeLens' | 'inlayHints'): boolean {
  return vscode.workspace.getConfiguration('rpa').get<boolean>(`${feature}.enabled`, true);
}

export interface ClientChannels {
  output: vscode.LogOutputChannel;
  trace: vscode.LogOutputChannel;
}

/**
 * The language client for the workspace. The caller owns `watchers` (FileSystemWatchers for
 * WATCHED_FILES, reported to the server as workspace/didChangeWatchedFiles) and disposes them.
 */
export function createLanguageClient(serverModule: string, channels: ClientChannels, watchers: vscode.FileSystemWatcher[], secrets: SecretEnv): LanguageClient {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'rpa' },
      { scheme: 'untitled', language: 'rpa' },
    ],
    synchronize: { fileEvents: watchers },
    outputChannel: channels.output,
    traceOutputChannel: channels.trace,
    diagnosticCollectionName: 'rpa',
    markdown: { isTrusted: false, supportHtml: false },
    // The Run | Debug | Deploy lenses and the limit hints can be turned off (rpa.codeLens.enabled, rpa.inlayHints.enabled).
    middleware: {
      ...secretHover(secrets),
      provideCodeLenses: (document, token, next) => (enabled('codeLens') ? next(document, token) : []),
      provideInlayHints: (document, range, token, next) => (enabled('inlayHints') ? next(document, range, token) : []),
    },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
