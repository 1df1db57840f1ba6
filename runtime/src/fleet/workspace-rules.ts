// A workspace's .rpa files and bot state, loaded to apply the run rules (mode, deployment, limits)
// without opening a session store: what submitting to the fleet needs.
import { Workspace } from '../../../language/src/workspace';
import { refuseWorkspaceErrors } from '../engine/workspace-gate';
import { BotService } from '../bots/bot-service';
import { BotStateJsonFile } from '../node/bot-state-file';
import { syncWorkspaceFolder } from '../node/workspace-loader';

export async function loadWorkspaceRules(workspaceDir: string): Promise<{ workspace: Workspace; bots: BotService }> {
  const workspace = new Workspace();
  const bots = new BotService(BotStateJsonFile.inWorkspace(workspaceDir), workspace);
  workspace.deploymentState = bots.deploymentState();
  await syncWorkspaceFolder(workspace, workspaceDir);
  refuseWorkspaceErrors(workspace, workspaceDir, 'Submitting to the fleet');
  return { workspace, bots };
}
