// registerSessionsView(ctx): the RPA Sessions view (Bots, Runs, Sessions) with its commands, kept
// live from this window's engine events and, for other processes' changes, from the .rpa/ files.
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { SNAPSHOT_FILE, STORE_DIR, WAL_FILE } from '../../../runtime/src/node/open-store';
import type { Ctx } from '../ctx';
import { storeDirFor, STORE_SETTING } from '../runtime/store-setting';
import { switchMode, viaCommand } from './bot-actions';
import { cancelSession, closeSession, exportData, openData } from './session-actions';
import { registerSessionData } from './session-data-document';
import { SessionsTreeProvider } from './sessions-tree-provider';
import type { FolderRef } from './folder-data';
import { SessionsViewData } from './view-data';

export const SESSIONS_VIEW = 'rpa.sessionsView';
/** Internal: shows a run's sessions (one live item each) in the view, without taking the focus. */
export const REVEAL_RUN_COMMAND = 'rpa.sessionsView.revealRun';

function folderRef(f: vscode.WorkspaceFolder): FolderRef {
  const ref = { uri: f.uri.toString(), name: f.name, dir: f.uri.fsPath };
  try {
    return { ...ref, storeDir: storeDirFor(f) };
  } catch (e) {
    return { ...ref, storeProblem: e instanceof Error ? e.message : String(e) };
  }
}

function localFolders(): FolderRef[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map(folderRef);
}

export function registerSessionsView(ctx: Ctx): void {
  let provider: SessionsTreeProvider | undefined;
  const data = new SessionsViewData({ runtimeOf: (uri) => ctx.runtimes.current(uri), onChange: () => provider?.redraw() });
  provider = new SessionsTreeProvider(data);
  const view = vscode.window.createTreeView(SESSIONS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  ctx.push(data);
  ctx.push(provider);
  ctx.push(view);

  // While the view is hidden nothing is read; it catches up when shown.
  let missed = false;
  const changed = (folderUri?: string, files = false) => {
    if (view.visible) data.invalidate(folderUri, files);
    else missed = true;
  };
  ctx.push(view.onDidChangeVisibility((e) => {
    if (e.visible && missed) {
      missed = false;
      data.invalidate(undefined, true);
    }
  }));
  const refreshed = async () => {
    data.invalidate();
    await data.refreshNow();
  };

  // This window's runtimes: every engine and bot event of an open one redraws its folder.
  const following = new Map<string, Array<{ dispose(): void }>>();
  const follow = (uri: string) => {
    for (const d of following.get(uri) ?? []) d.dispose();
    const runtime = ctx.runtimes.current(uri);
    following.set(uri, runtime ? [runtime.engine.events.on(() => changed(uri)), runtime.bots.events.on(() => changed(uri))] : []);
    changed(uri);
  };
  ctx.push(ctx.runtimes.onDidOpenOrClose(follow));
  ctx.push({ dispose: () => following.forEach((subs) => subs.forEach((d) => d.dispose())) });

  // Other processes (the CLI) change the store and the bot state under .rpa/; the user changes .rpa files.
  let watchers: vscode.Disposable[] = [];
  const watchFolders = () => {
    for (const w of watchers) w.dispose();
    watchers = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const uri = folder.uri.toString();
      const state = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.rpa/*'));
      const onState = (file: vscode.Uri) => {
        // While this window's runtime records, the store files change because of it: its events say more.
        const ours = ctx.runtimes.current(uri) && [SNAPSHOT_FILE, WAL_FILE].includes(basename(file.fsPath));
        if (!ours) changed(uri);
      };
      // A store kept elsewhere (rpa.store.location) is watched there too.
      const storeDir = folderRef(folder).storeDir;
      if (storeDir && storeDir !== join(folder.uri.fsPath, STORE_DIR)) {
        const store = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(storeDir), '*'));
        watchers.push(store, store.onDidChange(onState), store.onDidCreate(onState), store.onDidDelete(onState));
      }
      const sources = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*.rpa'));
      const onSource = () => changed(uri, true);
      watchers.push(state, state.onDidChange(onState), state.onDidCreate(onState), state.onDidDelete(onState));
      watchers.push(sources, sources.onDidChange(onSource), sources.onDidCreate(onSource), sources.onDidDelete(onSource));
    }
  };
  const setFolders = () => {
    watchFolders();
    data.setFolders(localFolders());
  };
  ctx.push(vscode.workspace.onDidChangeWorkspaceFolders(setFolders));
  ctx.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`rpa.${STORE_SETTING}`) && setFolders()));
  ctx.push({ dispose: () => watchers.forEach((w) => w.dispose()) });
  setFolders();

  // The view's badge counts the sessions queued or running.
  const badge = () => {
    const active = data.folders().flatMap((f) => f.sessions).filter((s) => s.info.status === 'queued' || s.info.status === 'running').length;
    view.badge = active ? { value: active, tooltip: `${active} session${active === 1 ? '' : 's'} queued or running` } : undefined;
  };
  ctx.push(provider.onDidChangeTreeData(badge));

  const commands: Record<string, (...args: never[]) => unknown> = {
    'rpa.sessionsView.refresh': () => {
      data.invalidate(undefined, true);
      return data.refreshNow();
    },
    'rpa.sessionsView.run': viaCommand('rpa.run'),
    'rpa.sessionsView.deploy': viaCommand('rpa.deploy'),
    'rpa.sessionsView.undeploy': viaCommand('rpa.undeploy'),
    'rpa.sessionsView.switchToSecure': switchMode(ctx, 'secure', refreshed),
    'rpa.sessionsView.switchToDesktop': switchMode(ctx, 'desktop', refreshed),
    'rpa.sessionsView.openData': openData(ctx),
    'rpa.sessionsView.closeSession': closeSession(ctx, refreshed),
    'rpa.sessionsView.exportCsv': exportData(ctx, 'csv'),
    'rpa.sessionsView.exportJson': exportData(ctx, 'json'),
    'rpa.sessionsView.cancelSession': cancelSession(ctx, refreshed),
    [REVEAL_RUN_COMMAND]: async (folderUri: string, run: string) => {
      data.invalidate(folderUri);
      await data.refreshNow();
      const group = provider?.find((n) => n.kind === 'session-group' && n.folderUri === folderUri && n.run === run);
      if (group) await view.reveal(group, { expand: true, select: false, focus: false });
    },
  };
  for (const [id, handler] of Object.entries(commands)) ctx.push(vscode.commands.registerCommand(id, handler));
  void registerSessionData(ctx);
}
