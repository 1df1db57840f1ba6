// Agent checks (Sequentum agent sessions): missing-session-timeout, remove-immediately-without-export,
// cleanup-external-not-database, and unknown-input for {placeholder}s and input.NAME, with their fixes.
import * as assert from 'node:assert/strict';
import { MAIN, afterFix, applyFix, expectCodes, expectDiagnostic, expectNo, fixOf, multiAgent, workspace } from './helpers';

const BOOKS = multiAgent('Books');

describe('checks: agents', () => {
  it('accepts a complete multiple-session agent', () => {
    expectCodes(workspace(BOOKS), []);
  });

  describe('missing-session-timeout', () => {
    it('warns on sessions: multiple without a timeout and adds 30m right after it', () => {
      const ws = workspace(BOOKS.replace('  sessionTimeout: 30m\n', ''));
      const d = expectDiagnostic(ws, 'missing-session-timeout', 'multiple');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /never|CloseSession/);
      assert.equal(applyFix(ws, fixOf(d))[MAIN], BOOKS);
    });

    it('keeps a trailing comment on the sessions line', () => {
      const ws = workspace(BOOKS.replace('  sessionTimeout: 30m\n', '').replace('sessions: multiple', 'sessions: multiple   // Support Sessions'));
      const fixed = applyFix(ws, fixOf(expectDiagnostic(ws, 'missing-session-timeout', 'multiple')))[MAIN];
      assert.match(fixed, /sessions: multiple {3}\/\/ Support Sessions\n {2}sessionTimeout: 30m\n/);
    });

    it('says nothing for single-session agents', () => {
      expectNo(workspace(BOOKS.replace('sessions: multiple', 'sessions: single').replace('  sessionTimeout: 30m\n', '')), 'missing-session-timeout');
    });
  });

  describe('remove-immediately-without-export', () => {
    it('flags removeSession: immediately without an export', () => {
      const ws = workspace(BOOKS.replace('  export json "out/{session}.json"\n', '  removeSession: immediately\n'));
      const d = expectDiagnostic(ws, 'remove-immediately-without-export', 'immediately');
      assert.match(d.message, /would be lost/);
      expectCodes(afterFix(ws, fixOf(d)), []);
    });

    it('accepts immediately with an export, and afterTimeout without one', () => {
      expectNo(workspace(BOOKS.replace('sessionTimeout: 30m', 'sessionTimeout: 30m\n  removeSession: immediately')), 'remove-immediately-without-export');
      expectNo(workspace(BOOKS.replace('  export json "out/{session}.json"\n', '  removeSession: afterTimeout\n')), 'remove-immediately-without-export');
    });
  });

  describe('cleanup-external-not-database', () => {
    for (const format of ['csv', 'json', 'script']) {
      it(`warns on cleanupExternalSessionData: true with a ${format} export`, () => {
        const text = BOOKS.replace('export json "out/{session}.json"', `cleanupExternalSessionData: true\n  export ${format} "out/{session}.${format}"`);
        const ws = workspace(text);
        const d = expectDiagnostic(ws, 'cleanup-external-not-database', 'true');
        assert.match(d.message, new RegExp(`with a ${format} export.*only deletes a session's rows from an external database`));
        assert.equal(d.related?.[0].message, `the export is ${format}`);
        expectCodes(afterFix(ws, fixOf(d)), []);
      });
    }

    it('accepts it with a database export, and false with a file export', () => {
      const db = BOOKS.replace('export json "out/{session}.json"', 'cleanupExternalSessionData: true\n  export database "out/books.sqlite"');
      const off = BOOKS.replace('export json', 'cleanupExternalSessionData: false\n  export json');
      expectNo(workspace(db), 'cleanup-external-not-database');
      expectNo(workspace(off), 'cleanup-external-not-database');
    });
  });

  describe('unknown-input', () => {
    it('flags an undeclared placeholder in a URL with did-you-mean and declare fixes', () => {
      const ws = workspace(BOOKS.replace('/{category}/', '/{categry}/'));
      const d = expectDiagnostic(ws, 'unknown-input', 'categry');
      assert.equal(applyFix(ws, fixOf(d, 'Change'))[MAIN], BOOKS);
      const declared = applyFix(ws, fixOf(d, 'Declare'))[MAIN];
      assert.match(declared, /input \{ baseUrl: "http:\/\/127\.0\.0\.1:8080", category: "travel", categry: "" \}/);
    });

    it('flags input.NAME in a field and in a fill value', () => {
      const text = BOOKS.replace('title: attr("h3 a", "title")', 'title: attr("h3 a", "title")\n      cat: input.genre').replace(
        '    open ',
        '    fill "input[name=q]" with input.query\n    open ',
      );
      const ws = workspace(text);
      expectDiagnostic(ws, 'unknown-input', 'genre');
      expectDiagnostic(ws, 'unknown-input', 'query');
    });

    it('flags {session} outside an export path, and placeholders in selectors and log lines', () => {
      const text = BOOKS.replace('    open ', '    log "starting {session}"\n    click "a[href*={page}]"\n    open ');
      const ws = workspace(text);
      expectDiagnostic(ws, 'unknown-input', 'session');
      expectDiagnostic(ws, 'unknown-input', 'page');
    });

    it('creates the input block when the agent has none (multi-line agent)', () => {
      const text = 'agent Lone {\n  steps {\n    open "{site}/index.html"\n  }\n}\n';
      const ws = workspace(text);
      const d = expectDiagnostic(ws, 'unknown-input', 'site');
      assert.match(d.message, /declares no inputs/);
      const fixed = afterFix(ws, fixOf(d));
      assert.equal(fixed.getFile(MAIN)?.text, 'agent Lone {\n  steps {\n    open "{site}/index.html"\n  }\n  input { site: "" }\n}\n');
      expectCodes(fixed, []);
    });

    it('adds the input on its own line in a multi-line input block', () => {
      const text = BOOKS.replace('input { baseUrl: "http://127.0.0.1:8080", category: "travel" }', 'input {\n    baseUrl: "http://127.0.0.1:8080"\n    category: "travel"\n  }').replace('{category}', '{genre}');
      const ws = workspace(text);
      const fixed = applyFix(ws, fixOf(expectDiagnostic(ws, 'unknown-input', 'genre'), 'Declare'))[MAIN];
      assert.match(fixed, /\n {4}category: "travel"\n {4}genre: ""\n {2}\}/);
    });

    it('allows {session} and declared inputs in the export path, and flags other names there', () => {
      expectNo(workspace(BOOKS.replace('"out/{session}.json"', '"out/{category}/{session}.json"')), 'unknown-input');
      expectDiagnostic(workspace(BOOKS.replace('"out/{session}.json"', '"out/{sesion}.json"')), 'unknown-input', 'sesion');
    });

    it('does not treat braces that are not placeholders as inputs', () => {
      expectNo(workspace(BOOKS.replace('"article.product_pod"', '"article.product_pod:not({ })"')), 'unknown-input');
    });
  });
});
