// Prepares the workspace the end-to-end test opens (a copy of examples/workspace pointed at the test's
// example site, plus a file with known mistakes) and works out, with the language core, what VS Code must show.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  checkFile,
  effectiveLimit,
  property,
  sessionEntries,
  Workspace,
  type Declaration,
  type Diagnostic,
  type Property,
} from '../../language/src';

export const EXAMPLES_WORKSPACE = join(process.cwd(), 'examples', 'workspace');
export const BROKEN_FILE = 'e2e-known-errors.rpa';
/** The example site's address in the example workspace's agents (`input { baseUrl: … }`). */
export const EXAMPLE_SITE_URL = 'http://127.0.0.1:8080';

export interface E2eWorkspace {
  dir: string;
  source: string;
  /** The run the test hovers, completes in and clicks the code lenses of. */
  run: { name: string; file: string; botName: string; botFile: string; sessionsText: string; limit: number; sessionIds: string[] };
  /** The run's agent: its file and the 1-based line of its first `extract` step (where the debug test breaks). */
  agent: { file: string; extractLine: number };
  /** Every error the language core reports in the known-errors file. */
  knownErrors: Diagnostic[];
  /** Deletes the known-errors file from disk, leaving a workspace without errors. */
  removeKnownErrors(): void;
  /**
   * Writes the run and its bot in desktop mode on disk (what a user switching both would save) and
   * returns a function that writes the files back as they were.
   */
  switchRunAndBotToDesktop(): () => void;
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

/** The `mode: …` value of a declaration, to be replaced by `desktop`. */
function modeValue(decl: Declaration): { path: string; start: number; end: number } {
  const mode = property(decl, 'mode');
  if (!mode) throw new Error(`${decl.kind} ${decl.name} in the e2e workspace declares no mode; the wrong-mode deploy test switches it`);
  return { path: fileURLToPath(decl.uri), start: mode.value.range.start.offset, end: mode.value.range.end.offset };
}

function switchToDesktop(run: Declaration, bot: Declaration): () => void {
  const edits = [modeValue(run), modeValue(bot)].sort((a, b) => b.start - a.start);
  const originals = new Map(edits.map((e) => [e.path, readFileSync(e.path, 'utf8')]));
  const texts = new Map(originals);
  for (const e of edits) texts.set(e.path, texts.get(e.path)!.slice(0, e.start) + 'desktop' + texts.get(e.path)!.slice(e.end));
  for (const [path, text] of texts) writeFileSync(path, text);
  return () => {
    for (const [path, text] of originals) writeFileSync(path, text);
  };
}

/** Points every agent of the copy at the site the test serves, when it is not on the usual port. */
function useSite(dir: string, siteUrl: string): void {
  if (siteUrl === EXAMPLE_SITE_URL) return;
  for (const file of rpaFilesUnder(dir)) {
    const text = readFileSync(file, 'utf8');
    if (text.includes(EXAMPLE_SITE_URL)) writeFileSync(file, text.split(EXAMPLE_SITE_URL).join(siteUrl));
  }
}

function runAgent(ws: Workspace, run: Declaration, dir: string): E2eWorkspace['agent'] {
  const ref = property(run, 'agent');
  const agent = ref?.value.kind === 'word' ? ws.resolve('agent', ref.value.value) : undefined;
  if (!agent) throw new Error(`run ${run.name} in the e2e workspace names no agent the workspace declares`);
  const lines = (ws.getFile(agent.uri)?.text ?? '').split(/\r?\n/);
  const from = agent.range.start.line;
  const index = lines.findIndex((l, i) => i >= from && l.trim().startsWith('extract '));
  if (index < 0) throw new Error(`agent ${agent.name} in the e2e workspace has no extract step to break on`);
  return { file: relative(dir, fileURLToPath(agent.uri)), extractLine: index + 1 };
}

/**
 * Copies examples/workspace to `dir` (without bot state or exports; agents pointed at `siteUrl`) and adds
 * a file with two known mistakes: a misspelt agent property (a local check) and a run asking for more
 * sessions than its bot allows (a cross-file check).
 */
export function prepareWorkspace(dir: string, siteUrl: string): E2eWorkspace {
  const source = EXAMPLES_WORKSPACE;
  if (!rpaFilesUnder(source).length) throw new Error(`${source} holds no .rpa files: the e2e test opens a copy of the example workspace`);
  cpSync(source, dir, { recursive: true, filter: (src) => src === source || !['.rpa', 'out'].includes(basename(src)) });
  useSite(dir, siteUrl);
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
    run: {
      name: run.name,
      file: relative(dir, fileURLToPath(run.uri)),
      botName: bot.name,
      botFile: relative(dir, fileURLToPath(bot.uri)),
      sessionsText,
      limit,
      sessionIds: sessionEntries(run).map((e) => e.id.value),
    },
    agent: runAgent(ws, run, dir),
    knownErrors,
    removeKnownErrors: () => rmSync(brokenPath),
    switchRunAndBotToDesktop: () => switchToDesktop(run, bot),
  };
}
