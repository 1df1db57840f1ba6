// `rpa-sessions check` on the shipped examples: examples/workspace checks clean, and every entry of
// examples/diagnostics reports exactly the codes its first line announces (`// expect: code, …`).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCheckJson, REPO, runCli } from './cli-harness';

const WORKSPACE = join(REPO, 'examples', 'workspace');
const DIAGNOSTICS = join(REPO, 'examples', 'diagnostics');
const EXPECT = /^\/\/\s*expect:\s*(.*)$/;

function rpaFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === '.rpa' ? [] : rpaFilesUnder(p);
    return e.name.endsWith('.rpa') ? [p] : [];
  });
}

/** The `// expect:` line of an entry: a file's first line, or that of the first file in a folder that has one. */
function expectedCodes(entry: string): string[] | undefined {
  const files = statSync(entry).isDirectory() ? rpaFilesUnder(entry).sort() : [entry];
  for (const f of files) {
    const m = EXPECT.exec(readFileSync(f, 'utf8').split(/\r?\n/, 1)[0]);
    if (m) return m[1].split(',').map((c) => c.trim()).filter((c) => c && c !== 'none');
  }
  return undefined;
}

function entries(): string[] {
  if (!existsSync(DIAGNOSTICS)) return [];
  return readdirSync(DIAGNOSTICS, { withFileTypes: true })
    .filter((e) => (e.isDirectory() && e.name !== '.rpa') || e.name.endsWith('.rpa'))
    .map((e) => e.name)
    .sort();
}

const unique = (codes: string[]) => [...new Set(codes)].sort();

describe('rpa-sessions check: examples', () => {
  it('examples/workspace checks clean (exit 0, nothing reported)', async function () {
    if (!existsSync(WORKSPACE) || !rpaFilesUnder(WORKSPACE).length) this.skip();
    const r = await runCli(['check', '--format', 'json', 'examples/workspace'], { cwd: REPO });
    assert.deepEqual(parseCheckJson(r.stdout).diagnostics, [], r.stderr);
    assert.equal(r.code, 0, r.stderr);
    const text = await runCli(['check', 'examples/workspace'], { cwd: REPO });
    assert.match(text.stdout, /^0 errors, 0 warnings, 0 infos in \d+ files\n$/);
  });

  describe('examples/diagnostics', () => {
    const names = entries();
    if (!names.length) {
      it('has entries', function () {
        this.skip();
      });
    }
    for (const name of names) {
      it(`${name} reports exactly the codes of its "// expect:" line`, async () => {
        const entry = join(DIAGNOSTICS, name);
        const expected = expectedCodes(entry);
        assert.ok(expected, `${name} has no "// expect: code, …" first line`);
        const r = await runCli(['check', '--format', 'json', `examples/diagnostics/${name}`], { cwd: REPO });
        assert.notEqual(r.code, 2, r.stderr);
        const out = parseCheckJson(r.stdout);
        assert.deepEqual(unique(out.diagnostics.map((d) => d.code)), unique(expected), JSON.stringify(out.diagnostics, null, 2));
        const findings = out.summary.errors + out.summary.warnings;
        assert.equal(r.code, findings ? 1 : 0, 'exit 1 exactly when there is an error or warning');
      });
    }
  });
});
