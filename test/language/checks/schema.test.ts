// Schema checks: unknown-property (with did-you-mean), invalid-value for properties, duplicate-property
// and missing-property (bot mode; run bot and agent; agent steps), with their quick fixes.
import * as assert from 'node:assert/strict';
import { MAIN, applyFix, expectCodes, expectDiagnostic, expectNo, fixOf, multiAgent, secureBot, workspace } from './helpers';

const CLEAN = `${secureBot('B')}\n${multiAgent('A')}\nrun R { bot: B, agent: A, sessions: 2, timeout: 10m }\n`;

describe('checks: schema', () => {
  it('accepts a complete, valid workspace', () => {
    expectCodes(workspace(CLEAN), []);
  });

  describe('unknown-property', () => {
    it('flags a misspelt key and fixes it to the closest property', () => {
      const ws = workspace(CLEAN.replace('timeout: 10m', 'timout: 10m'));
      const d = expectDiagnostic(ws, 'unknown-property', 'timout');
      assert.match(d.message, /Did you mean 'timeout'/);
      assert.match(applyFix(ws, fixOf(d))[MAIN], /run R \{ bot: B, agent: A, sessions: 2, timeout: 10m \}/);
    });

    it('flags a property that belongs to another block, listing what is allowed', () => {
      const ws = workspace(CLEAN.replace('sessionTimeout: 30m', 'sessionTimeout: 30m\n  ramGb: 4'));
      const d = expectDiagnostic(ws, 'unknown-property', 'ramGb');
      assert.match(d.message, /not a property of agent/);
    });

    it('does not flag any key inside an input block', () => {
      expectNo(workspace(CLEAN.replace('category: "travel"', 'category: "travel", anything: 3')), 'unknown-property');
    });
  });

  describe('invalid-value', () => {
    it('flags an unknown enum word and suggests the closest', () => {
      const ws = workspace(CLEAN.replace('mode: secure', 'mode: secur'));
      const d = expectDiagnostic(ws, 'invalid-value', 'secur');
      assert.match(applyFix(ws, fixOf(d))[MAIN], /mode: secure\n/);
    });

    it('flags sessions below 1 and a duration without unit', () => {
      const ws = workspace(CLEAN.replace('sessions: 2', 'sessions: 0').replace('timeout: 10m', 'timeout: 10'));
      expectDiagnostic(ws, 'invalid-value', '0');
      const d = expectDiagnostic(ws, 'invalid-value', '10');
      assert.equal(fixOf(d).edits[0].newText, '10s');
    });

    it('flags a bad duration and a quoted number', () => {
      const ws = workspace(CLEAN.replace('sessionTimeout: 30m', 'sessionTimeout: 30x').replace('ramGb: 64', 'ramGb: "64"'));
      expectDiagnostic(ws, 'invalid-value', '30x');
      const d = expectDiagnostic(ws, 'invalid-value', '"64"');
      assert.equal(fixOf(d).edits[0].newText, '64');
    });

    it('does not flag valid values', () => {
      expectNo(workspace(CLEAN), 'invalid-value');
    });
  });

  describe('duplicate-property', () => {
    it('flags the second occurrence, points at the first and removes it', () => {
      const ws = workspace(CLEAN.replace('timeout: 10m', 'timeout: 10m, timeout: 5m'));
      const d = expectDiagnostic(ws, 'duplicate-property', 'timeout');
      assert.ok(d.related?.[0].range.start.offset !== undefined && d.related[0].range.start.offset < d.range.start.offset);
      assert.match(applyFix(ws, fixOf(d))[MAIN], /timeout: 10m \}/);
    });

    it('does not flag the same key in different blocks', () => {
      expectNo(workspace(CLEAN), 'duplicate-property');
    });
  });

  describe('missing-property', () => {
    it('flags a bot without mode and a run without bot or agent', () => {
      const ws = workspace(CLEAN.replace('  mode: secure\n', '').replace('bot: B, ', ''));
      const bot = expectDiagnostic(ws, 'missing-property', 'B');
      assert.match(bot.message, /'mode'/);
      const run = expectDiagnostic(ws, 'missing-property', 'R');
      assert.match(run.message, /'bot'/);
    });

    it('flags an agent without steps', () => {
      const text = 'agent Empty {\n  sessions: single\n}\n';
      const d = expectDiagnostic(workspace(text), 'missing-property', 'Empty');
      assert.match(d.message, /steps/);
    });

    it('does not flag optional properties that are absent', () => {
      expectNo(workspace(CLEAN.replace('timeout: 10m', '')), 'missing-property');
    });
  });
});
