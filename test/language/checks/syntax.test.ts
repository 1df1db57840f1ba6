// syntax-error and parser recovery: every error in a file is reported, each at the offending text,
// and declarations after the errors are still fully checked (schema, linked and session checks).
import * as assert from 'node:assert/strict';
import { diagnostics, expectCodes, expectDiagnostic, expectNo, multiAgent, secureBot, textOf, workspace } from './helpers';

describe('checks: syntax-error and recovery', () => {
  it('reports a missing colon at the gap between key and value', () => {
    const ws = workspace(`${secureBot('B')}\nrun R { bot B, agent: A }\n${multiAgent('A')}`);
    const d = diagnostics(ws).find((x) => x.code === 'syntax-error');
    assert.ok(d, 'a syntax error is reported');
    assert.match(d.message, /':'/);
    assert.equal(d.severity, 'error');
  });

  it('reports an unterminated string and an unexpected character', () => {
    const ws = workspace('bot B {\n  mode: secure\n  host: "WIN-01\n}\n');
    const errors = diagnostics(ws).filter((d) => d.code === 'syntax-error');
    assert.ok(errors.some((d) => /Unterminated string/.test(d.message)), errors.map((d) => d.message).join('\n'));
  });

  it('reports several syntax errors in one file, each at its own place', () => {
    const text = `bot B1 {
  mode: secure
  host: = "x"
}
agent A1 {
  steps {
    open "http://127.0.0.1:8080/"
    jump "nowhere"
  }
}
run R1 {
  bot: B1
  agent: A1
  sessions 2
}
`;
    const ws = workspace(text);
    const errors = diagnostics(ws).filter((d) => d.code === 'syntax-error');
    const lines = new Set(errors.map((d) => d.range.start.line));
    assert.ok(errors.length >= 3, `three or more syntax errors, got:\n${errors.map((d) => d.message).join('\n')}`);
    assert.ok(lines.has(text.split('\n').findIndex((l) => l.includes('host: ='))), 'the bad host line');
    assert.ok(lines.has(text.split('\n').findIndex((l) => l.includes('jump'))), 'the unknown step');
    assert.ok(lines.has(text.split('\n').findIndex((l) => l.includes('sessions 2'))), 'the missing colon');
    for (const d of errors) assert.ok(!/Error:|at .*\.ts/.test(d.message), 'messages are not stack traces');
  });

  it('still fully checks declarations after the errors', () => {
    const text = `bot Broken {
  mode: secure
  host "x" ::
}
agent Scraper {
  sessions: multiple
  steps { open "http://127.0.0.1:8080/{categry}" }
}
bot Later {
  mode: secure
  licensedSecureSessions: 2
  manager { maxSecureSessions: 2, description: "ops" }
  system { terminalServer: true }
  configurator { login { user: "u", password: "plain" } }
}
run Nightly { bot: Later, agent: Scraper, sessions: 5, session "a" { cat: "x" } }
run Nightly { bot: Missing, agent: Scraper }
`;
    const ws = workspace(text);
    assert.ok(diagnostics(ws).some((d) => d.code === 'syntax-error'));
    // Local checks on the declarations after the error.
    expectDiagnostic(ws, 'missing-session-timeout', 'multiple');
    expectDiagnostic(ws, 'unknown-input', 'categry');
    expectDiagnostic(ws, 'plaintext-secret', '"plain"');
    // Linked checks too.
    expectDiagnostic(ws, 'sessions-exceed-limit', '5');
    expectDiagnostic(ws, 'unknown-input', 'cat');
    expectDiagnostic(ws, 'duplicate-declaration', 'Nightly');
    expectDiagnostic(ws, 'unresolved-reference', 'Missing');
  });

  it('does not report syntax errors for a valid file', () => {
    const ws = workspace(`${secureBot('B')}\n${multiAgent('A')}\nrun R { bot: B, agent: A, sessions: 2 }\n`);
    expectNo(ws, 'syntax-error');
    expectCodes(ws, []);
  });

  it('never throws on truncated input and reports the cut-off point', () => {
    const full = `${secureBot('B')}\n${multiAgent('A')}\nrun R { bot: B, agent: A, sessions: 2 }\n`;
    for (const cut of [10, 60, 200, full.length - 3]) {
      const ws = workspace(full.slice(0, cut));
      const errors = diagnostics(ws).filter((d) => d.code === 'syntax-error');
      assert.ok(errors.length >= 1, `a syntax error for the text cut at ${cut}`);
      for (const d of errors) textOf(ws, d); // ranges are consistent with the text
    }
  });
});
