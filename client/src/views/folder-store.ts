// The session store of a view item's folder, for reading: this window's open runtime's store, else
// the store files opened read-only for the call and closed after (the CLI's lock is never taken).
import * as vscode from 'vscode';
import { openSessionStore } from '../../../runtime/src/node/open-store';
import type { SessionInfo } from '../../../runtime/src/session-types';
import type { SessionStoreApi } from '../../../runtime/src/store/store-api';
import type { Ctx } from '../ctx';
import { Refusal } from '../runtime/refusal';
import { storeDirFor } from '../runtime/store-setting';

/** The workspace folder of a view item, or a refusal when it is no longer open. */
export function folderOf(folderUri: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(folderUri));
  if (folder) return folder;
  throw new Refusal(`The workspace folder ${vscode.Uri.parse(folderUri).fsPath} is no longer open in this window. Open it again (File > Add Folder to Workspace…), then try again.`);
}

export async function readingStore<T>(ctx: Ctx, folderUri: string, read: (store: SessionStoreApi) => T | Promise<T>): Promise<T> {
  const runtime = ctx.runtimes.current(folderUri);
  if (runtime) return read(runtime.store);
  const folder = folderOf(folderUri);
  const { store } = await openSessionStore(folder.uri.fsPath, { storeDir: storeDirFor(folder), readOnly: true });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

/** The session as the store has it now (this window's live copy while it runs here), or a refusal. */
export function sessionOrRefusal(ctx: Ctx, folderUri: string, store: SessionStoreApi, id: string): SessionInfo {
  const info = ctx.runtimes.current(folderUri)?.engine.session(id) ?? store.getSession(id);
  if (info && info.status !== 'closed' && info.status !== 'expired') return info;
  throw new Refusal(
    `Session "${id}" ${info ? `was ${info.status === 'closed' ? 'closed' : 'cleaned up after its session timeout'}` : 'is no longer in the session store'}, so its records are gone. ` +
      'The RPA Sessions view shows it a moment longer until it refreshes.',
  );
}
