// Quick fixes over a real stdio LSP connection: every mechanical fix a diagnostic carries is offered
// as a code action with the same edits the language core computes, including edits in other files.
import * as assert from 'node:assert/strict';
import { CodeActionKind, CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { checkWorkspace, Workspace } from '../../language/src/index';
import { TempWorkspace } from './temp-workspace';
import { useServer } from './use-server';

const FILES: Record<string, string> = {
  'bots.rpa': `bot FixBot {
  hots: "WIN-RPA-09"
  mode: secure
  licensedSecureSessions: 2
  configurator {
    login { user: "svc", password: "hunter2" }
    maxSecureSessions: 2
  }
  manager { maxSecureSessions: 2, description: "fix bot" }
  system { ramGb: 16, ramPerSessionGb: 4, terminalServer: true }
}
`,
  'agents.rpa': `agent SingleAgent {
  sessions: single
  steps { open "http://127.0.0.1/" }
}

agent MultiAgent {
  sessions: multiple
  input { page: "1" }
  export json "out/{session}.json"
  steps { open "http://127.0.0.1/{page}" }
}
`,
  'runs.rpa': `run WrongMode {
  bot: FixBot
  agent: SingleAgent
  mode: desktop
  sessions: 1
}

run TooMany {
  bot: FixBot
  agent: MultiAgent
  sessions: 9
}

run Parallel {
  bot: FixBot
  agent: SingleAgent
  sessions: 2
}

run UnknownInput {
  bot: FixBot
  agent: MultiAgent
  sessions: 1
  session "p-1" { pagee: "2" }
}
`,
};

describe('server: quick fixes', function () {
  const { ws, client } = useServer({ workspace: () => new TempWorkspace(FILES) });

  before(async () => {
    for (const rel of Object.keys(FILES)) await client.diagnostics(ws.uri(rel), (d) => d.length > 0);
  });

  async function actionsFor(rel: string, code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const uri = ws.uri(rel);
    const diagnostic = client.latestDiagnostics(uri)?.find((d) => d.code === code);
    assert.ok(diagnostic, `${rel} has a ${code} diagnostic: ${JSON.stringify(client.latestDiagnostics(uri)?.map((d) => d.code))}`);
    const result = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: [CodeActionKind.QuickFix] },
    });
    return { diagnostic, actions: (result ?? []) as CodeAction[] };
  }

  const cases: Array<[string, string, string, RegExp]> = [
    ['sets the run’s mode to its bot’s', 'runs.rpa', 'mode-mismatch', /^Change to 'secure'$/],
    ['lowers sessions to the effective limit', 'runs.rpa', 'sessions-exceed-limit', /^Lower to 2$/],
    ['makes the agent support multiple sessions', 'runs.rpa', 'multiple-sessions-not-supported', /^Make agent 'SingleAgent' support multiple sessions$/],
    ['turns a plaintext password into secret(…)', 'bots.rpa', 'plaintext-secret', /^Replace with secret\("/],
    ['adds a sessionTimeout', 'agents.rpa', 'missing-session-timeout', /^Add 'sessionTimeout: 30m'$/],
    ['declares a missing input in the agent', 'runs.rpa', 'unknown-input', /^Declare input 'pagee' in agent 'MultiAgent'$/],
    ['suggests the closest property name', 'bots.rpa', 'unknown-property', /^Change to 'host'$/],
  ];

  for (const [what, rel, code, title] of cases) {
    it(`${what} (${code})`, async () => {
      const { diagnostic, actions } = await actionsFor(rel, code);
      const action = actions.find((a) => title.test(a.title));
      assert.ok(action, `titles: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(action.kind, CodeActionKind.QuickFix);
      assert.deepEqual(action.diagnostics?.map((d) => d.code), [diagnostic.code]);
      assert.ok(Object.keys(action.edit?.changes ?? {}).length > 0);
    });
  }

  it("puts a declared input into the agent's file", async () => {
    const { actions } = await actionsFor('runs.rpa', 'unknown-input');
    const declare = actions.find((a) => a.title.startsWith('Declare input'));
    assert.deepEqual(Object.keys(declare?.edit?.changes ?? {}), [ws.uri('agents.rpa')]);
  });

  it('offers every fix the language core computes, with the same edits', async () => {
    const core = new Workspace();
    for (const [rel, text] of Object.entries(FILES)) core.setFile(ws.uri(rel), text);
    let fixes = 0;
    for (const [uri, diagnostics] of checkWorkspace(core)) {
      for (const d of diagnostics) {
        if (!d.fixes?.length) continue;
        const range = { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } };
        const result = ((await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [] } })) ?? []) as CodeAction[];
        for (const fix of d.fixes) {
          fixes++;
          const action = result.find((a) => a.title === fix.title && a.diagnostics?.[0]?.code === d.code);
          assert.ok(action, `${d.code}: '${fix.title}' among ${result.map((a) => a.title).join(' | ')}`);
          const edits = Object.entries(action.edit?.changes ?? {}).flatMap(([u, list]) => list.map((e) => [u, e.range.start, e.range.end, e.newText]));
          const want = fix.edits.map((e) => [e.uri, { line: e.range.start.line, character: e.range.start.character }, { line: e.range.end.line, character: e.range.end.character }, e.newText]);
          assert.deepEqual(edits, want, fix.title);
          assert.equal(action.isPreferred, fix.preferred);
        }
      }
    }
    assert.ok(fixes >= 8, `the fixture exercises the fixes (${fixes})`);
  });

  it('offers nothing when only other kinds of action are asked for', async () => {
    const diagnostic = client.latestDiagnostics(ws.uri('bots.rpa'))?.[0];
    assert.ok(diagnostic);
    const result = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: ws.uri('bots.rpa') },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: [CodeActionKind.Refactor] },
    });
    assert.deepEqual(result, []);
  });
});
