// parse(text): lexes and parses one .rpa file into its AST plus every syntax error; never throws.
// Also collects comments and attaches `//` doc comments to the declarations directly below them.
import type { IToken } from 'chevrotain';
import type { Comment, Declaration, Range, RpaFile } from './ast';
import { cstToAst } from './cst-to-ast';
import { lex } from './lexer';
import { parseTokens } from './parser';
import { tokenRange } from './ranges';

export interface ParseError {
  message: string;
  range: Range;
}

export interface ParseResult {
  ast: RpaFile;
  errors: ParseError[];
}

export function parse(text: string, uri = 'memory://file.rpa'): ParseResult {
  try {
    return parseUnsafe(text, uri);
  } catch (err) {
    const zero = { line: 0, character: 0, offset: 0 };
    const message = `Internal parser error: ${(err as Error).message}. Please report this file.`;
    return { ast: { uri, declarations: [], comments: [] }, errors: [{ message, range: { start: zero, end: zero } }] };
  }
}

function parseUnsafe(text: string, uri: string): ParseResult {
  const lexed = lex(text);
  const errors: ParseError[] = lexed.errors.map((e) => lexErrorToParseError(text, e.offset, e.length, e.line, e.column));
  const parsed = parseTokens(lexed.tokens);
  for (const e of parsed.errors) errors.push({ message: e.message, range: errorRange(e.token, e.previousToken, text) });
  const comments = ((lexed.groups.comments as IToken[] | undefined) ?? []).map(toComment);
  const { declarations, problems } = cstToAst(parsed.cst, uri);
  errors.push(...problems);
  errors.sort((a, b) => a.range.start.offset - b.range.start.offset);
  attachDocs(declarations, comments, text);
  return { ast: { uri, declarations, comments }, errors };
}

function lexErrorToParseError(text: string, offset: number, length: number, line?: number, column?: number): ParseError {
  const l = (line ?? 1) - 1;
  const c = (column ?? 1) - 1;
  const bad = text.slice(offset, offset + length);
  let message = `Unexpected character ${JSON.stringify(bad.charAt(0))}: it cannot start a name, value or symbol here.`;
  if (bad.startsWith('"')) message = 'Unterminated string: close it with " on the same line (write \\n for a line break).';
  else if (bad.startsWith('/*')) message = "Unterminated block comment: close it with '*/'.";
  const end = { line: l, character: c + Math.min(length, 1), offset: offset + Math.min(length, 1) };
  return { message, range: { start: { line: l, character: c, offset }, end } };
}

function errorRange(tok: IToken, previous: IToken | undefined, text: string): Range {
  if (tok.tokenType.name !== 'EOF' && !Number.isNaN(tok.startOffset)) return tokenRange(tok);
  if (previous && !Number.isNaN(previous.startOffset)) return tokenRange(previous);
  const lines = text.split('\n');
  const line = lines.length - 1;
  const p = { line, character: lines[line].length, offset: text.length };
  return { start: p, end: p };
}

function toComment(tok: IToken): Comment {
  const line = tok.tokenType.name === 'LineComment';
  return { kind: line ? 'line' : 'block', text: tok.image, range: tokenRange(tok) };
}

/** A `//` comment is a doc line when nothing else stands on its line. */
function standsAlone(c: Comment, text: string): boolean {
  const lineStart = text.lastIndexOf('\n', c.range.start.offset - 1) + 1;
  return text.slice(lineStart, c.range.start.offset).trim() === '';
}

function attachDocs(decls: Declaration[], comments: Comment[], text: string): void {
  if (!comments.length) return;
  const byEndLine = new Map<number, Comment>();
  for (const c of comments) if (c.kind === 'line' && standsAlone(c, text)) byEndLine.set(c.range.end.line, c);
  for (const d of decls) {
    const lines: string[] = [];
    let line = d.range.start.line - 1;
    for (let c = byEndLine.get(line); c; c = byEndLine.get(--line)) lines.unshift(c.text.replace(/^\/\/\s?/, ''));
    if (lines.length) d.doc = lines.join('\n');
  }
}

