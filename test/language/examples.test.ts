// The shipped examples: each examples/diagnostics/<code> raises exactly the codes its files' first line
// `// expect: …` lists, every code has an example, and examples/workspace checks completely clean.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DIAGNOSTIC_CODES, Workspace, checkFile, type DeploymentState, type Diagnostic, type DiagnosticCode,
} from '../../language/src/index';
import { deploymentStateOf } from '../../language/src/bot-state/bot-state';
import { parseBotStateFile } from '../../language/src/bot-state/bot-state-codec';
import { afterFix, diagnostics } from './checks/helpers';

function repoRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'examples', 'diagnostics'))) return dir;
  throw new Error(`examples/diagnostics not found above ${__dirname}`);
}

const ROOT = repoRoot();
const EXAMPLES = join(ROOT, 'examples');
const DIAGNOSTICS = join(EXAMPLES, 'diagnostics');

/** Every .rpa file under a folder, skipping dot-folders such as `.rpa/` (the bot state). */
function rpaFiles(path: string): string[] {
  if (statSync(path).isFile()) return path.endsWith('.rpa') ? [path] : [];
  return readdirSync(path)
    .filter((n) => !n.startsWith('.'))
    .sort()
    .flatMap((n) => rpaFiles(join(path, n)));
}

/** The deployment state of the `.rpa/bots.json` files found under a folder (merged). */
function deploymentStateUnder(path: string): DeploymentState | undefined {
  const states: DeploymentState[] = [];
  const visit = (dir: string) => {
    const file = join(dir, '.rpa', 'bots.json');
    if (existsSync(file)) states.push(deploymentStateOf(parseBotStateFile(readFileSync(file, 'utf8'), relative(ROOT, file))));
    for (const n of readdirSync(dir)) if (!n.startsWith('.') && statSync(join(dir, n)).isDirectory()) visit(join(dir, n));
  };
  if (statSync(path).isDirectory()) visit(path);
  return states.length ? { deployments: (bot) => states.flatMap((s) => s.deployments(bot)) } : undefined;
}

function load(paths: string[], state: DeploymentState | undefined): Workspace {
  const ws = new Workspace(state);
  for (const file of paths) ws.setFile(pathToFileURL(file).href, readFileSync(file, 'utf8'));
  return ws;
}

/** The codes a file's first line promises (`// expect: a, b`), or none when it has no such line. */
function expected(file: string): DiagnosticCode[] {
  const first = readFileSync(file, 'utf8').split('\n')[0];
  const m = /^\/\/ expect: (.+)$/.exec(first);
  if (!m) return [];
  const list = m[1].split(',').map((s) => s.trim());
  for (const c of list) assert.ok(c in DIAGNOSTIC_CODES, `${relative(ROOT, file)} expects unknown code '${c}'`);
  return [...new Set(list as DiagnosticCode[])].sort();
}

function codeCounts(list: Diagnostic[]): Map<DiagnosticCode, number> {
  const counts = new Map<DiagnosticCode, number>();
  for (const d of list) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return counts;
}

function raised(ws: Workspace, file: string): DiagnosticCode[] {
  return [...new Set(checkFile(ws, pathToFileURL(file).href).map((d) => d.code))].sort();
}

const examples = readdirSync(DIAGNOSTICS).sort().filter((name) => name.endsWith('.rpa') || statSync(join(DIAGNOSTICS, name)).isDirectory()).map((name) => {
  const path = join(DIAGNOSTICS, name);
  return { name, code: basename(name, '.rpa'), path, files: rpaFiles(path) };
});

describe('examples', () => {
  it('has one example for every diagnostic code, and none for codes that do not exist', () => {
    assert.deepEqual(examples.map((e) => e.code).sort(), Object.keys(DIAGNOSTIC_CODES).sort());
  });

  for (const example of examples) {
    describe(`diagnostics/${example.name}`, () => {
      const ws = () => load(example.files, deploymentStateUnder(example.path));

      it(`raises exactly the codes its files expect, ${example.code} among them`, () => {
        const w = ws();
        assert.ok(example.files.length > 0, 'the example has .rpa files');
        const promised = new Set<DiagnosticCode>();
        for (const file of example.files) {
          const want = expected(file);
          want.forEach((c) => promised.add(c));
          assert.deepEqual(raised(w, file), want, `${relative(ROOT, file)}:\n${diagnostics(w).map((d) => `  ${d.code}: ${d.message}`).join('\n')}`);
        }
        assert.ok(promised.has(example.code as DiagnosticCode), `no file of ${example.name} expects ${example.code}`);
      });

      it('offers fixes that each remove their diagnostic and add none', () => {
        const w = ws();
        const countsBefore = codeCounts(diagnostics(w));
        const problems: string[] = [];
        for (const d of diagnostics(w)) {
          for (const fix of d.fixes ?? []) {
            const after = diagnostics(afterFix(w, fix));
            const countsAfter = codeCounts(after);
            const fixed = (countsAfter.get(d.code) ?? 0) < (countsBefore.get(d.code) ?? 0);
            const added = [...countsAfter].filter(([code, n]) => n > (countsBefore.get(code) ?? 0)).map(([code]) => code);
            if (!fixed || added.length)
              problems.push(`'${fix.title}' on ${d.code}: ${fixed ? '' : `leaves ${d.code}; `}${added.length ? `adds ${added.join(', ')}: ${after.filter((x) => added.includes(x.code)).map((x) => x.message).join(' | ')}` : ''}`);
          }
        }
        assert.deepEqual(problems, []);
      });
    });
  }

  it('offers a quick fix for each code whose fix is mechanical, in its example', () => {
    const withoutFix = new Set(['capacity-exceeded', 'single-license', 'syntax-error', 'unresolved-reference', 'no-default-session-settings']);
    const missing: string[] = [];
    for (const example of examples) {
      if (withoutFix.has(example.code)) continue;
      const w = load(example.files, deploymentStateUnder(example.path));
      const own = diagnostics(w).filter((d) => d.code === example.code);
      if (!own.some((d) => d.fixes?.length)) missing.push(example.code);
    }
    assert.deepEqual(missing, []);
  });

  it('checks examples/workspace completely clean', () => {
    const files = rpaFiles(join(EXAMPLES, 'workspace'));
    assert.ok(files.length >= 4, 'the sample workspace has several files');
    const ws = load(files, undefined);
    const all = diagnostics(ws);
    assert.deepEqual(all.map((d) => `${d.code} ${d.uri}:${d.range.start.line + 1}: ${d.message}`), []);
    assert.ok(ws.allDeclarations('bot').length >= 2 && ws.allDeclarations('agent').length >= 2 && ws.allDeclarations('run').length >= 2);
  });

  it('keeps every expectation when all of examples/ is checked as one workspace (names and IDs do not collide)', () => {
    const files = rpaFiles(EXAMPLES);
    const ws = load(files, deploymentStateUnder(EXAMPLES));
    for (const file of files) assert.deepEqual(raised(ws, file), expected(file), relative(ROOT, file));
  });
});
