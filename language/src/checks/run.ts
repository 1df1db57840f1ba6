// Linked run-configuration checks against the bot and agent they name (maybe in other files):
// mode-mismatch, desktop-parallel, sessions-exceed-limit, no-default-session-settings, multiple-sessions-not-supported.
import type * as A from '../ast';
import type { Accept, Fix, RelatedInformation, TextEdit } from '../diagnostics';
import {
  LIMIT_SOURCE_LABEL, block, effectiveLimit, intOf, modeOf, property, resolveRun, sessionEntries, sessionSupport,
  type ResolvedRun,
} from '../model';
import type { Workspace } from '../workspace';
import type { CheckContext } from './check';
import { appendMember, fix, insertAfter, insertFirst, replace } from './edits';

interface RunContext {
  ws: Workspace;
  run: A.Declaration;
  uri: string;
  text: string;
  accept: Accept;
}

function resolved(ws: Workspace, run: A.Declaration, kind: 'bot' | 'agent'): A.Declaration | undefined {
  const ref = property(run, kind);
  return ref?.value.kind === 'word' ? ws.resolve(kind, ref.value.value) : undefined;
}

export function checkRuns({ ws, file, accept }: CheckContext): void {
  for (const run of file.ast.declarations) {
    if (run.kind !== 'run' || !run.name) continue;
    const ctx: RunContext = { ws, run, uri: file.uri, text: file.text, accept };
    const bot = resolved(ws, run, 'bot');
    const agent = resolved(ws, run, 'agent');
    const settings = resolveRun(run, bot);
    if (bot) checkMode(ctx, bot);
    checkDesktopParallel(ctx, bot, settings);
    if (bot) checkLimit(ctx, bot, settings);
    if (bot) checkDefaults(ctx, bot, settings);
    if (agent) checkAgentSupport(ctx, agent, settings);
  }
}

function checkMode({ run, uri, accept }: RunContext, bot: A.Declaration): void {
  const runMode = property(run, 'mode');
  const botMode = property(bot, 'mode');
  const want = modeOf(botMode);
  const have = modeOf(runMode);
  if (!runMode || !botMode || !want || !have || want === have) return;
  accept({
    code: 'mode-mismatch',
    range: runMode.value.range,
    message:
      `Run configuration '${run.name}' uses ${have} mode but bot '${bot.name}' runs in ${want} mode: a run configuration ` +
      `can only be deployed to a bot in the same session mode. Change it to '${want}' (or remove 'mode' to take the bot's).`,
    related: [{ uri: bot.uri, range: botMode.value.range, message: `bot '${bot.name}' is in ${want} mode` }],
    fixes: fix(`Change to '${want}'`, replace(uri, runMode.value.range, want)),
  });
}

/** Where a run's mode comes from, when it is the bot's. */
function modeRelated(run: A.Declaration, bot: A.Declaration | undefined, settings: ResolvedRun): RelatedInformation[] {
  const botMode = bot && property(bot, 'mode');
  if (settings.modeFrom !== 'bot' || !bot || !botMode) return [];
  return [{ uri: bot.uri, range: botMode.value.range, message: `run '${run.name}' takes ${settings.mode} mode from bot '${bot.name}'` }];
}

function checkDesktopParallel({ run, uri, accept }: RunContext, bot: A.Declaration | undefined, settings: ResolvedRun): void {
  const sessions = property(run, 'sessions');
  const n = intOf(sessions);
  if (settings.mode !== 'desktop' || !sessions || n === undefined || n <= 1) return;
  accept({
    code: 'desktop-parallel',
    range: sessions.value.range,
    message:
      `Run configuration '${run.name}' asks for ${n} parallel sessions in desktop mode: a Desktop Session is the visible ` +
      `console session of the logged-in bot user, so only one process runs at a time. Set 'sessions: 1', or use a bot ` +
      `in secure mode to run sessions in parallel.`,
    related: modeRelated(run, bot, settings),
    fixes: fix("Change to 'sessions: 1'", replace(uri, sessions.value.range, '1')),
  });
}

function checkLimit({ run, uri, accept }: RunContext, bot: A.Declaration, settings: ResolvedRun): void {
  const sessions = property(run, 'sessions');
  const n = intOf(sessions);
  const limit = effectiveLimit(bot);
  if (settings.mode !== 'secure' || !sessions || n === undefined || limit.limit === undefined || !limit.decidedBy || n <= limit.limit) return;
  const source = LIMIT_SOURCE_LABEL[limit.decidedBy.source];
  accept({
    code: 'sessions-exceed-limit',
    range: sessions.value.range,
    message:
      `Run configuration '${run.name}' asks for ${n} parallel sessions but bot '${bot.name}' allows at most ${limit.limit} ` +
      `secure sessions: a bot's effective limit is the smallest of the Bot Configurator's and the RPA Manager's limits and ` +
      `the licensed count, here the ${source}. Lower 'sessions' to ${limit.limit}, or raise the limit on the bot.`,
    related: limit.bounds.map((b) => ({ uri: bot.uri, range: b.property.value.range, message: `${LIMIT_SOURCE_LABEL[b.source]}: ${b.value}` })),
    fixes: fix(`Lower to ${limit.limit}`, replace(uri, sessions.value.range, String(limit.limit))),
  });
}

function checkDefaults({ run, uri, text, accept }: RunContext, bot: A.Declaration, settings: ResolvedRun): void {
  const configurator = block(bot, 'configurator');
  const related: RelatedInformation[] = [{
    uri: bot.uri,
    range: configurator ? configurator.keyRange : bot.nameRange,
    message: configurator ? `the default session settings of bot '${bot.name}'` : `bot '${bot.name}' has no 'configurator' block`,
  }];
  if (settings.loginFrom === 'none') {
    accept({
      code: 'no-default-session-settings',
      range: run.nameRange,
      message:
        `Run configuration '${run.name}' has no login data and bot '${bot.name}' provides no default ('configurator { login { … } }'): ` +
        `a run configuration takes the bot user's login from the Bot Configurator's default session settings unless it sets ` +
        `its own. Add 'login { user: "…", password: secret("…") }' to the run or to the bot's configurator.`,
      related,
    });
  }
  if (settings.mode === 'secure' && settings.sessions === undefined) {
    const limit = effectiveLimit(bot).limit ?? 1;
    const anchor = property(run, 'agent') ?? property(run, 'bot');
    const edit: TextEdit | undefined = anchor ? insertAfter(uri, text, anchor, `sessions: ${limit}`) : appendMember(uri, text, run, `sessions: ${limit}`);
    accept({
      code: 'no-default-session-settings',
      range: run.nameRange,
      message:
        `Run configuration '${run.name}' does not say how many sessions to run and bot '${bot.name}' provides no default ` +
        `('configurator { maxSecureSessions: N }'): a run configuration takes the maximum number of secure sessions from the ` +
        `Bot Configurator's default session settings unless it sets 'sessions'. Add 'sessions: ${limit}' to the run, ` +
        `or set the default in the bot's configurator.`,
      related,
      fixes: fix(`Add 'sessions: ${limit}'`, edit),
    });
  }
}

function checkAgentSupport({ ws, run, uri, text, accept }: RunContext, agent: A.Declaration, settings: ResolvedRun): void {
  if (sessionSupport(agent) === 'multiple') return;
  const entries = sessionEntries(run);
  const sessions = property(run, 'sessions');
  const many = settings.sessions !== undefined && settings.sessions > 1;
  if (!entries.length && !many) return;
  const agentRef = property(run, 'agent');
  const range = entries.length ? entries[0].id.range : sessions && settings.sessionsFrom === 'run' ? sessions.value.range : agentRef?.value.range;
  if (!range) return;
  const asks = entries.length
    ? `names session ID${entries.length > 1 ? 's' : ''} (${entries.map((e) => `'${e.id.value}'`).join(', ')})`
    : `asks for ${settings.sessions} sessions${settings.sessionsFrom === 'configurator' ? " (the bot's Bot Configurator default)" : ''}`;
  const supportProp = property(agent, 'sessions');
  const fixes = [...(makeMultiple(ws, agent, supportProp) ?? []), ...(entries.length ? [] : oneSession(run, uri, text, sessions))];
  accept({
    code: 'multiple-sessions-not-supported',
    range,
    message:
      `Run configuration '${run.name}' ${asks}, but agent '${agent.name}' supports a single session` +
      `${supportProp ? '' : " (Support Sessions is single unless set)"}: only an agent with Support Sessions = Multiple Sessions ` +
      `can run several instances at once, each with its own session ID and data. Set 'sessions: multiple' on the agent.`,
    related: [{ uri: agent.uri, range: supportProp ? supportProp.value.range : agent.nameRange, message: `agent '${agent.name}' supports a single session` }],
    fixes: fixes.length ? fixes : undefined,
  });
}

/** Fix: run a single session instead (only when the run names no session IDs). */
function oneSession(run: A.Declaration, uri: string, text: string, sessions: A.Property | undefined): Fix[] {
  const agentRef = property(run, 'agent');
  const edit = sessions ? replace(uri, sessions.value.range, '1') : agentRef ? insertAfter(uri, text, agentRef, 'sessions: 1') : undefined;
  return edit ? [{ title: `Run one session: 'sessions: 1'`, edits: [edit] }] : [];
}

/** Fix: make the agent `sessions: multiple`, adding a session timeout so its data is still cleaned up. */
function makeMultiple(ws: Workspace, agent: A.Declaration, supportProp: A.Property | undefined): Fix[] | undefined {
  const text = ws.getFile(agent.uri)?.text;
  if (text === undefined) return undefined;
  const needsTimeout = !property(agent, 'sessionTimeout');
  const edits: TextEdit[] = [];
  if (supportProp) {
    edits.push(replace(agent.uri, supportProp.value.range, 'multiple'));
    if (needsTimeout) edits.push(insertAfter(agent.uri, text, supportProp, 'sessionTimeout: 30m'));
  } else {
    const insert = insertFirst(agent.uri, text, agent, needsTimeout ? ['sessions: multiple', 'sessionTimeout: 30m'] : ['sessions: multiple']);
    if (insert) edits.push(insert);
  }
  return edits.length ? [{ title: `Make agent '${agent.name}' support multiple sessions`, edits, preferred: true }] : undefined;
}
