// Wires the language server: announces every feature's capabilities, indexes the workspace folders,
// follows documents and files on disk, and schedules diagnostics. Holds no language rules itself.
import {
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { MessageCounter } from './background';
import { ServerContext, type Feature } from './context';
import { DiagnosticsScheduler, errorText } from './diagnostics';
import { codeActionFeature } from './features/code-actions';
import { completionFeature } from './features/completion';
import { foldingFeature } from './features/folding';
import { formattingFeature } from './features/formatting';
import { hoverFeature } from './features/hover';
import { definitionFeature, referencesFeature } from './features/navigation';
import { renameFeature } from './features/rename';
import { codeLensFeature, inlayHintFeature } from './features/run-annotations';
import { semanticTokensFeature } from './features/semantic-tokens';
import { documentSymbolFeature, workspaceSymbolFeature } from './features/symbols';
import { DEFAULT_DIAGNOSTICS_DELAY, MAX_DIAGNOSTICS_DELAY, StatusRequest, type RpaInitializationOptions } from './protocol';
import { WATCHED_GLOBS, WorkspaceFiles } from './workspace-files';

const FEATURES: Feature[] = [
  completionFeature,
  hoverFeature,
  definitionFeature,
  referencesFeature,
  renameFeature,
  documentSymbolFeature,
  workspaceSymbolFeature,
  semanticTokensFeature,
  foldingFeature,
  formattingFeature,
  codeActionFeature,
  inlayHintFeature,
  codeLensFeature,
];

function diagnosticsDelay(options: unknown): number {
  const asked = (options as RpaInitializationOptions | undefined)?.diagnosticsDelay;
  if (typeof asked !== 'number' || !Number.isFinite(asked)) return DEFAULT_DIAGNOSTICS_DELAY;
  return Math.min(MAX_DIAGNOSTICS_DELAY, Math.max(0, asked));
}

function foldersOf(params: InitializeParams): WorkspaceFolder[] {
  if (params.workspaceFolders) return params.workspaceFolders;
  const root = params.rootUri ?? (params.rootPath ? URI.file(params.rootPath).toString() : undefined);
  return root ? [{ uri: root, name: 'root' }] : [];
}

export function startServer(connection: Connection, messages: MessageCounter): void {
  const ctx = new ServerContext(connection, messages);
  const diagnostics = new DiagnosticsScheduler(ctx, DEFAULT_DIAGNOSTICS_DELAY);
  const files = new WorkspaceFiles(ctx, diagnostics);
  let folders: WorkspaceFolder[] = [];
  let indexed = false;

  connection.onInitialize((params): InitializeResult => {
    ctx.client = params.capabilities;
    diagnostics.delay = diagnosticsDelay(params.initializationOptions);
    folders = foldersOf(params);
    const capabilities = Object.assign(
      {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      ...FEATURES.map((f) => f.capabilities(params.capabilities)),
    );
    return { capabilities, serverInfo: { name: 'rpa-sessions-language-server', version: '0.1.0' } };
  });

  connection.onInitialized(async () => {
    // Subscribe before the first await: a folder change may arrive while we wait for the client.
    if (ctx.client.workspace?.workspaceFolders)
      connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
        files.removeFolders(e.removed);
        await files.addFolders(e.added);
      });
    if (ctx.client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      const watchers = WATCHED_GLOBS.map((globPattern) => ({ globPattern }));
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((err: unknown) =>
        connection.console.warn(`The editor refused to watch .rpa files (${errorText(err)}); files changed outside the editor are picked up when opened.`),
      );
    }
    const started = performance.now();
    const count = await files.addFolders(folders);
    connection.console.info(`Indexed ${count} .rpa file(s) in ${folders.length} folder(s) in ${Math.round(performance.now() - started)} ms.`);
    indexed = true;
    ctx.indexed();
    diagnostics.start();
  });

  ctx.documents.onDidOpen((e) => diagnostics.fileChanged(ctx.opened(e.document)));
  ctx.documents.onDidChangeContent((e) => {
    const key = ctx.key(e.document.uri);
    ctx.background.superseded(key);
    diagnostics.fileChanged(key);
  });
  ctx.documents.onDidClose(async (e) => {
    const key = ctx.closed(e.document.uri);
    await files.closed(key);
  });
  connection.onDidChangeWatchedFiles((params) => files.onWatchedFiles(params.changes));
  connection.onRequest(StatusRequest, () => diagnostics.status(indexed));

  for (const f of FEATURES) f.register(ctx);
  ctx.documents.listen(connection);
  process.on('unhandledRejection', (err) => connection.console.error(`Internal error in the RPA language server: ${errorText(err)}`));
  connection.listen();
}
