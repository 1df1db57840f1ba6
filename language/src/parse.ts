// parse(text): lexes and parses one .rpa file into its AST plus every syntax error; never throws.
// Also collects comments and attaches `//` doc comments to the declarations directly below them.
import type { IToken } from 'chevrotain';
import type { Comment, Declaration, Range, RpaFile } from './ast';
import { AstBuilder } from './cst-to-ast';
import { DeclarationStream } from './declaration-stream';
import { fastDeclaration } from './fast-parse';
import { lex } from './lexer';
import { LineIndex } from './line-index';
import { limitNesting } from './nesting';
import { joinNonAsciiNames } from './non-ascii-names';
import { describeToken } from './parse-messages';
import { parseDeclaration } from './parser';
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
  const lines = new LineIndex(text);
  return parseStreamed(text, uri, lines) ?? parseWhole(text, uri, lines);
}

/** The declarations and errors of one file as they are collected. */
interface FileParse {
  text: string;
  uri: string;
  lines: LineIndex;
  builder: AstBuilder;
  declarations: Declaration[];
  errors: ParseError[];
}

/**
 * Text without lexing errors or nesting past the limit (most files): each declaration lexed, parsed and
 * its tokens dropped in turn, which keeps them from outliving a garbage collection. Undefined otherwise.
 */
function parseStreamed(text: string, uri: string, lines: LineIndex): ParseResult | undefined {
  const stream = new DeclarationStream(text);
  const file: FileParse = { text, uri, lines, builder: new AstBuilder(uri, lines), declarations: [], errors: [] };
  for (let slice = stream.next(); slice; slice = stream.next()) addDeclaration(file, slice);
  return stream.failed ? undefined : finish(file, stream.comments);
}

/** Any text: lexed whole, with names split by unlexable letters joined and too-deep nesting cut. */
function parseWhole(text: string, uri: string, lines: LineIndex): ParseResult {
  const lexed = lex(text);
  const names = joinNonAsciiNames(text, lexed.tokens, lexed.errors, lines);
  const nested = limitNesting(names.tokens, lines);
  const errors: ParseError[] = names.lexErrors.map((e) => lexErrorToParseError(text, e.offset, e.length, lines));
  errors.push(...names.errors, ...nested.errors);
  const file: FileParse = { text, uri, lines, builder: new AstBuilder(uri, lines), declarations: [], errors };
  for (const slice of declarationSlices(nested.tokens)) addDeclaration(file, slice);
  return finish(file, (lexed.groups.comments as IToken[] | undefined) ?? []);
}

function addDeclaration(file: FileParse, slice: IToken[]): void {
  const { builder, errors, lines, text } = file;
  if (!DECLARATION_KEYWORDS.has(slice[0].tokenType.name)) {
    const message = `Unexpected ${describeToken(slice[0])}: a file holds only bot, agent and run declarations.`;
    errors.push({ message, range: tokenRange(slice[0], lines) });
    return;
  }
  const fast = fastDeclaration(slice, builder);
  if (fast) {
    file.declarations.push(fast);
    return;
  }
  const parsed = parseDeclaration(slice);
  for (const e of parsed.errors) errors.push({ message: e.message, range: errorRange(e.token, e.previousToken, text, lines) });
  const decl = builder.declaration(parsed.cst);
  if (decl) file.declarations.push(decl);
}

function finish(file: FileParse, commentTokens: IToken[]): ParseResult {
  const { builder, declarations, errors, lines, text } = file;
  errors.push(...builder.problems);
  const comments = commentTokens.map((t) => toComment(t, lines));
  errors.sort((a, b) => a.range.start.offset - b.range.start.offset);
  attachDocs(declarations, comments, text);
  return { ast: { uri: file.uri, declarations, comments }, errors };
}

const DECLARATION_KEYWORDS = new Set(['Bot', 'Agent', 'Run']);

/**
 * Lexes and parses to chevrotain CSTs only, without building the AST: what the benchmark reports as
 * "lex+parse". Returns the number of declarations and of syntax errors.
 */
export function parseCstOnly(text: string): { declarations: number; errors: number } {
  const lexed = lex(text);
  const nested = limitNesting(lexed.tokens, new LineIndex(text));
  let declarations = 0;
  let errors = lexed.errors.length + nested.errors.length;
  for (const slice of declarationSlices(nested.tokens)) {
    if (!DECLARATION_KEYWORDS.has(slice[0].tokenType.name)) {
      errors++;
      continue;
    }
    errors += parseDeclaration(slice).errors.length;
    declarations++;
  }
  return { declarations, errors };
}

/**
 * Splits the tokens at each declaration keyword outside braces. Parsing one declaration at a time
 * keeps each CST short-lived (cheap for the garbage collector) and confines recovery to one declaration.
 */
export function* declarationSlices(tokens: IToken[]): Generator<IToken[]> {
  let depth = 0;
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i].tokenType.name;
    if (type === 'LCurly') depth++;
    else if (type === 'RCurly') depth = Math.max(0, depth - 1);
    else if (depth === 0 && i > start && DECLARATION_KEYWORDS.has(type)) {
      yield tokens.slice(start, i);
      start = i;
    }
  }
  if (start < tokens.length) yield tokens.slice(start);
}

function lexErrorToParseError(text: string, offset: number, length: number, lines: LineIndex): ParseError {
  const bad = text.slice(offset, offset + length);
  let message = `Unexpected character ${JSON.stringify(bad.charAt(0))}: it cannot start a name, value or symbol here.`;
  if (bad.startsWith('"')) message = 'Unterminated string: close it with " on the same line (write \\n for a line break).';
  else if (bad.startsWith('/*')) message = "Unterminated block comment: close it with '*/'.";
  return { message, range: { start: lines.position(offset), end: lines.position(offset + Math.min(length, 1)) } };
}

function errorRange(tok: IToken, previous: IToken | undefined, text: string, lines: LineIndex): Range {
  if (tok.tokenType.name !== 'EOF' && !Number.isNaN(tok.startOffset)) return tokenRange(tok, lines);
  if (previous && !Number.isNaN(previous.startOffset)) return tokenRange(previous, lines);
  const p = lines.position(text.length);
  return { start: p, end: p };
}

function toComment(tok: IToken, lines: LineIndex): Comment {
  const line = tok.tokenType.name === 'LineComment';
  return { kind: line ? 'line' : 'block', text: tok.image, range: tokenRange(tok, lines) };
}

/** A `//` comment is a doc line when nothing else stands on its line. */
function standsAlone(c: Comment, text: string): boolean {
  const { offset, character } = c.range.start; // its line starts `character` before it
  return text.slice(offset - character, offset).trim() === '';
}

function attachDocs(decls: Declaration[], comments: Comment[], text: string): void {
  if (!comments.length) return;
  const byEndLine = new Map<number, Comment>();
  for (const c of comments) if (c.kind === 'line' && standsAlone(c, text)) byEndLine.set(c.range.end.line, c);
  let previousEnd = 0;
  for (const d of decls) {
    const lines: string[] = [];
    let line = d.range.start.line - 1;
    // Only comments after the previous declaration: one inside its block documents nothing below it.
    const above = (l: number) => {
      const c = byEndLine.get(l);
      return c && c.range.start.offset >= previousEnd ? c : undefined;
    };
    for (let c = above(line); c; c = above(--line)) lines.unshift(c.text.replace(/^\/\/\s?/, ''));
    if (lines.length) d.doc = lines.join('\n');
    previousEnd = d.range.end.offset;
  }
}

