// Completion over a real stdio LSP connection: keywords and snippets, properties of the current
// block, enum values, bot and agent names from other files, inputs, steps and field expressions.
import * as assert from 'node:assert/strict';
import { CompletionRequest, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-protocol/node';
import { useServer } from './use-server';

const CURSOR = '<|>';

describe('server: completion', function () {
  const { ws, client } = useServer();
  let n = 0;

  /** Opens a new document holding `text` (with `<|>` marking the cursor) and completes there. */
  async function complete(text: string): Promise<CompletionItem[]> {
    const at = text.indexOf(CURSOR);
    assert.ok(at >= 0, 'the text marks the cursor with <|>');
    const clean = text.replace(CURSOR, '');
    const before = clean.slice(0, at);
    const position = { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
    const uri = ws.uri(`scratch-${++n}.rpa`);
    await client.open(uri, clean);
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    await client.close(uri);
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();

  it('offers bot, agent and run keywords and snippets at the top level', async () => {
    const items = await complete(`${CURSOR}\n`);
    for (const k of ['bot', 'agent', 'run']) assert.ok(items.some((i) => i.label === k), k);
    const snippet = items.find((i) => i.label === 'run (new run)');
    assert.equal(snippet?.insertTextFormat, InsertTextFormat.Snippet);
    assert.match(snippet?.textEdit?.newText ?? '', /bot: \$\{2\|FinanceBot,ReportsBot\|\}/);
    assert.ok(items.some((i) => i.label === 'bot (new bot)') && items.some((i) => i.label === 'agent (new agent)'));
  });

  it("offers the block's properties that are not set yet, with their documentation", async () => {
    const items = await complete(`bot CompletionBot {\n  mode: secure\n  ${CURSOR}\n  host: "WIN-1"\n}\n`);
    assert.deepEqual(labels(items), ['configurator', 'licensedSecureSessions', 'manager', 'system']);
    assert.deepEqual(labels(await complete(`bot TypingBot {\n  mode: secure\n  ho${CURSOR}\n}\n`)), ['configurator', 'host', 'licensedSecureSessions', 'manager', 'system']);
    assert.deepEqual(labels(await complete(`bot InlineBot { mode: secure, manager { description: "x", ${CURSOR} } }\n`)), ['maxSecureSessions']);
    const doc = items.find((i) => i.label === 'licensedSecureSessions')?.documentation;
    assert.match(typeof doc === 'object' ? doc.value : String(doc), /sign the bot user out/);
  });

  it('offers the properties of a nested block', async () => {
    const items = await complete(`bot NestedBot {\n  configurator {\n    ${CURSOR}\n  }\n}\n`);
    assert.deepEqual(labels(items), ['login', 'maxSecureSessions']);
  });

  it("ranks the values that fit first: a run's mode is its bot's, removeSession without export is afterTimeout", async () => {
    const first = (items: CompletionItem[]) => [...items].sort((x, y) => (x.sortText ?? x.label).localeCompare(y.sortText ?? y.label))[0]?.label;
    assert.equal(first(await complete(`run RankDesk {\n  bot: ReportsBot\n  mode: ${CURSOR}\n}\n`)), 'desktop');
    assert.equal(first(await complete(`run RankSecure {\n  bot: FinanceBot\n  mode: ${CURSOR}\n}\n`)), 'secure');
    assert.equal(first(await complete(`agent RankAgent {\n  removeSession: ${CURSOR}\n}\n`)), 'afterTimeout');
  });

  it("puts a space between ':' and the value accepted right after it", async () => {
    const items = await complete(`run SpaceRun {\n  bot: FinanceBot\n  mode:${CURSOR}\n}\n`);
    const secure = items.find((i) => i.label === 'secure');
    assert.equal(secure?.textEdit?.newText, ' secure');
    const typed = (await complete(`run TypedRun {\n  bot: FinanceBot\n  mode:se${CURSOR}\n}\n`)).find((i) => i.label === 'secure');
    assert.equal(typed?.textEdit?.newText, ' secure');
    assert.equal(typed?.filterText, 'secure');
    const spaced = (await complete(`run SpacedRun {\n  bot: FinanceBot\n  mode: ${CURSOR}\n}\n`)).find((i) => i.label === 'secure');
    assert.equal(spaced?.textEdit?.newText, 'secure');
  });

  it('offers enum values after key:', async () => {
    assert.deepEqual(labels(await complete(`bot EnumBot {\n  mode: ${CURSOR}\n}\n`)), ['desktop', 'secure']);
    assert.deepEqual(labels(await complete(`agent EnumAgent {\n  removeSession: ${CURSOR}\n}\n`)), ['afterTimeout', 'immediately']);
  });

  it('offers the bot and agent names declared in every file', async () => {
    assert.deepEqual(labels(await complete(`run R1 {\n  bot: ${CURSOR}\n}\n`)), ['FinanceBot', 'ReportsBot']);
    assert.deepEqual(labels(await complete(`run R2 {\n  agent: Bo${CURSOR}\n}\n`)), ['BookScraper']);
  });

  it("offers the effective limit for a run's sessions", async () => {
    const items = await complete(`run R3 {\n  bot: FinanceBot\n  sessions: ${CURSOR}\n}\n`);
    assert.equal(items[0]?.label, '3');
    assert.match(items[0]?.detail ?? '', /effective limit of bot FinanceBot/);
  });

  it('offers input names inside {…} in strings and as keys of session entries', async () => {
    const placeholder = await complete(`agent A1 {\n  input { site: "x", page: "1" }\n  steps {\n    open "{${CURSOR}"\n  }\n}\n`);
    assert.deepEqual(labels(placeholder), ['page', 'site']);
    assert.equal(placeholder.find((i) => i.label === 'site')?.textEdit?.newText, 'site}');
    const entry = await complete(`run R4 {\n  bot: FinanceBot\n  agent: BookScraper\n  session "x-1" { ${CURSOR} }\n}\n`);
    assert.deepEqual(labels(entry), ['baseUrl', 'category']);
  });

  it('offers {session} in export paths', async () => {
    const items = await complete(`agent A2 {\n  export json "out/{${CURSOR}}.json"\n}\n`);
    assert.ok(items.some((i) => i.label === 'session'), JSON.stringify(labels(items)));
    assert.equal(items.find((i) => i.label === 'session')?.textEdit?.newText, 'session');
  });

  it('offers step keywords as snippets inside steps', async () => {
    const items = await complete(`agent A3 {\n  steps {\n    ${CURSOR}\n  }\n}\n`);
    assert.deepEqual(labels(items), ['click', 'extract', 'fill', 'log', 'open', 'paginate', 'submit', 'visit', 'wait']);
    assert.equal(items.find((i) => i.label === 'paginate')?.detail, 'paginate next SELECTOR max N { … }');
    assert.deepEqual(labels(await complete(`agent A4 {\n  steps {\n    paginate ${CURSOR}\n  }\n}\n`)), ['next']);
  });

  it('offers field expressions, members and as-types inside extract', async () => {
    const body = (line: string) => `agent A5 {\n  input { shop: "x" }\n  steps {\n    extract d {\n      ${line}\n    }\n  }\n}\n`;
    assert.deepEqual(labels(await complete(body(`title: ${CURSOR}`))), ['attr', 'exists', 'html', 'input', 'login', 'session', 'text', 'url']);
    assert.deepEqual(labels(await complete(body(`shop: input.${CURSOR}`))), ['shop']);
    assert.deepEqual(labels(await complete(body(`who: login.${CURSOR}`))), ['password', 'user']);
    assert.deepEqual(labels(await complete(body(`id: session.${CURSOR}`))), ['id']);
    assert.deepEqual(labels(await complete(body(`price: text(".p") as ${CURSOR}`))), ['boolean', 'date', 'integer', 'number']);
    assert.deepEqual(labels(await complete(body(`price: text(".p") ${CURSOR}`))), ['as']);
  });

  it('offers export formats and nothing inside comments', async () => {
    assert.deepEqual(labels(await complete(`agent A6 {\n  export ${CURSOR}\n}\n`)), ['csv', 'database', 'json', 'script']);
    assert.deepEqual(await complete(`bot B7 {\n  // mode: ${CURSOR}\n}\n`), []);
  });
});
