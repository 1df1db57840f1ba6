// The server and `check` agree on what a workspace is, over a real stdio LSP connection: the same
// .rpa files (nothing under dist/ or hidden folders) and the same bot state files (`.rpa/bots.json`
// in a file's folder or any parent up to the workspace folder), so they report the same diagnostics.
import * as assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { REPO, parseCheckJson, runCli } from '../cli/cli-harness';
import { TempWorkspace } from './temp-workspace';
import { useServer } from './use-server';

const STALE_COPY = '// a build output copy\nbot ModeSwitchBot {\n  mode: desktop\n}\nrun OnlyInDist {\n  bot: Nowhere\n  agent: Nothing\n}\n';

function workspace(): TempWorkspace {
  const ws = new TempWorkspace({ 'dist/stale.rpa': STALE_COPY, '.hidden/stale.rpa': STALE_COPY });
  cpSync(join(REPO, 'examples', 'diagnostics'), join(ws.dir, 'diagnostics'), { recursive: true });
  return ws;
}

function deployedState(bot: string, mode: string): string {
  return JSON.stringify({ version: 1, bots: { [bot]: { mode, deployments: [{ run: 'Later', mode, deployedAt: 1 }], console: 'logged-out', userSession: 'signed-out' } } });
}

describe('server: the same workspace as check', function () {
  const { ws, client } = useServer({ workspace });

  it('reports exactly what check reports, file by file, with deployments read from a sub-folder', async () => {
    const report = parseCheckJson((await runCli(['check', '--format', 'json', '.'], { cwd: ws.dir })).stdout);
    const byFile = new Map<string, string[]>();
    for (const d of report.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), `${d.line}:${d.code}`]);
    assert.ok(byFile.get('diagnostics/mode-switch-while-deployed/bot.rpa')?.some((x) => x.endsWith(':mode-switch-while-deployed')), 'check reads the sub-folder state');
    assert.ok(![...byFile.keys()].some((f) => f.includes('stale')), 'check skips dist/ and hidden folders');
    for (const [file, want] of byFile) {
      const got = await client.diagnostics(ws.uri(file), (d) => d.map((x) => `${x.range.start.line + 1}:${x.code}`).sort().join() === [...want].sort().join());
      assert.equal(got.length, want.length, file);
    }
    assert.equal(client.latestDiagnostics(ws.uri('dist/stale.rpa')), undefined, 'nothing under dist/ is indexed');
    assert.equal(client.latestDiagnostics(ws.uri('.hidden/stale.rpa')), undefined, 'nothing under a hidden folder is indexed');
  });

  it('follows a state file created in a sub-folder', async () => {
    const uri = ws.write('team/bot.rpa', 'bot TeamBot {\n  mode: desktop\n  manager { description: "ops" }\n}\n');
    await client.filesChanged([{ uri, type: FileChangeType.Created }]);
    await client.codes(uri, []);
    const stateUri = ws.write('team/.rpa/bots.json', deployedState('TeamBot', 'secure'));
    await client.filesChanged([{ uri: stateUri, type: FileChangeType.Created }]);
    await client.codes(uri, ['mode-switch-while-deployed']);
  });

  it('ignores a .rpa file created under dist/', async () => {
    const uri = ws.write('dist/later.rpa', 'run Later {\n  bot: Nowhere\n  agent: Nothing\n}\n');
    await client.filesChanged([{ uri, type: FileChangeType.Created }]);
    const probe = ws.write('probe.rpa', 'bot Probe {\n  mode: desktop\n}\n');
    await client.filesChanged([{ uri: probe, type: FileChangeType.Created }]);
    await client.codes(probe, ['missing-description']);
    assert.equal(client.latestDiagnostics(uri), undefined);
  });
});
