// Diagnostics over a real stdio LSP connection: the workspace indexed from disk at start, checks as
// you type across files, files created and deleted on disk, supersession of rapid edits.
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity, FileChangeType } from 'vscode-languageserver-protocol/node';
import { StatusRequest } from '../../server/src/protocol';
import { messageOf } from './lsp-client';
import { AGENTS, BOTS, RUNS, TempWorkspace } from './temp-workspace';
import { useServer } from './use-server';

describe('server: diagnostics', function () {
  const { ws, client } = useServer({
    workspace: () =>
      TempWorkspace.sample({
        'broken/unresolved.rpa': 'run Orphan {\n  bot: GhostBot\n  agent: BookScraper\n  sessions: 1\n}\n',
      }),
    scope: 'test',
  });

  it('indexes every .rpa file under the folder at start and publishes diagnostics for files not open', async () => {
    const diags = await client.codes(ws.uri('broken/unresolved.rpa'), ['unresolved-reference']);
    assert.equal(diags[0].severity, DiagnosticSeverity.Error);
    assert.equal(diags[0].source, 'rpa');
    assert.match(messageOf(diags[0]), /GhostBot/);
    const status = await client.connection.sendRequest(StatusRequest);
    assert.equal(status.indexed, true);
    assert.equal(status.files, 4);
    // The sample files check clean: only their infos (none) or nothing at all is published for them.
    for (const rel of ['bots.rpa', 'agents/books.rpa', 'runs.rpa']) {
      const published = client.latestDiagnostics(ws.uri(rel));
      assert.deepEqual(published?.filter((d) => d.severity !== DiagnosticSeverity.Information) ?? [], [], rel);
    }
  });

  it('checks a document as it is typed, with incremental changes', async () => {
    const uri = ws.uri('runs.rpa');
    await client.open(uri, RUNS);
    await client.edit(uri, 'sessions: 3', 'sessions: 9');
    const [d] = await client.codes(uri, ['sessions-exceed-limit']);
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.deepEqual(d.range.start, { line: 5, character: 12 });
    await client.edit(uri, 'sessions: 9', 'sessions: 2');
    await client.codes(uri, []);
  });

  it("updates another file's diagnostics when an edit renames the bot its run names", async () => {
    const bots = ws.uri('bots.rpa');
    const runs = ws.uri('runs.rpa');
    await client.open(bots, BOTS);
    await client.edit(bots, 'bot FinanceBot', 'bot LedgerBot');
    const diags = await client.codes(runs, ['unresolved-reference', 'unresolved-reference']);
    assert.ok(diags.every((d) => messageOf(d).includes('FinanceBot')));
    assert.ok(client.inlayRefreshes > 0, 'inlay hints (limits read from other files) are refreshed');
    await client.edit(bots, 'bot LedgerBot', 'bot FinanceBot');
    await client.codes(runs, []);
  });

  it('re-checks other files only when an edit can affect them, and re-publishes only changes', async () => {
    const agents = ws.uri('agents/books.rpa');
    const others = [ws.uri('bots.rpa'), ws.uri('runs.rpa'), ws.uri('broken/unresolved.rpa')];
    await client.waitFor('the first check pass to end', () => client.statuses.find((s) => s.indexed));
    const before = client.published.filter((p) => others.includes(p.uri)).length;
    await client.open(agents, AGENTS);
    // Inside steps: nothing another file's checks read changes, so only this file is re-checked.
    let version = await client.edit(agents, 'exists(".instock.availability")', 'exist(".instock")');
    await client.diagnostics(agents, (_d, p) => p.version === version);
    let status = await client.connection.sendRequest(StatusRequest);
    assert.equal(status.lastPass?.files, 1);
    // The agent's inputs: runs in other files may use them, so every file is re-checked...
    version = await client.edit(agents, 'category: "travel" }', 'category: "travel", sort: asc }');
    await client.diagnostics(agents, (_d, p) => p.version === version);
    status = await client.connection.sendRequest(StatusRequest);
    assert.equal(status.lastPass?.files, 4);
    // ...but their diagnostics did not change, so nothing was sent for them.
    assert.equal(client.published.filter((p) => others.includes(p.uri)).length, before);
  });

  it('publishes related information and Information severity for infos', async () => {
    const uri = ws.uri('dup.rpa');
    await client.open(uri, BOTS.replace('licensedSecureSessions: 4', 'licensedSecureSessions: 1').replace(/maxSecureSessions: \d/g, 'maxSecureSessions: 1'));
    const diags = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'duplicate-declaration') && d.some((x) => x.code === 'single-license'));
    const single = diags.find((d) => d.code === 'single-license');
    assert.equal(single?.severity, DiagnosticSeverity.Information);
    const dup = diags.find((d) => d.code === 'duplicate-declaration');
    assert.ok(dup?.relatedInformation?.some((r) => r.location.uri === ws.uri('bots.rpa')), JSON.stringify(dup));
  });

  it('picks up files created and deleted on disk (workspace/didChangeWatchedFiles)', async () => {
    const orphan = ws.uri('broken/unresolved.rpa');
    await client.codes(orphan, ['unresolved-reference']);
    const created = ws.write(
      'more/ghost.rpa',
      'bot GhostBot {\n  mode: desktop\n  configurator { login { user: "u", password: secret("GHOST") } }\n  manager { description: "d" }\n}\n',
    );
    await client.filesChanged([{ uri: created, type: FileChangeType.Created }]);
    await client.codes(orphan, []);
    await client.codes(created, []);
    ws.remove('more/ghost.rpa');
    await client.filesChanged([{ uri: created, type: FileChangeType.Deleted }]);
    await client.codes(orphan, ['unresolved-reference']);
    assert.equal((await client.connection.sendRequest(StatusRequest)).files, 4);
  });

  it('picks up a file renamed on disk, and a folder deleted with its files', async () => {
    const orphan = ws.uri('broken/unresolved.rpa');
    await client.codes(orphan, ['unresolved-reference']);
    const moved = ws.write('fixed/orphan.rpa', 'run Orphan {\n  bot: GhostBot\n  agent: BookScraper\n  sessions: 1\n}\n');
    ws.remove('broken');
    await client.filesChanged([
      { uri: ws.uri('broken'), type: FileChangeType.Deleted },
      { uri: moved, type: FileChangeType.Created },
    ]);
    await client.codes(orphan, []);
    await client.codes(moved, ['unresolved-reference']);
    assert.equal((await client.connection.sendRequest(StatusRequest)).files, 4);
  });

  it('registers a watcher for .rpa files when the client supports dynamic registration', async () => {
    const reg = await client.waitFor('a didChangeWatchedFiles registration', () =>
      client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'),
    );
    const globs = (reg.registerOptions as { watchers: Array<{ globPattern: string }> }).watchers.map((w) => w.globPattern);
    assert.ok(globs.includes('**/*.rpa'), globs.join());
  });

  it('reflects only the last text after several rapid edits', async () => {
    const uri = ws.uri('agents/books.rpa');
    await client.open(uri, AGENTS);
    await client.edit(uri, 'sessionTimeout: 30m', 'sessionTimeout: 30');
    await client.edit(uri, 'removeSession: afterTimeout', 'removeSession: later');
    await client.edit(uri, 'sessionTimeout: 30', 'sessionTimeout: 30m');
    const last = await client.edit(uri, 'removeSession: later', 'removeSession: immediatly');
    const diags = await client.diagnostics(uri, (_d, p) => p.version === last);
    assert.deepEqual(diags.map((d) => d.code), ['invalid-value']);
    assert.match(messageOf(diags[0]), /immediatly/);
    assert.match(messageOf(diags[0]), /Did you mean 'immediately'\?/);
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions are published in order');
  });
});
