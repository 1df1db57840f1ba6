// The bot service: the simulated RPA Manager / Bot Configurator state of every bot in a workspace —
// deploy, undeploy, mode switch, console and bot-user session — persisted through a BotStateStorage.
import type { Declaration } from '../../../language/src/ast';
import type { TextEdit } from '../../../language/src/diagnostics';
import type { SessionMode } from '../../../language/src/model';
import { modeOf, property } from '../../../language/src/model';
import type { DeploymentState, Workspace } from '../../../language/src/workspace';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { EventHub } from '../events';
import { RpaUserError } from '../user-error';
import type { BotState, BotStateFile, ConsoleState, Deployment, UserSession } from '../../../language/src/bot-state/bot-state';
import { cloneBotState, sameBotState } from '../../../language/src/bot-state/bot-state-codec';
import type { RunTarget } from './bot-rules';
import { declarationOrError, deployProblem, runTarget } from './bot-rules';

/** Where bot state lives (`.rpa/bots.json` in runtime/src/node/bot-state-file.ts). */
export interface BotStateStorage {
  /** Shown in messages, e.g. the file path. */
  readonly location: string;
  read(): BotStateFile;
  /** Replaces the stored state atomically. */
  write(file: BotStateFile): void;
}

export type BotChange = 'initialized' | 'mode' | 'deployed' | 'undeployed' | 'console' | 'user-session' | 'reloaded';

export interface BotEvent {
  type: 'bot-changed';
  bot: string;
  change: BotChange;
  state: BotState;
  previous?: BotState;
}

/** A bot seen for the first time: mode from its declaration; desktop bots start with the console open. */
export function initialBotState(decl: Declaration): BotState {
  const mode = modeOf(property(decl, 'mode'));
  if (!mode) {
    throw new RpaUserError('unknown-declaration', `Bot "${decl.name}" declares no session mode. Add \`mode: secure\` or \`mode: desktop\` to bot ${decl.name}.`);
  }
  return { mode, deployments: [], console: mode === 'desktop' ? 'open' : 'logged-out', userSession: 'signed-out' };
}

export class BotService {
  readonly events = new EventHub<BotEvent>();
  private snapshot: BotStateFile;

  constructor(
    private readonly storage: BotStateStorage,
    private readonly workspace: Workspace,
    private readonly clock: Clock = systemClock,
  ) {
    this.snapshot = storage.read();
  }

  /** The bot's state (initialized from its declaration the first time the bot is seen). */
  state(botName: string): BotState {
    return cloneBotState(this.update(botName, 'initialized', () => undefined));
  }

  /** Every declared bot's state, plus bots that are only in the state file. */
  all(): Record<string, BotState> {
    for (const decl of this.workspace.allDeclarations('bot')) if (decl.name) this.state(decl.name);
    const out: Record<string, BotState> = {};
    for (const [name, s] of Object.entries(this.snapshot.bots)) out[name] = cloneBotState(s);
    return out;
  }

  /** The seam for the language check `mode-switch-while-deployed` (live: reads the latest state). */
  deploymentState(): DeploymentState {
    return { deployments: (bot) => this.snapshot.bots[bot]?.deployments ?? [] };
  }

  /** The run's bot, agent and resolved settings, if the deploy rules allow it on the bot as it is now. */
  checkRun(runName: string): RunTarget & { state: BotState } {
    const target = runTarget(this.workspace, runName);
    const state = this.state(target.bot.name);
    const problem = deployProblem(target, state);
    if (problem) throw problem;
    return { ...target, state };
  }

  /**
   * Deploys the run to its bot, under the deploy rules; a run already deployed there (and still fitting
   * the rules) stays as it is: the same deployment, the same time.
   */
  deploy(runName: string): Deployment {
    const target = runTarget(this.workspace, runName);
    let deployed: Deployment | undefined;
    this.update(target.bot.name, 'deployed', (s) => {
      const problem = deployProblem(target, s);
      if (problem) throw problem;
      deployed = s.deployments.find((d) => d.run === runName);
      if (deployed) return;
      deployed = { run: runName, mode: s.mode, deployedAt: this.clock.now() };
      s.deployments = [...s.deployments, deployed];
    });
    return { ...deployed! };
  }

  undeploy(runName: string): Deployment {
    const botName = this.botOfDeployment(runName);
    let removed: Deployment | undefined;
    this.update(botName, 'undeployed', (s) => {
      removed = s.deployments.find((d) => d.run === runName);
      s.deployments = s.deployments.filter((d) => d.run !== runName);
    });
    return removed!;
  }

  /**
   * Switches the bot's mode; refused while any run configuration is deployed to it. Returns the edit
   * that makes the bot's declaration say the same (callers apply it so the .rpa file stays in step).
   */
  setMode(botName: string, mode: SessionMode): { declarationEdit?: TextEdit } {
    this.update(botName, 'mode', (s) => {
      if (s.mode === mode || !s.deployments.length) {
        s.mode = mode;
        return;
      }
      const runs = s.deployments.map((d) => d.run);
      throw new RpaUserError(
        'mode-switch-while-deployed',
        `Bot "${botName}" can't switch from ${s.mode} to ${mode} mode: run configurations are deployed to it (${runs.join(', ')}). ` +
          `MuleSoft RPA does not allow a mode switch while configurations are deployed, because they were deployed for ${s.mode} mode. ` +
          `Fix: undeploy them first (${runs.map((r) => `\`rpa-sessions bot undeploy ${r}\``).join(', ')}), then switch the mode.`,
      );
    });
    const declared = property(this.workspace.resolve('bot', botName), 'mode');
    if (!declared || modeOf(declared) === mode) return {};
    return { declarationEdit: { uri: this.workspace.resolve('bot', botName)!.uri, range: declared.value.range, newText: mode } };
  }

  setConsole(botName: string, consoleState: ConsoleState): BotState {
    return cloneBotState(this.update(botName, 'console', (s) => { s.console = consoleState; }));
  }

  signIn(botName: string): BotState {
    return this.setUserSession(botName, 'signed-in');
  }

  signOut(botName: string): BotState {
    return this.setUserSession(botName, 'signed-out');
  }

  disconnect(botName: string): BotState {
    return this.setUserSession(botName, 'disconnected');
  }

  /** Re-reads the storage (another process may have changed it) and reports what changed. */
  refresh(): void {
    this.adopt(this.storage.read(), 'reloaded');
  }

  private setUserSession(botName: string, session: UserSession): BotState {
    return cloneBotState(this.update(botName, 'user-session', (s) => { s.userSession = session; }));
  }

  /** Where the run is deployed (read from the state file now), if it is. */
  deploymentOf(runName: string): { bot: string; deployment: Deployment } | undefined {
    for (const [bot, s] of Object.entries(this.storage.read().bots)) {
      const deployment = s.deployments.find((d) => d.run === runName);
      if (deployment) return { bot, deployment };
    }
    return undefined;
  }

  private botOfDeployment(runName: string): string {
    for (const [bot, s] of Object.entries(this.storage.read().bots)) if (s.deployments.some((d) => d.run === runName)) return bot;
    const deployed = Object.values(this.snapshot.bots).flatMap((s) => s.deployments.map((d) => d.run));
    throw new RpaUserError(
      'not-deployed',
      `Run configuration "${runName}" is not deployed to any bot, so there is nothing to undeploy. ` +
        (deployed.length ? `Deployed run configurations: ${deployed.join(', ')}.` : 'No run configuration is deployed.'),
    );
  }

  /**
   * Reads the latest stored state, brings the bot in line with its declaration (initialized when first
   * seen; the declared mode adopted while nothing is deployed), applies `change`, and writes if needed.
   */
  private update(botName: string, change: BotChange, apply: (s: BotState) => void): BotState {
    const file = this.storage.read();
    this.adopt(file, 'reloaded');
    const stored = file.bots[botName];
    const decl = this.workspace.resolve('bot', botName);
    if (!stored && !decl) declarationOrError(this.workspace, 'bot', botName);
    const next = stored ? cloneBotState(stored) : initialBotState(decl!);
    const declared = decl ? modeOf(property(decl, 'mode')) : undefined;
    if (stored && declared && declared !== next.mode && !next.deployments.length) next.mode = declared;
    apply(next);
    if (sameBotState(stored, next)) return next;
    const written: BotStateFile = { version: 1, bots: { ...file.bots, [botName]: next } };
    this.storage.write(written);
    this.snapshot = written;
    const kind: BotChange = !stored ? 'initialized' : change === 'initialized' ? 'mode' : change;
    this.events.emit({ type: 'bot-changed', bot: botName, change: kind, state: cloneBotState(next), previous: stored && cloneBotState(stored) });
    return next;
  }

  private adopt(file: BotStateFile, change: BotChange): void {
    const before = this.snapshot;
    this.snapshot = file;
    for (const [bot, s] of Object.entries(file.bots)) {
      if (!sameBotState(before.bots[bot], s)) this.events.emit({ type: 'bot-changed', bot, change, state: cloneBotState(s), previous: before.bots[bot] && cloneBotState(before.bots[bot]) });
    }
  }
}
