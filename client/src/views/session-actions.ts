// The Sessions items' context actions: Open data, Close session (after a confirmation naming what is
// removed and kept), Export CSV / JSON through a save dialog, and Cancel a queued or running session.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { formatPageCsv, formatPagesJson, readDatasetPage } from '../../../cli/src/output/session-report';
import { plural } from '../../../runtime/src/node/run-report';
import type { Ctx } from '../ctx';
import { guarded, Refusal } from '../runtime/refusal';
import { closeConfirmation } from './close-confirmation';
import { folderOf, readingStore, sessionOrRefusal } from './folder-store';
import { OPEN_SESSION_DATA_COMMAND } from './session-data-document';
import type { ViewNode } from './view-node';

type SessionAction = (node: ViewNode) => Promise<void>;

function sessionOf(node: ViewNode | undefined): { folderUri: string; id: string } {
  if (!node?.sessionId) throw new Refusal('Choose a session in the RPA Sessions view (its Sessions section), then use this action from its context menu.');
  return { folderUri: node.folderUri, id: node.sessionId };
}

export const openData = (ctx: Ctx): SessionAction =>
  guarded(ctx.output, 'Open data', async (node: ViewNode) => {
    const { folderUri, id } = sessionOf(node);
    await vscode.commands.executeCommand(OPEN_SESSION_DATA_COMMAND, folderUri, id);
  });

export const closeSession = (ctx: Ctx, refreshed: () => Promise<void>): SessionAction =>
  guarded(ctx.output, 'Close session', async (node: ViewNode) => {
    const { folderUri, id } = sessionOf(node);
    const ask = await readingStore(ctx, folderUri, (store) => {
      const info = sessionOrRefusal(ctx, folderUri, store, id);
      return closeConfirmation(info, store.datasets(id), store.pendingCleanups(id)[0]?.policy);
    });
    const choice = await vscode.window.showWarningMessage(ask.message, { modal: true, detail: ask.detail }, ask.button);
    if (choice !== ask.button) return;
    // CloseSession changes the store, so it needs the folder's runtime (its lock; refused while the CLI records).
    const runtime = await ctx.runtimes.load(folderOf(folderUri));
    const info = await runtime.engine.closeSession(id);
    ctx.runs.line(`${id}: closed (CloseSession) from the RPA Sessions view; its records and logs in the session store are removed.`);
    await refreshed();
    void vscode.window.showInformationMessage(`RPA Sessions: Closed session "${id}" (status ${info?.status ?? 'closed'}): its records and logs in the session store are removed. Its ID can be used again.`);
  });

/** The dataset a CSV export writes (CSV holds one table): the only one, or the one the user picks. */
async function pickDataset(id: string, datasets: ReadonlyArray<{ dataset: string; count: number }>): Promise<string | undefined> {
  if (datasets.length <= 1) return datasets[0]?.dataset;
  const pick = await vscode.window.showQuickPick(
    datasets.map((d) => ({ label: d.dataset, description: plural(d.count, 'record') })),
    { placeHolder: `Session "${id}" has ${datasets.length} datasets and a CSV file holds one: the dataset to export` },
  );
  return pick?.label;
}

export const exportData = (ctx: Ctx, format: 'csv' | 'json'): SessionAction =>
  guarded(ctx.output, `Export ${format.toUpperCase()}`, async (node: ViewNode) => {
    const { folderUri, id } = sessionOf(node);
    const datasets = await readingStore(ctx, folderUri, (store) => {
      sessionOrRefusal(ctx, folderUri, store, id);
      return store.datasets(id);
    });
    if (!datasets.length) throw new Refusal(`Session "${id}" has no records in the session store (none extracted yet, or removed after its export), so there is nothing to export.`);
    const dataset = format === 'csv' ? await pickDataset(id, datasets) : undefined;
    if (format === 'csv' && !dataset) return;
    const name = format === 'csv' && datasets.length > 1 ? `${id}-${dataset}.csv` : `${id}.${format}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(join(folderOf(folderUri).uri.fsPath, name)),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: `Export ${format.toUpperCase()}`,
      title: `Export session "${id}"${dataset ? ` (dataset ${dataset})` : ''} as ${format.toUpperCase()}`,
    });
    if (!target) return;
    // Read again now: the session may have recorded more while the dialog was open.
    const { text, records } = await readingStore(ctx, folderUri, (store) => {
      const info = sessionOrRefusal(ctx, folderUri, store, id);
      const pages = (dataset ? [dataset] : store.datasets(id).map((d) => d.dataset)).map((d) => readDatasetPage(store, info, d));
      return { text: format === 'csv' ? formatPageCsv(pages[0]) : formatPagesJson(id, pages), records: pages.reduce((n, p) => n + p.rows.length, 0) };
    });
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    const where = target.scheme === 'file' ? target.fsPath : target.toString();
    ctx.output.info(`Exported ${plural(records, 'record')} of session ${id} to ${where}.`);
    const open = await vscode.window.showInformationMessage(`RPA Sessions: Exported ${plural(records, 'record')} of session "${id}"${dataset ? ` (dataset ${dataset})` : ''} to ${where}.`, 'Open File');
    if (open) await vscode.window.showTextDocument(target);
  });

export const cancelSession = (ctx: Ctx, refreshed: () => Promise<void>): SessionAction =>
  guarded(ctx.output, 'Cancel session', async (node: ViewNode) => {
    const { folderUri, id } = sessionOf(node);
    const runtime = ctx.runtimes.current(folderUri);
    const reason = 'Cancelled from the RPA Sessions view before it finished; the records it committed are kept.';
    if (!runtime?.engine.cancel(id, reason)) {
      const info = runtime?.engine.session(id);
      throw new Refusal(
        info && info.status !== 'queued' && info.status !== 'running'
          ? `Session "${id}" is no longer queued or running (it is ${info.status}), so there is nothing to cancel.`
          : `Session "${id}" is not running in this window, so it can't be cancelled here: another process (an rpa-sessions run in a terminal) runs it. ` +
              'Stop it there (Ctrl+C cancels its sessions and keeps what they committed).',
      );
    }
    ctx.runs.line(`${id}: cancel asked from the RPA Sessions view.`);
    await refreshed();
  });
