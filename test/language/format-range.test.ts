// Formatting as edits, the way the language server applies them: whole-document edits that touch only
// whitespace and commas, and range formatting that formats exactly the declarations a selection touches.
import { strict as assert } from 'node:assert';
import { formatEdits, formatRange, type FormatEdit } from '../../language/src/index';
import { applyEdits, formatted } from './format-helpers';

const MESSY = [
  'bot   FinanceBot{mode:secure',
  '        manager{maxSecureSessions:2}}',
  'agent BookScraper {sessions:multiple,',
  '     steps{open "http://127.0.0.1:8080"}}',
  'run Nightly{bot:FinanceBot,agent:BookScraper}',
  '',
].join('\n');

/** Line and character of the first occurrence of `needle` (tests find positions by text). */
function at(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function declarationText(text: string, name: string): string {
  const start = text.search(new RegExp(`(bot|agent|run) ${name}\\b`));
  let depth = 0;
  for (let i = text.indexOf('{', start); i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error(`no declaration ${name}`);
}

function assertOnlyLayout(text: string, edits: readonly FormatEdit[]): void {
  for (const e of edits) {
    assert.match(text.slice(e.range.start.offset, e.range.end.offset), /^[\s,]*$/, 'an edit replaces only whitespace and commas');
    assert.match(e.newText, /^[\s,]*$/, 'an edit writes only whitespace and commas');
  }
}

describe('format: edits for the language server', () => {
  it('whole-document edits turn the text into the formatted text, touching only whitespace and commas', () => {
    const edits = formatEdits(MESSY);
    assert.ok(edits.length > 1, 'several small edits, not one replacement');
    assertOnlyLayout(MESSY, edits);
    assert.equal(applyEdits(MESSY, edits), formatted(MESSY));
  });

  it('gives edits with editor positions that match their offsets', () => {
    for (const e of formatEdits(MESSY)) {
      for (const p of [e.range.start, e.range.end]) {
        const lines = MESSY.split('\n');
        const offset = lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
        assert.equal(offset, p.offset);
      }
    }
  });

  it('needs no edits for a formatted document', () => {
    assert.deepEqual(formatEdits(formatted(MESSY)), []);
  });

  it('keeps CRLF documents CRLF through the edits', () => {
    const crlf = MESSY.replace(/\n/g, '\r\n');
    const out = applyEdits(crlf, formatEdits(crlf));
    assert.equal(out, formatted(MESSY).replace(/\n/g, '\r\n'));
  });

  it('range formatting formats the declaration under the cursor and nothing else', () => {
    const cursor = at(MESSY, 'sessions:multiple');
    const edits = formatRange(MESSY, { start: cursor, end: cursor });
    assertOnlyLayout(MESSY, edits);
    const out = applyEdits(MESSY, edits);
    const clean = formatted(MESSY);
    assert.equal(declarationText(out, 'BookScraper'), declarationText(clean, 'BookScraper'));
    assert.equal(declarationText(out, 'FinanceBot'), declarationText(MESSY, 'FinanceBot'), 'the bot above is untouched');
    assert.equal(declarationText(out, 'Nightly'), declarationText(MESSY, 'Nightly'), 'the run below is untouched');
    assert.equal(formatted(out), clean, 'the result is still the same file');
  });

  it('range formatting formats every declaration a selection touches', () => {
    const edits = formatRange(MESSY, { start: at(MESSY, 'maxSecureSessions'), end: at(MESSY, 'open "http') });
    const out = applyEdits(MESSY, edits);
    const clean = formatted(MESSY);
    assert.equal(declarationText(out, 'FinanceBot'), declarationText(clean, 'FinanceBot'));
    assert.equal(declarationText(out, 'BookScraper'), declarationText(clean, 'BookScraper'));
    assert.equal(declarationText(out, 'Nightly'), declarationText(MESSY, 'Nightly'));
  });

  it('range formatting over the whole document equals whole-document formatting', () => {
    const lines = MESSY.split('\n');
    const edits = formatRange(MESSY, { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: 0 } });
    assert.equal(applyEdits(MESSY, edits), formatted(MESSY));
  });

  it('range formatting between declarations only tidies the space there', () => {
    const text = 'bot A {\n  mode: secure\n}\n\n\n\n// about B\nbot B {\n  mode: secure\n}\n';
    const edits = formatRange(text, { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } });
    assert.equal(applyEdits(text, edits), 'bot A {\n  mode: secure\n}\n\n// about B\nbot B {\n  mode: secure\n}\n');
  });

  it('offers no edits for a document with syntax errors', () => {
    const broken = MESSY.replace('mode:secure', 'mode secure');
    assert.deepEqual(formatRange(broken, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }), []);
    assert.deepEqual(formatEdits(broken), []);
  });
});
