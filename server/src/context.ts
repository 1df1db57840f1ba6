// The server's shared state: the LSP connection, the open documents, the workspace index and the
// URIs clients use; syncs open documents into the index and guards requests (readiness, cancellation,
// background requests behind the others).
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeLensRefreshRequest,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { Workspace, type WorkspaceFile } from '../../language/src/index';
import { reparse } from '../../language/src/services/index';
import { BackgroundRequests, type MessageCounter } from './background';
import { throwIfCancelled } from './cancellation';

/** One LSP feature: what it announces in `initialize`, and its handlers. */
export interface Feature {
  capabilities(client: ClientCapabilities): ServerCapabilities;
  register(ctx: ServerContext): void;
}

export interface RequestOptions {
  /**
   * Yield to the event loop before working, so a `$/cancelRequest` sent right after the request is
   * seen (workspace-wide requests: references, rename, workspace symbols).
   */
  yieldFirst?: boolean;
  /**
   * The feature name of a request editors send in the background (semantic tokens, symbols, folding,
   * inlay hints, code lenses): answered once no other message waits, and never for an outdated text.
   */
  background?: string;
  /** What else the background answer depends on (the range of inlay hints): the last answer is reused only for the same. */
  variant?: string;
}

export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  readonly ws = new Workspace();
  client: ClientCapabilities = {};
  /** Resolves once every .rpa file under the workspace folders is indexed. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  /** Editor version of each open document last parsed into the index. */
  private readonly synced = new Map<string, number>();
  /** Canonical key → the URI string the client used for an open document. */
  private readonly clientUris = new Map<string, string>();

  readonly background: BackgroundRequests;

  constructor(readonly connection: Connection, messages: MessageCounter) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.background = new BackgroundRequests(
      messages,
      (key) => this.openVersion(key),
      () => this.ws.generation,
      (key) => this.sync(key),
    );
  }

  indexed(): void {
    this.markReady();
  }

  /** Tells the user about a problem they can act on (a notification: no answer expected). */
  warn(message: string): void {
    this.connection.console.warn(message);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  }

  /** Code lenses say Deploy or Undeploy by the deployment state: ask the client to fetch them again. */
  refreshCodeLenses(): void {
    if (this.client.workspace?.codeLens?.refreshSupport) void this.connection.sendRequest(CodeLensRefreshRequest.type);
  }

  /** Inlay hints show limits read from other files: ask the client to fetch them again. */
  refreshInlayHints(): void {
    if (this.client.workspace?.inlayHint?.refreshSupport) void this.connection.languages.inlayHint.refresh();
  }

  /** The index key of a URI: one spelling per file, however the client encodes it. */
  key(uri: string): string {
    return URI.parse(uri).toString();
  }

  keyOfPath(fsPath: string): string {
    return URI.file(fsPath).toString();
  }

  /** The URI to send to the client for an index key (its own spelling for open documents). */
  clientUri(key: string): string {
    return this.clientUris.get(key) ?? key;
  }

  isOpen(key: string): boolean {
    return this.synced.has(key);
  }

  /** An open document's editor version, for publishDiagnostics. */
  openVersion(key: string): number | undefined {
    return this.documents.get(this.clientUri(key))?.version;
  }

  opened(doc: TextDocument): string {
    const key = this.key(doc.uri);
    this.clientUris.set(key, doc.uri);
    this.parse(key, doc);
    return key;
  }

  closed(uri: string): string {
    const key = this.key(uri);
    this.background.forget(key);
    this.synced.delete(key);
    this.clientUris.delete(key);
    return key;
  }

  /** Parses an open document into the index if the editor has a newer version. */
  sync(key: string): WorkspaceFile | undefined {
    const doc = this.synced.has(key) ? this.documents.get(this.clientUri(key)) : undefined;
    if (doc && this.synced.get(key) !== doc.version) return this.parse(key, doc);
    return this.ws.getFile(key);
  }

  /** Syncs every open document; returns the keys that were re-parsed. */
  syncAll(): string[] {
    const out: string[] = [];
    for (const [key, version] of this.synced) {
      const doc = this.documents.get(this.clientUri(key));
      if (doc && doc.version !== version) {
        this.parse(key, doc);
        out.push(key);
      }
    }
    return out;
  }

  /** Re-parses only the declarations an edit touched when it can (see reparse), the whole text otherwise. */
  private parse(key: string, doc: TextDocument): WorkspaceFile {
    this.synced.set(key, doc.version);
    const text = doc.getText();
    const previous = this.ws.getFile(key);
    return this.ws.setFile(key, text, doc.version, previous && reparse(previous, text, key));
  }

  /**
   * Runs a request on a document once the workspace is indexed and the document parsed. A request
   * the client cancelled fails with RequestCancelled instead of computing a result nobody reads.
   */
  async request<T>(uri: string, token: CancellationToken, empty: T, run: (file: WorkspaceFile, key: string) => T, options: RequestOptions = {}): Promise<T> {
    await this.ready;
    if (options.yieldFirst) await new Promise((resolve) => setImmediate(resolve));
    throwIfCancelled(token);
    const key = this.key(uri);
    const answer = (): T => {
      const file = this.sync(key);
      return file ? run(file, key) : empty;
    };
    if (options.background) return this.background.run(options.background, options.variant ?? '', key, token, answer);
    const result = answer();
    throwIfCancelled(token);
    return result;
  }
}
