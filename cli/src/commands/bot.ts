// `rpa-sessions bot status|deploy|undeploy|mode|console|signin|signout|disconnect`: the simulated RPA
// Manager / Bot Configurator state of the workspace's bots (`.rpa/bots.json`), with every MuleSoft rule.
import { Argument, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TextEdit } from '../../../language/src/index';
import { BotService } from '../../../runtime/src/bots/bot-service';
import type { ConsoleState } from '../../../language/src/bot-state/bot-state';
import { BotStateJsonFile } from '../../../runtime/src/node/bot-state-file';
import { formatTime } from '../output/table';
import { action, CliError, EXIT, stylerFor, type CliContext, type ExitCode, type RegisterCommand } from '../cli-context';
import { describeFsError, replaceFileAtomic, shownPath } from '../../../runtime/src/node/rpa-files';
import { botJson, formatBot } from '../output/bot-report';
import { refusalsExitOne } from '../runtime/open-runtime';
import { loadRuntimeWorkspace, nearestStateRoot, refuseWorkspaceErrors, shownFolder, workspaceRoot, type RuntimeWorkspace } from '../workspace/workspace-root';

interface BotOptions {
  workspace?: string;
  json?: boolean;
}

interface OpenBots {
  loaded: RuntimeWorkspace;
  bots: BotService;
}

function openBots(ctx: CliContext, opts: BotOptions): OpenBots {
  const root = workspaceRoot(ctx.cwd, opts.workspace, nearestStateRoot(ctx.cwd) ?? ctx.cwd);
  const loaded = loadRuntimeWorkspace(ctx.cwd, root);
  return { loaded, bots: new BotService(BotStateJsonFile.inWorkspace(root), loaded.ws) };
}

/** Prints the bot's state after a change (or as JSON). */
function show(ctx: CliContext, { loaded, bots }: OpenBots, name: string, opts: BotOptions, headline: string): ExitCode {
  const state = bots.state(name);
  const decl = loaded.ws.resolve('bot', name);
  if (opts.json) ctx.stdout.write(JSON.stringify({ message: headline, bot: name, state: botJson(decl, state) }) + '\n');
  else ctx.stdout.write(`${headline}\n\n${formatBot(name, decl, state, stylerFor(ctx.stdout, ctx.env))}`);
  return EXIT.ok;
}

function status(ctx: CliContext, name: string | undefined, opts: BotOptions): ExitCode {
  const { loaded, bots } = openBots(ctx, opts);
  const all = name === undefined ? bots.all() : { [name]: bots.state(name) };
  const names = Object.keys(all).sort();
  if (opts.json) {
    const out: Record<string, unknown> = {};
    for (const n of names) out[n] = botJson(loaded.ws.resolve('bot', n), all[n]);
    ctx.stdout.write(JSON.stringify({ bots: out }, null, 2) + '\n');
    return EXIT.ok;
  }
  if (!names.length) {
    ctx.stdout.write(`No bots are declared in ${shownFolder(ctx.cwd, loaded.root)}. Declare one with \`bot NAME { mode: secure … }\`.\n`);
    return EXIT.ok;
  }
  const s = stylerFor(ctx.stdout, ctx.env);
  ctx.stdout.write(names.map((n) => formatBot(n, loaded.ws.resolve('bot', n), all[n], s)).join('\n'));
  return EXIT.ok;
}

/**
 * Makes the bot's declaration say the mode the bot now has, so the .rpa files and the bot state agree
 * (while nothing is deployed, a bot takes the mode its declaration says). Updates the loaded workspace too.
 */
function applyDeclarationEdit(ctx: CliContext, loaded: RuntimeWorkspace, edit: TextEdit): string {
  const path = fileURLToPath(edit.uri);
  const shown = shownPath(ctx.cwd, path);
  try {
    const raw = readFileSync(path, 'utf8');
    const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
    const text = raw.slice(bom.length);
    if (text !== loaded.ws.getFile(edit.uri)?.text) throw new Error('the file changed while the command ran');
    const next = text.slice(0, edit.range.start.offset) + edit.newText + text.slice(edit.range.end.offset);
    replaceFileAtomic(path, bom + next);
    loaded.ws.setFile(edit.uri, next);
    return shown;
  } catch (err) {
    throw new CliError(
      `The bot's mode was switched in the bot state, but ${shown} could not be updated (${describeFsError(err)}). ` +
        `Set \`mode: ${edit.newText}\` in the bot's declaration yourself, or the next bot command takes the declared mode back.`,
    );
  }
}

function setMode(ctx: CliContext, name: string, mode: 'desktop' | 'secure', opts: BotOptions): ExitCode {
  const open = openBots(ctx, opts);
  const before = open.bots.state(name).mode;
  const { declarationEdit } = open.bots.setMode(name, mode);
  let note = '';
  if (declarationEdit) note = ` (${applyDeclarationEdit(ctx, open.loaded, declarationEdit)} now says \`mode: ${mode}\`)`;
  return show(ctx, open, name, opts, before === mode ? `Bot ${name} is already in ${mode} mode.` : `Bot ${name}: mode ${before} → ${mode}${note}.`);
}

/** Registers one `bot` subcommand with the shared --workspace and --json options. */
function sub(bot: Command, name: string, summary: string): Command {
  return bot
    .command(name)
    .description(summary)
    .option('--workspace <dir>', 'the workspace folder (default: the nearest folder above the current one holding .rpa/, else the current folder)')
    .option('--json', 'print the resulting state as JSON');
}

export const registerBot: RegisterCommand = (program: Command, ctx: CliContext) => {
  const run = <A extends unknown[]>(fn: (...args: A) => ExitCode) => action(ctx, (...args: A) => refusalsExitOne(() => fn(...args)));
  const bot = program
    .command('bot')
    .summary('show and change the simulated bots: deploy, mode, console, bot user')
    .description(
      'The simulated MuleSoft RPA bots of the workspace, persisted in .rpa/bots.json: which run configurations are ' +
        'deployed, the session mode, the desktop console and the bot user\'s Windows session. Every rule of the RPA ' +
        'Manager applies: a run deploys only to a bot in its mode; desktop mode needs the bot user logged in to the ' +
        'console; a bot with one licensed secure session needs its user signed out (not disconnected); the mode ' +
        'can\'t change while anything is deployed. A refused change prints the rule and the fix.\n\n' +
        'Exit code: 0 done, 1 refused by a rule (or the workspace has errors, for deploy), 2 usage or I/O error ' +
        '(e.g. an unknown bot or run).',
    );
  sub(bot, 'status', "show each bot's mode, deployments, secure-session limit, console and bot user")
    .argument('[bot]', 'only this bot')
    .action(run((name: string | undefined, opts: BotOptions) => status(ctx, name, opts)));
  sub(bot, 'deploy', 'deploy a run configuration to its bot')
    .argument('<run>', 'the run configuration')
    .action(
      run((runName: string, opts: BotOptions) => {
        const open = openBots(ctx, opts);
        refuseWorkspaceErrors(open.loaded, ctx.cwd, `Deploying ${runName}`);
        const target = open.bots.checkRun(runName);
        const before = open.bots.deploymentOf(runName);
        const d = open.bots.deploy(runName);
        const what =
          before?.bot === target.bot.name
            ? `${runName} is already deployed to bot ${target.bot.name} (${d.mode} mode, since ${formatTime(d.deployedAt)}): nothing changed.`
            : `Deployed ${runName} to bot ${target.bot.name} (${d.mode} mode).`;
        return show(ctx, open, target.bot.name, opts, what);
      }),
    );
  sub(bot, 'undeploy', 'undeploy a run configuration from its bot')
    .argument('<run>', 'the run configuration')
    .action(
      run((runName: string, opts: BotOptions) => {
        const open = openBots(ctx, opts);
        const botName = Object.entries(open.bots.all()).find(([, s]) => s.deployments.some((d) => d.run === runName))?.[0];
        open.bots.undeploy(runName);
        return show(ctx, open, botName!, opts, `Undeployed ${runName} from bot ${botName}.`);
      }),
    );
  sub(bot, 'mode', "switch a bot's session mode (refused while run configurations are deployed to it)")
    .argument('<bot>', 'the bot')
    .addArgument(new Argument('<mode>', 'the new mode').choices(['desktop', 'secure']))
    .action(run((name: string, mode: 'desktop' | 'secure', opts: BotOptions) => setMode(ctx, name, mode, opts)));
  sub(bot, 'console', "set the desktop console's state (desktop-mode sessions need it open)")
    .argument('<bot>', 'the bot')
    .addArgument(new Argument('<state>', 'the console state').choices(['logged-out', 'open', 'minimized', 'locked']))
    .action(
      run((name: string, state: ConsoleState, opts: BotOptions) => {
        const open = openBots(ctx, opts);
        open.bots.setConsole(name, state);
        return show(ctx, open, name, opts, `Bot ${name}: console ${state}.`);
      }),
    );
  const userSession = [
    ['signin', 'sign the bot user in interactively (ends secure sessions on a one-licence bot)', 'signed in interactively', (b: BotService, n: string) => b.signIn(n)],
    ['signout', 'sign the bot user out (what a one-licence bot needs before a deploy)', 'signed out', (b: BotService, n: string) => b.signOut(n)],
    ['disconnect', "disconnect the bot user's session without signing out", 'disconnected (not signed out)', (b: BotService, n: string) => b.disconnect(n)],
  ] as const;
  for (const [name, summary, done, apply] of userSession) {
    sub(bot, name, summary)
      .argument('<bot>', 'the bot')
      .action(
        run((botName: string, opts: BotOptions) => {
          const open = openBots(ctx, opts);
          apply(open.bots, botName);
          return show(ctx, open, botName, opts, `Bot ${botName}: bot user ${done}.`);
        }),
      );
  }
};
