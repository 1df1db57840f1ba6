// The Bots and Runs items' context actions: Run, Deploy and Undeploy through the existing commands
// (their refusals name the rule and the fix), and switching a bot's session mode.
import * as vscode from 'vscode';
import type { SessionMode } from '../../../language/src/index';
import type { Ctx } from '../ctx';
import { guarded, Refusal } from '../runtime/refusal';
import { folderOf } from './folder-store';
import type { ViewNode } from './view-node';

type NodeAction = (node: ViewNode) => Promise<unknown>;

function runOf(node: ViewNode | undefined): { uri: string; run: string } {
  if (!node?.run) throw new Refusal('Choose a run configuration in the RPA Sessions view (its Runs section, or a bot\'s deployed runs), then use this action from its context menu.');
  return { uri: node.runUri ?? node.folderUri, run: node.run };
}

/** rpa.run / rpa.deploy / rpa.undeploy with the code lens's arguments (file URI, run name). */
export const viaCommand = (command: 'rpa.run' | 'rpa.deploy' | 'rpa.undeploy'): NodeAction => async (node: ViewNode) => {
  let target: { uri: string; run: string };
  try {
    target = runOf(node);
  } catch (e) {
    return vscode.window.showErrorMessage(`RPA Sessions: ${(e as Error).message}`);
  }
  return vscode.commands.executeCommand(command, target.uri, target.run);
};

/** Applies the edit that makes the bot's declaration say its new mode, and saves the file. */
async function applyDeclarationEdit(edit: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }): Promise<string> {
  const uri = vscode.Uri.parse(edit.uri);
  const we = new vscode.WorkspaceEdit();
  const r = edit.range;
  we.replace(uri, new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), edit.newText);
  if (!(await vscode.workspace.applyEdit(we))) {
    throw new Refusal(`The bot's mode was switched in the bot state, but ${vscode.workspace.asRelativePath(uri)} could not be edited. Set \`mode: ${edit.newText}\` in the bot's declaration yourself, or the next bot operation takes the declared mode back.`);
  }
  await (await vscode.workspace.openTextDocument(uri)).save();
  return vscode.workspace.asRelativePath(uri);
}

export const switchMode = (ctx: Ctx, mode: SessionMode, refreshed: () => Promise<void>): NodeAction =>
  guarded(ctx.output, `Switch to ${mode} mode`, async (node: ViewNode) => {
    if (!node?.bot) throw new Refusal('Choose a bot in the RPA Sessions view (its Bots section), then switch its mode from its context menu.');
    const runtime = await ctx.runtimes.load(folderOf(node.folderUri));
    const before = runtime.bots.state(node.bot).mode;
    // Refused while run configurations are deployed to the bot: the message names them and the fix.
    const { declarationEdit } = runtime.bots.setMode(node.bot, mode);
    const file = declarationEdit ? await applyDeclarationEdit(declarationEdit) : undefined;
    await refreshed();
    const message = before === mode ? `Bot ${node.bot} is already in ${mode} mode.` : `Bot ${node.bot}: mode ${before} → ${mode}${file ? ` (${file} now says \`mode: ${mode}\`)` : ''}.`;
    ctx.output.info(message);
    void vscode.window.showInformationMessage(`RPA Sessions: ${message}`);
  });
