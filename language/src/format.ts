// The .rpa formatter's API: format() rewrites a whole file in the canonical layout and checks the result
// means the same; formatEdits() and formatRange() give it as small text edits for the language server.
import type { Comment, Position, Range, RpaFile } from './ast';
import { markerFor } from './format-comments';
import { mergeByStart, SourcePieces, type Piece } from './format-pieces';
import { Printer } from './format-printer';
import { LineIndex } from './line-index';
import { parse, type ParseError, type ParseResult } from './parse';

export interface FormatOptions {
  /** Spaces per nesting level (1 to 8; default 2). */
  indent?: number;
}

export type FormatResult = { text: string } | { error: string };

/** A replacement of one range of the original text (LSP-compatible: line and character, plus the offset). */
export interface FormatEdit {
  range: Range;
  newText: string;
}

/** Inline property blocks and session entries must fit within this many columns. */
export const FORMAT_WIDTH = 100;
const BOM = '\uFEFF';

function refuseSyntax(e: ParseError): string {
  const where = `line ${e.range.start.line + 1}, column ${e.range.start.character + 1}`;
  return (
    `Cannot format: ${where} has a syntax error: ${e.message} ` +
    'The formatter only rewrites files that parse, so that no bot, agent, run or comment can be lost; ' +
    'fix this error first (`rpa-sessions check` lists every error).'
  );
}

function internalError(detail: string): string {
  return (
    `Cannot format: internal formatter error (${detail}). The file was left unchanged; ` +
    'please report this with the file attached.'
  );
}

// ---- the safety net: same AST (positions aside), same comments ----

/** A deep copy of an AST value without source positions (`range` and every `…Range` key); also for tests. */
export function stripRanges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripRanges);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'range' || key.endsWith('Range') || v === undefined) continue;
    out[key] = stripRanges(v);
  }
  return out;
}

function commentKey(c: Comment): string {
  return `${c.kind}:${c.text}`;
}

/** Describes the first difference between two parsed files, or undefined when only positions differ. */
function astDifference(before: RpaFile, after: RpaFile): string | undefined {
  const count = Math.max(before.declarations.length, after.declarations.length);
  for (let i = 0; i < count; i++) {
    const a = before.declarations[i];
    const b = after.declarations[i];
    if (!a || !b) return `declaration ${i + 1} ${a ? 'disappeared' : 'appeared'}`;
    if (JSON.stringify(stripRanges(a)) !== JSON.stringify(stripRanges(b))) {
      return `${a.kind} ${a.name || '(unnamed)'} (line ${a.range.start.line + 1}) would change meaning`;
    }
  }
  const n = Math.max(before.comments.length, after.comments.length);
  for (let i = 0; i < n; i++) {
    const a = before.comments[i];
    const b = after.comments[i];
    if (!a || !b) return `comment ${i + 1} ${a ? 'would be lost' : 'would be duplicated'}`;
    if (commentKey(a) !== commentKey(b)) return `the comment at line ${a.range.start.line + 1} would change`;
  }
  return undefined;
}

/** Why `formatted` is not a faithful rewrite of `original` (already parsed), or undefined when it is. */
function verifyFormatting(original: RpaFile, formatted: string): string | undefined {
  const reparsed = parse(formatted, original.uri);
  const firstError = reparsed.errors[0];
  if (firstError) return `the result would not parse (line ${firstError.range.start.line + 1}: ${firstError.message})`;
  return astDifference(original, reparsed.ast);
}

// ---- edits: the token streams align, so each changed gap between tokens is one edit ----

function rangeOf(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.position(start), end: lines.position(end) };
}

/** Tokens and comments without commas: the part of a text the formatter never changes. */
function skeleton(text: string): Piece[] {
  const src = new SourcePieces(text);
  return mergeByStart(src.code, src.comments).filter((p) => !(p.kind === 'code' && p.text === ','));
}

/** Shrinks a gap edit to the part that differs (never splitting a `\r\n`). */
function trimmed(before: string, after: string): { prefix: number; suffix: number } {
  if (before.includes('\r') || after.includes('\r')) return { prefix: 0, suffix: 0 };
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) suffix++;
  return { prefix, suffix };
}

/**
 * The edits that turn `original` into `formatted`, one per changed gap between tokens; a single
 * whole-document edit when the token streams do not align.
 */
function diffEdits(original: string, formatted: string): FormatEdit[] {
  if (original === formatted) return [];
  const lines = new LineIndex(original);
  const a = skeleton(original);
  const b = skeleton(formatted);
  if (a.length !== b.length || a.some((p, i) => p.text !== b[i].text)) {
    return [{ range: rangeOf(lines, 0, original.length), newText: formatted }];
  }
  const edits: FormatEdit[] = [];
  for (let i = 0; i <= a.length; i++) {
    const fromA = i > 0 ? a[i - 1].end : 0;
    const toA = i < a.length ? a[i].start : original.length;
    const fromB = i > 0 ? b[i - 1].end : 0;
    const toB = i < b.length ? b[i].start : formatted.length;
    const gapA = original.slice(fromA, toA);
    const gapB = formatted.slice(fromB, toB);
    if (gapA === gapB) continue;
    const { prefix, suffix } = trimmed(gapA, gapB);
    edits.push({
      range: rangeOf(lines, fromA + prefix, toA - suffix),
      newText: gapB.slice(prefix, gapB.length - suffix),
    });
  }
  return edits;
}

/** The edits that touch the offsets [start, end] (an edit ending at `start` or starting at `end` counts). */
function editsTouching(edits: readonly FormatEdit[], start: number, end: number): FormatEdit[] {
  return edits.filter((e) => e.range.start.offset <= end && e.range.end.offset >= start);
}

// ---- the API ----

/** `parsed`: the text's parse when the caller has it (the language server keeps one per document version). */
function formatParsed(text: string, options: FormatOptions, parsed?: ParseResult): { text: string; ast: RpaFile } | { error: string } {
  const indent = options.indent ?? 2;
  if (!Number.isInteger(indent) || indent < 1 || indent > 8) {
    return { error: `Cannot format: the indent must be a whole number of spaces from 1 to 8, not ${indent}.` };
  }
  const { ast, errors } = parsed ?? parse(text);
  if (errors.length) return { error: refuseSyntax(errors[0]) };
  try {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const printer = new Printer(new SourcePieces(text), { indent, eol, width: FORMAT_WIDTH, mark: markerFor(text) });
    const body = printer.file(ast.declarations);
    const formatted = text.startsWith(BOM) ? BOM + body : body;
    // A file already in canonical form is its own faithful rewrite: nothing to verify.
    const problem = formatted === text ? undefined : verifyFormatting(ast, formatted);
    return problem ? { error: internalError(problem) } : { text: formatted, ast };
  } catch (err) {
    return { error: internalError(err instanceof Error ? err.message : String(err)) };
  }
}

/**
 * Formats a whole .rpa file. Files with syntax errors are refused with the line of the first error;
 * the result always parses to the same AST with the same comments, and formatting it again changes nothing.
 */
export function format(text: string, options: FormatOptions = {}): FormatResult {
  const result = formatParsed(text, options);
  return 'error' in result ? result : { text: result.text };
}

/** Whole-document formatting as minimal edits (whitespace and commas between tokens); none when it cannot format. */
export function formatEdits(text: string, options: FormatOptions = {}, parsed?: ParseResult): FormatEdit[] {
  const result = formatParsed(text, options, parsed);
  return 'error' in result ? [] : diffEdits(text, result.text);
}

/**
 * Range formatting: the edits of whole-document formatting that touch the range or any declaration
 * it touches, so each touched declaration comes out fully formatted.
 */
export function formatRange(
  text: string,
  range: { start: Pick<Position, 'line' | 'character'>; end: Pick<Position, 'line' | 'character'> },
  options: FormatOptions = {},
  parsed?: ParseResult,
): FormatEdit[] {
  const result = formatParsed(text, options, parsed);
  if ('error' in result) return [];
  const lines = new LineIndex(text);
  const from = lines.offset(range.start);
  const to = Math.max(from, lines.offset(range.end));
  let start = from;
  let end = to;
  for (const d of result.ast.declarations) {
    if (d.range.start.offset > to || d.range.end.offset < from) continue;
    start = Math.min(start, d.range.start.offset);
    end = Math.max(end, d.range.end.offset);
  }
  return editsTouching(diffEdits(text, result.text), start, end);
}
