// Shared helpers of the formatter and fuzz suites: finding .rpa files at run time, applying edits,
// and the observable facts a formatting must keep (AST without positions, comments in order).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { format, parse, type FormatEdit } from '../../language/src/index';
import { stripRanges } from '../../language/src/format';

/** The repository root (tests run bundled from dist-test/language/). */
export const ROOT = resolve(__dirname, '../..');
export const FORMAT_FIXTURES = join(ROOT, 'test/fixtures/format');

/** Every .rpa file under a folder (none when the folder does not exist yet), sorted. */
export function rpaFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return rpaFilesUnder(p);
      return p.endsWith('.rpa') ? [p] : [];
    });
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

export function rel(path: string): string {
  return relative(ROOT, path);
}

/** Applies non-overlapping edits by their offsets, as an editor would. */
export function applyEdits(text: string, edits: readonly FormatEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start.offset - b.range.start.offset);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    assert.ok(e.range.start.offset >= cursor, 'edits must not overlap');
    out += text.slice(cursor, e.range.start.offset) + e.newText;
    cursor = e.range.end.offset;
  }
  return out + text.slice(cursor);
}

/** The parsed declarations without positions: what the checks and the runtime read. */
export function meaning(text: string): unknown {
  return stripRanges(parse(text).ast.declarations);
}

/** Every comment as `kind:text`, in order. */
export function commentsOf(text: string): string[] {
  return parse(text).ast.comments.map((c) => `${c.kind}:${c.text}`);
}

/** Formats and fails the test with the formatter's message when it refuses. */
export function formatted(text: string, indent?: number): string {
  const result = format(text, indent === undefined ? {} : { indent });
  if ('error' in result) assert.fail(result.error);
  return result.text;
}
