// Prepares the workspace the end-to-end test opens (a copy of examples/workspace plus a file with
// known mistakes) and works out, with the language core, what VS Code must show for it.
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  checkFile,
  effectiveLimit,
  property,
  Workspace,
  type Declaration,
  type Diagnostic,
  type Property,
} from '../../language/src';

export const EXAMPLES_WORKSPACE = join(process.cwd(), 'examples', 'workspace');
export const BROKEN_FILE = 'e2e-known-errors.rpa';

export interface E2eWorkspace {
  dir: string;
  source: string;
  /** The run the test hovers, completes in and clicks the code lens of. */
  run: { name: string; file: string; botName: string; sessionsText: string; limit: number };
  /** Every error the language core reports in the known-errors file. */
  knownErrors: Diagnostic[];
}

function rpaFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'out' ? [] : rpaFilesUnder(p);
    return name.endsWith('.rpa') ? [p] : [];
  });
}

function load(dir: string): Workspace {
  const ws = new Workspace();
  for (const file of rpaFilesUnder(dir)) ws.setFile(pathToFileURL(file).toString(), readFileSync(file, 'utf8'));
  return ws;
}

/** `sessions: 3` as written: where the property starts up to the end of its value. */
function sourceOf(ws: Workspace, p: Property, uri: string): string {
  const text = ws.getFile(uri)?.text ?? '';
  return text.slice(p.range.start.offset, p.value.range.end.offset);
}

/** How many lines of the run's file start with `prefix` (the test finds the line by it). */
function linesStartingWith(ws: Workspace, uri: string, prefix: string): number {
  return (ws.getFile(uri)?.text ?? '').split(/\r?\n/).filter((l) => l.trim().startsWith(prefix)).length;
}

/**
 * A run with a `sessions` property whose bot resolves and has an effective secure-session limit,
 * preferring one whose `sessions: N` line is unique in its file.
 */
function pickRun(ws: Workspace): { run: Declaration; bot: Declaration; sessionsText: string; limit: number } {
  const candidates = [];
  for (const run of ws.allDeclarations('run')) {
    const botRef = property(run, 'bot');
    const sessions = property(run, 'sessions');
    if (!sessions || botRef?.value.kind !== 'word') continue;
    const bot = ws.resolve('bot', botRef.value.value);
    const limit = bot ? effectiveLimit(bot).limit : undefined;
    if (bot && limit !== undefined) candidates.push({ run, bot, sessionsText: sourceOf(ws, sessions, run.uri), limit });
  }
  const pick = candidates.find((c) => linesStartingWith(ws, c.run.uri, c.sessionsText) === 1) ?? candidates[0];
  if (!pick) throw new Error('the e2e workspace has no run with `sessions` whose bot sets a secure-session limit');
  return pick;
}

function multipleSessionsAgent(ws: Workspace): Declaration {
  const agent = ws.allDeclarations('agent').find((a) => {
    const p = property(a, 'sessions');
    return p?.value.kind === 'word' && p.value.value === 'multiple';
  });
  if (!agent?.name) throw new Error('the e2e workspace has no agent with `sessions: multiple`');
  return agent;
}

/**
 * Copies examples/workspace to `dir` and adds a file with two known mistakes: a misspelt agent
 * property (a local check) and a run asking for more sessions than its bot allows (a cross-file check).
 */
export function prepareWorkspace(dir: string): E2eWorkspace {
  const source = EXAMPLES_WORKSPACE;
  if (!rpaFilesUnder(source).length) throw new Error(`${source} holds no .rpa files: the e2e test opens a copy of the example workspace`);
  cpSync(source, dir, { recursive: true });
  const original = load(dir);
  const { run, bot, sessionsText, limit } = pickRun(original);
  const agent = multipleSessionsAgent(original);
  const brokenText = [
    '// Written by the end-to-end test: two known mistakes.',
    'agent E2eTypoAgent {',
    '  sesions: multiple',
    '  steps {',
    '    log "the property above is misspelt"',
    '  }',
    '}',
    '',
    'run E2eTooManySessions {',
    `  bot: ${bot.name}`,
    `  agent: ${agent.name}`,
    `  sessions: ${limit + 1}`,
    '}',
    '',
  ].join('\n');
  const brokenPath = join(dir, BROKEN_FILE);
  writeFileSync(brokenPath, brokenText);

  const ws = load(dir);
  const knownErrors = checkFile(ws, pathToFileURL(brokenPath).toString()).filter((d) => d.severity === 'error');
  for (const code of ['unknown-property', 'sessions-exceed-limit']) {
    if (!knownErrors.some((d) => d.code === code)) {
      throw new Error(`the language core does not report ${code} in ${BROKEN_FILE}; the test's expectations are wrong`);
    }
  }
  return {
    dir,
    source,
    run: { name: run.name, file: relative(dir, fileURLToPath(run.uri)), botName: bot.name, sessionsText, limit },
    knownErrors,
  };
}
