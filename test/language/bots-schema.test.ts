// The JSON schema VS Code validates .rpa/bots.json with (schemas/bots.schema.json) says what the bot
// state codec reads: the same fields, required ones and allowed values, so the editor never disagrees.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_STATES, MODES, parseBotStateFile, serializeBotStateFile, USER_SESSIONS } from '../../language/src/bot-state/bot-state-codec';

interface SchemaNode {
  enum?: string[];
  required?: string[];
  properties?: Record<string, SchemaNode & { $ref?: string }>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
}
const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'bots.schema.json'), 'utf8')) as SchemaNode & { definitions: Record<string, SchemaNode> };
const bot = schema.definitions.bot;

describe('the JSON schema of .rpa/bots.json', () => {
  it('allows exactly the values the codec accepts', () => {
    assert.deepEqual(schema.definitions.mode.enum, [...MODES]);
    assert.deepEqual(bot.properties?.console.enum, [...CONSOLE_STATES]);
    assert.deepEqual(bot.properties?.userSession.enum, [...USER_SESSIONS]);
  });

  it('declares every field a written file has, all of them required', () => {
    const file = parseBotStateFile(
      JSON.stringify({ version: 1, bots: { FinanceBot: { mode: 'secure', deployments: [{ run: 'NightlyBooks', mode: 'secure', deployedAt: 1 }], console: 'open', userSession: 'signed-out' } } }),
      'bots.json',
    );
    const written = JSON.parse(serializeBotStateFile(file)) as { bots: Record<string, Record<string, unknown> & { deployments: Array<Record<string, unknown>> }> };
    assert.deepEqual(Object.keys(written).sort(), [...(schema.required ?? [])].sort());
    const b = written.bots.FinanceBot;
    assert.deepEqual(Object.keys(b).sort(), [...(bot.required ?? [])].sort());
    assert.deepEqual(Object.keys(b.deployments[0]).sort(), [...(bot.properties?.deployments.items?.required ?? [])].sort());
  });

  it('refuses every field the codec would refuse to read', () => {
    assert.equal(schema.additionalProperties, false);
    assert.equal(bot.additionalProperties, false);
    assert.equal(bot.properties?.deployments.items?.additionalProperties, false);
    assert.throws(() => parseBotStateFile(JSON.stringify({ version: 1, bots: { B: { mode: 'turbo', deployments: [], console: 'open', userSession: 'signed-out' } } }), 'bots.json'), /mode must be "desktop" or "secure"/);
  });
});
