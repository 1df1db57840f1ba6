// Bot checks (MuleSoft RPA secure sessions): limits, licence, system capacity, description and the bot
// user's login password (local), and mode-switch-while-deployed against the deployment state (linked).
import type * as A from '../ast';
import type { Accept, TextEdit } from '../diagnostics';
import {
  LIMIT_SOURCE_LABEL, block, boolOf, effectiveLimit, intOf, modeOf, numberOf, property, type EffectiveLimit,
} from '../model';
import type { CheckContext } from './check';
import { addToBlock, envVarName, fix, replace, withSnippet } from './edits';

export function checkBots({ file, accept }: CheckContext): void {
  for (const decl of file.ast.declarations) checkPassword(decl, file.uri, accept);
  for (const bot of file.ast.declarations) {
    if (bot.kind !== 'bot' || !bot.name) continue;
    const mode = property(bot, 'mode');
    const limit = effectiveLimit(bot);
    if (modeOf(mode) === 'secure' && mode) {
      checkLimitSet(bot, mode, file.uri, file.text, accept);
      checkTerminalServer(bot, limit, file.uri, file.text, accept);
      checkCapacity(bot, limit, accept);
    }
    checkConfiguratorLicense(bot, file.uri, accept);
    checkSingleLicense(bot, accept);
    checkDescription(bot, file.uri, file.text, accept);
  }
}

function checkLimitSet(bot: A.Declaration, mode: A.Property, uri: string, text: string, accept: Accept): void {
  const configurator = property(block(bot, 'configurator'), 'maxSecureSessions');
  const manager = property(block(bot, 'manager'), 'maxSecureSessions');
  if (configurator || manager) return;
  const licensed = intOf(property(bot, 'licensedSecureSessions'));
  const n = licensed !== undefined && licensed >= 1 ? licensed : 1;
  accept({
    code: 'no-secure-session-limit',
    range: mode.value.range,
    message:
      `Bot '${bot.name}' runs in secure mode but sets no maximum number of parallel secure sessions: set ` +
      `'maxSecureSessions' in the RPA Manager ('manager { … }', Secure Session Assignment) or in the Bot ` +
      `Configurator ('configurator { … }'), so the RPA Manager knows how many sessions it may start on this bot.`,
    fixes: fix(`Add 'manager { maxSecureSessions: ${n} }'`, addToBlock(uri, text, bot, 'manager', `maxSecureSessions: ${n}`)),
  });
}

function checkConfiguratorLicense(bot: A.Declaration, uri: string, accept: Accept): void {
  const configurator = property(block(bot, 'configurator'), 'maxSecureSessions');
  const licensedProp = property(bot, 'licensedSecureSessions');
  const max = intOf(configurator);
  const licensed = intOf(licensedProp);
  if (!configurator || !licensedProp || max === undefined || licensed === undefined || licensed < 1 || max <= licensed) return;
  accept({
    code: 'configurator-exceeds-license',
    range: configurator.value.range,
    message:
      `The Bot Configurator allows ${max} parallel secure sessions but the bot is licensed for only ${licensed}: ` +
      `the licence caps the effective limit at ${licensed}, so the Configurator setting is misleading. ` +
      `Lower it to ${licensed} or license more secure sessions.`,
    related: [{ uri, range: licensedProp.value.range, message: `licensed secure sessions: ${licensed}` }],
    fixes: fix(`Lower to ${licensed}`, replace(uri, configurator.value.range, String(licensed))),
  });
}

function boundWording(limit: EffectiveLimit): string {
  return limit.decidedBy ? `, as set by the ${LIMIT_SOURCE_LABEL[limit.decidedBy.source]},` : '';
}

function checkTerminalServer(bot: A.Declaration, limit: EffectiveLimit, uri: string, text: string, accept: Accept): void {
  if (limit.limit === undefined || limit.limit <= 1 || !limit.decidedBy) return;
  const system = block(bot, 'system');
  const ts = property(system, 'terminalServer');
  if (boolOf(ts) === true) return;
  const range = ts ? ts.value.range : limit.decidedBy.property.value.range;
  accept({
    code: 'terminal-server-required',
    range,
    message:
      `Bot '${bot.name}' may run ${limit.limit} secure sessions in parallel${boundWording(limit)} but ` +
      `${ts ? "'system.terminalServer' is not true" : "its system data does not say terminal server software is installed"}: ` +
      `more than one secure session at a time needs terminal server software (Remote Desktop Session Host) on the bot machine. ` +
      `Install it and set 'system { terminalServer: true }', or lower the limit to 1.`,
    fixes: fix(
      "Set 'terminalServer: true' (terminal server software is installed)",
      ts ? replace(uri, ts.value.range, 'true') : addToBlock(uri, text, bot, 'system', 'terminalServer: true'),
    ),
  });
}

function checkCapacity(bot: A.Declaration, limit: EffectiveLimit, accept: Accept): void {
  const system = block(bot, 'system');
  const ramProp = property(system, 'ramGb');
  const perProp = property(system, 'ramPerSessionGb');
  const ram = numberOf(ramProp);
  const per = numberOf(perProp);
  if (limit.limit === undefined || !perProp || !ramProp || ram === undefined || per === undefined || ram <= 0 || per <= 0) return;
  const needed = limit.limit * per;
  if (needed <= ram) return;
  const fits = Math.floor(ram / per);
  accept({
    code: 'capacity-exceeded',
    range: perProp.value.range,
    message:
      `${limit.limit} parallel secure sessions × ${per} GB each need ${round(needed)} GB, but bot '${bot.name}' has ` +
      `${ram} GB of RAM: more secure sessions mean lower performance, and these would not fit in memory. ` +
      (fits >= 1
        ? `Lower the secure-session limit to ${fits}, or add RAM.`
        : `Not even one session fits: add RAM or check 'ramPerSessionGb'.`),
    related: [
      { uri: bot.uri, range: ramProp.value.range, message: `RAM of the bot machine: ${ram} GB` },
      ...(limit.decidedBy ? [{ uri: bot.uri, range: limit.decidedBy.property.value.range, message: `effective limit ${limit.limit} is set here` }] : []),
    ],
  });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function checkSingleLicense(bot: A.Declaration, accept: Accept): void {
  const p = property(bot, 'licensedSecureSessions');
  if (!p || intOf(p) !== 1) return;
  accept({
    code: 'single-license',
    range: p.value.range,
    message:
      `Bot '${bot.name}' has a single licensed secure session: before deploying, sign the bot user out of ` +
      `Windows (don't just disconnect), and don't sign in as that user while a process runs, ` +
      `or the secure session cannot start or is ended.`,
  });
}

function checkDescription(bot: A.Declaration, uri: string, text: string, accept: Accept): void {
  const manager = block(bot, 'manager');
  const description = property(manager, 'description');
  if (description) return;
  accept({
    code: 'missing-description',
    range: bot.nameRange,
    message:
      `Bot '${bot.name}' has no description: the RPA Manager shows it in Bot Management so people know who owns ` +
      `the bot and whom to contact. Add 'manager { description: "…" }'.`,
    fixes: fix("Add 'description'", descriptionEdit(uri, text, bot)),
  });
}

/** Adds a description to fill in (a placeholder where the editor takes snippets). */
function descriptionEdit(uri: string, text: string, bot: A.Declaration): TextEdit | undefined {
  const plain = `description: "${DESCRIPTION_PLACEHOLDER}"`;
  const edit = addToBlock(uri, text, bot, 'manager', plain);
  return edit && withSnippet(edit, plain, `description: "\${1:${DESCRIPTION_PLACEHOLDER}}"`);
}

const DESCRIPTION_PLACEHOLDER = 'Owner and contact';

/** The bot user's login data: `configurator { login }` of a bot, `login` of a run. */
function loginOf(decl: A.Declaration): A.Block | undefined {
  if (decl.kind === 'bot') return block(block(decl, 'configurator'), 'login');
  return decl.kind === 'run' ? block(decl, 'login') : undefined;
}

/** plaintext-secret: the bot user's password as a string literal instead of secret("ENV_NAME"). */
function checkPassword(decl: A.Declaration, uri: string, accept: Accept): void {
  const password = property(loginOf(decl), 'password');
  if (!password || password.value.kind !== 'string') return;
  const env = envVarName(decl.name, 'PASSWORD');
  const where = decl.kind === 'bot' ? `bot '${decl.name}'` : `run configuration '${decl.name}'`;
  accept({
    code: 'plaintext-secret',
    range: password.value.range,
    message:
      `The login password of ${where} is written in plain text: anyone who can read this file (or its history) ` +
      `can sign in as the bot user. Write secret("${env}") and set the environment variable ${env} where ` +
      `sessions run; a secret is never logged, stored, exported or shown in the debugger.`,
    fixes: fix(`Replace with secret("${env}")`, replace(uri, password.value.range, `secret("${env}")`)),
  });
}

/** Linked: the bot's `mode` against the modes its deployed run configurations were deployed with. */
export function checkDeployedMode({ ws, file, accept }: CheckContext): void {
  const state = ws.deploymentState;
  if (!state) return;
  for (const bot of file.ast.declarations) {
    if (bot.kind !== 'bot' || !bot.name) continue;
    const mode = property(bot, 'mode');
    const current = modeOf(mode);
    if (!mode || !current) continue;
    const others = state.deployments(bot.name).filter((d) => d.mode !== current);
    if (!others.length) continue;
    const deployedMode = others[0].mode;
    const runs = others.map((d) => `'${d.run}'`).join(', ');
    accept({
      code: 'mode-switch-while-deployed',
      range: mode.value.range,
      message:
        `Bot '${bot.name}' is set to ${current} mode, but run configuration${others.length > 1 ? 's' : ''} ${runs} ` +
        `${others.length > 1 ? 'are' : 'is'} deployed to it in ${deployedMode} mode: a bot's session mode can't be ` +
        `switched while configurations are deployed to it. Undeploy them first ` +
        `('rpa-sessions bot undeploy'), or keep mode '${deployedMode}'.`,
      fixes: fix(`Keep mode '${deployedMode}'`, replace(file.uri, mode.value.range, deployedMode)),
    });
  }
}
