// Quick fixes with snippets over a real stdio LSP connection: a client that takes snippet edits gets
// a choice of the declared agents and a placeholder step; the plain text of each applies cleanly.
import * as assert from 'node:assert/strict';
import { CodeActionKind, CodeActionRequest, type CodeAction, type SnippetTextEdit, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { CAPABILITIES } from './lsp-client';
import { TempWorkspace } from './temp-workspace';
import { useServer } from './use-server';

const agent = (name: string) => `agent ${name} {\n  sessions: single\n  steps { open "http://127.0.0.1/" }\n}\n`;

const FILES: Record<string, string> = {
  'bots.rpa': 'bot Desk {\n  mode: desktop\n  configurator { login { user: "u", password: secret("P") } }\n  manager { description: "ops" }\n}\n',
  'agents.rpa': ['Alpha', 'Beta', 'Gamma', 'Delta'].map(agent).join('\n') + 'agent Empty {\n  sessions: single\n}\n',
  'runs.rpa': 'run NoAgent {\n  bot: Desk\n}\n',
};

describe('server: quick fixes as snippets', function () {
  const capabilities = { ...CAPABILITIES, workspace: { ...CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, snippetEditSupport: true } } };
  const { ws, client } = useServer({ workspace: () => new TempWorkspace(FILES), capabilities });

  async function actions(rel: string, message: RegExp): Promise<CodeAction[]> {
    const uri = ws.uri(rel);
    await client.diagnostics(uri, (d) => d.some((x) => message.test(String(x.message))));
    const diagnostic = client.latestDiagnostics(uri)?.find((x) => message.test(String(x.message)));
    assert.ok(diagnostic);
    const result = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: [CodeActionKind.QuickFix] },
    });
    return (result ?? []) as CodeAction[];
  }

  function snippetOf(action: CodeAction | undefined): string {
    const change = action?.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
    const edit = change?.edits[0] as SnippetTextEdit | undefined;
    assert.ok(edit?.snippet, JSON.stringify(action?.edit));
    return edit.snippet.value;
  }

  it("offers the declared agents that fit as one choice for 'Add agent'", async () => {
    const list = await actions('runs.rpa', /has no 'agent'/);
    assert.deepEqual(list.map((a) => a.title), ["Add 'agent' (one of 5 agents)"]);
    assert.equal(snippetOf(list[0]), '  agent: ${1|Alpha,Beta,Delta,Empty,Gamma|}\n');
  });

  it("adds 'steps' with a placeholder step", async () => {
    const list = await actions('agents.rpa', /has no 'steps'/);
    assert.deepEqual(list.map((a) => a.title), ["Add 'steps'"]);
    assert.equal(snippetOf(list[0]), '\n  steps {\n    ${1:open "https://example.com/"}\n  \\}');
  });
});
