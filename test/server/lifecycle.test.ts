// The server's lifecycle and protocol over real connections: stdio and Node IPC transports, usage
// errors, cancellation, status notifications, closing documents, the bot state file, folder changes.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  CancellationTokenSource,
  CodeLensRequest,
  HoverRequest,
  createProtocolConnection,
  DidChangeWorkspaceFoldersNotification,
  DocumentFormattingRequest,
  ExitNotification,
  FileChangeType,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  LSPErrorCodes,
  ReferencesRequest,
  ResponseError,
  ShutdownRequest,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { messageOf, position, SERVER, withTimeout } from './lsp-client';
import { BOTS, RUNS, TempWorkspace } from './temp-workspace';
import { useServer } from './use-server';

/** Asks `probe` again (bounded: 100 times, 50 ms apart) until it holds: for answers the server only gives on request. */
async function eventually(what: string, probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${what} never came`);
}

function exitOf(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('server: lifecycle and protocol', function () {
  it('starts over Node IPC (--node-ipc), as VS Code runs it, and exits cleanly', async () => {
    const child = spawn(process.execPath, [SERVER, '--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const exited = exitOf(child);
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      const init = await withTimeout(
        connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} }),
        15_000,
        () => 'initialize over IPC',
      );
      assert.equal(init.capabilities.hoverProvider, true);
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      assert.equal(await withTimeout(exited, 5000, () => 'exit over IPC'), 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      connection.dispose();
    }
  });

  it('says how to start it when no transport is given', async () => {
    const child = spawn(process.execPath, [SERVER], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    assert.equal(await withTimeout(exitOf(child), 10_000, () => 'exit without transport'), 2);
    assert.match(stderr, /--stdio/);
    assert.match(stderr, /--node-ipc/);
  });

  describe('with the sample workspace', () => {
    const { ws, client } = useServer({ scope: 'test' });

    it('answers a cancelled request with RequestCancelled', async () => {
      // Formatting a large document keeps the server busy, so the cancellation is read before the
      // request it cancels is dispatched, whatever the timing of the two writes.
      const big = ws.uri('big.rpa');
      await client.open(big, Array.from({ length: 400 }, (_, i) => BOTS.replace(/FinanceBot/g, `Bot${i}`).replace(/ReportsBot/g, `Desk${i}`)).join('\n'));
      const busy = client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: big }, options: { tabSize: 2, insertSpaces: true } });
      const source = new CancellationTokenSource();
      const params = { textDocument: { uri: ws.uri('bots.rpa') }, position: position(BOTS, 'FinanceBot'), context: { includeDeclaration: true } };
      const pending = client.connection.sendRequest(ReferencesRequest.type, params, source.token);
      source.cancel();
      await assert.rejects(pending, (err: unknown) => err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled);
      await busy;
      const answered = await client.connection.sendRequest(ReferencesRequest.type, params);
      assert.equal(answered?.length, 3, 'the same request uncancelled is answered');
    });

    it('announces its status once the workspace is indexed and checked', async () => {
      const status = await client.waitFor('a status notification', () => client.statuses.find((s) => s.indexed));
      assert.deepEqual(
        { indexed: status.indexed, files: status.files, errors: status.errors, warnings: status.warnings, infos: status.infos },
        { indexed: true, files: 3, errors: 0, warnings: 0, infos: 0 },
      );
      assert.equal(status.lastPass?.files, 3, 'the first pass checks every file');
    });

    it('goes back to the text on disk when a document is closed without saving', async () => {
      const uri = ws.uri('runs.rpa');
      await client.open(uri, RUNS);
      await client.edit(uri, 'agent: BookScraper', 'agent: NoSuchAgent');
      await client.codes(uri, ['unresolved-reference']);
      await client.close(uri);
      await client.codes(uri, []);
    });

    it('drops a document that exists nowhere on disk when it is closed', async () => {
      const uri = ws.uri('unsaved.rpa');
      await client.open(uri, 'run Unsaved {\n  bot: NoBot\n  agent: BookScraper\n}\n');
      await client.diagnostics(uri, (d) => d.some((x) => x.code === 'unresolved-reference'));
      await client.close(uri);
      await client.codes(uri, []);
    });

    it('reads deployments from .rpa/bots.json and follows changes to it', async () => {
      const state = (mode: string) =>
        JSON.stringify({
          version: 1,
          bots: { FinanceBot: { mode, deployments: [{ run: 'NightlyBooks', mode, deployedAt: 1 }], console: 'logged-out', userSession: 'signed-out' } },
        });
      const stateUri = ws.write('.rpa/bots.json', state('desktop'));
      await client.filesChanged([{ uri: stateUri, type: FileChangeType.Created }]);
      const [d] = await client.codes(ws.uri('bots.rpa'), ['mode-switch-while-deployed']);
      assert.match(messageOf(d), /NightlyBooks/);
      ws.write('.rpa/bots.json', state('secure'));
      await client.filesChanged([{ uri: stateUri, type: FileChangeType.Changed }]);
      await client.codes(ws.uri('bots.rpa'), []);
      ws.write('.rpa/bots.json', '{ not json');
      await client.filesChanged([{ uri: stateUri, type: FileChangeType.Changed }]);
      const warning = await client.waitFor('a warning about the bot state', () => client.messages.find((m) => /bots\.json/.test(m.message)));
      assert.match(warning.message, /is not valid/);
    });

    it('shows Undeploy on a deployed run and the deployments in its bot\'s hover, following the state file', async () => {
      const lensTitles = async () =>
        ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: ws.uri('runs.rpa') } })) ?? []).map((l) => `${l.command?.arguments?.[1]}:${l.command?.title}`);
      const botHover = async () => {
        const r = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: ws.uri('bots.rpa') }, position: position(BOTS, 'FinanceBot', 2) });
        return typeof r?.contents === 'object' && 'value' in r.contents ? r.contents.value : '';
      };
      const stateUri = ws.write(
        '.rpa/bots.json',
        JSON.stringify({ version: 1, bots: { FinanceBot: { mode: 'secure', deployments: [{ run: 'NightlyBooks', mode: 'secure', deployedAt: 1 }], console: 'logged-out', userSession: 'signed-out' } } }),
      );
      await client.filesChanged([{ uri: stateUri, type: FileChangeType.Changed }]);
      await eventually('the Undeploy lens', async () => (await lensTitles()).includes('NightlyBooks:Undeploy'));
      const titles = await lensTitles();
      assert.ok(titles.includes('QuickBooks:Deploy') && !titles.includes('NightlyBooks:Deploy'), titles.join(', '));
      assert.match(await botHover(), /Deployed: NightlyBooks \(secure mode\)/);
      ws.write('.rpa/bots.json', JSON.stringify({ version: 1, bots: {} }));
      await client.filesChanged([{ uri: stateUri, type: FileChangeType.Changed }]);
      await eventually('the Deploy lens again', async () => (await lensTitles()).includes('NightlyBooks:Deploy'));
      assert.match(await botHover(), /Deployed: nothing/);
    });

    it('indexes workspace folders added later and forgets removed ones', async () => {
      const other = new TempWorkspace({ 'extra.rpa': 'run Extra {\n  bot: FinanceBot\n  agent: MissingAgent\n}\n' });
      try {
        const folder = { uri: URI.file(other.dir).toString(), name: 'other' };
        await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [folder], removed: [] } });
        await client.diagnostics(other.uri('extra.rpa'), (d) => d.some((x) => x.code === 'unresolved-reference'));
        await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [folder] } });
        await client.codes(other.uri('extra.rpa'), []);
      } finally {
        other.cleanup();
      }
    });
  });
});
