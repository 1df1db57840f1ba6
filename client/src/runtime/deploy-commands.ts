// rpa.deploy (the Deploy code lens) and rpa.undeploy (Command Palette): the folder's bot service with
// every MuleSoft RPA rule; a refusal names the rule and the fix, success says what each bot now has.
import * as vscode from 'vscode';
import type { Deployment } from '../../../language/src/bot-state/bot-state';
import type { BotService } from '../../../runtime/src/bots/bot-service';
import { plural } from '../../../runtime/src/node/run-report';
import type { Ctx } from '../ctx';
import { refuseWorkspaceErrors } from './folder-runtimes';
import { guarded } from './refusal';
import { resolveFolder, resolveRunRequest } from './run-target';

/** "1 run configuration deployed: NightlyBooks" / "nothing deployed". */
function deployedText(deployments: readonly Deployment[]): string {
  if (!deployments.length) return 'nothing deployed';
  return `${plural(deployments.length, 'run configuration')} deployed: ${deployments.map((d) => `${d.run} (${d.mode} mode)`).join(', ')}`;
}

function tell(ctx: Ctx, message: string): void {
  ctx.output.info(message);
  void vscode.window.showInformationMessage(`RPA Sessions: ${message}`);
}

export const deployCommand = (ctx: Ctx) =>
  guarded(ctx.output, 'Deploy', async (...args: unknown[]) => {
    const req = await resolveRunRequest(ctx.runtimes, args, 'deploy');
    if (!req) return;
    const { bots } = req.runtime;
    // The MuleSoft rules first (mode, console, single licence): their refusal names the rule and its fix.
    const target = bots.checkRun(req.run);
    refuseWorkspaceErrors(req.runtime, `Deploying ${req.run}`);
    const again = target.state.deployments.some((d) => d.run === req.run);
    const deployment = bots.deploy(req.run);
    const bot = target.bot.name;
    const now = bots.state(bot).deployments;
    tell(
      ctx,
      `${again ? 'Redeployed' : 'Deployed'} ${req.run} to bot ${bot} (${deployment.mode} mode). Bot ${bot} now has ${deployedText(now)}; ` +
        "its session mode can't be switched while run configurations are deployed to it.",
    );
  });

interface DeployedItem extends vscode.QuickPickItem {
  run: string;
}

/** The run to undeploy: the one the command was given, else the one the user picks among the deployed. */
async function pickDeployed(bots: BotService, folderName: string): Promise<string | undefined> {
  const items: DeployedItem[] = Object.entries(bots.all()).flatMap(([bot, state]) =>
    state.deployments.map((d) => ({
      run: d.run,
      label: d.run,
      description: `bot ${bot} · ${d.mode} mode`,
      detail: `deployed ${new Date(d.deployedAt).toLocaleString()}`,
    })),
  );
  if (!items.length) {
    void vscode.window.showInformationMessage(
      `RPA Sessions: No run configuration is deployed to the bots of ${folderName}, so there is nothing to undeploy. Deploy one with the Deploy code lens above a run.`,
    );
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder: 'The run configuration to undeploy from its bot' }))?.run;
}

export const undeployCommand = (ctx: Ctx) =>
  guarded(ctx.output, 'Undeploy', async (...args: unknown[]) => {
    const found = await resolveFolder(ctx.runtimes, args);
    if (!found) return;
    const { bots } = found.runtime;
    const run = found.target.name ?? (await pickDeployed(bots, found.folder.name));
    if (run === undefined) return;
    const bot = Object.entries(bots.all()).find(([, s]) => s.deployments.some((d) => d.run === run))?.[0];
    bots.undeploy(run); // refused, naming what is deployed, when `run` is not
    const left = bot ? bots.state(bot).deployments : [];
    tell(
      ctx,
      `Undeployed ${run} from bot ${bot}. ` +
        (left.length ? `Bot ${bot} still has ${deployedText(left)}.` : `Nothing is deployed to bot ${bot} now, so its session mode can be switched again.`),
    );
  });
