// Where the cursor is, for completion: reads the text of the enclosing declaration up to the cursor
// with the real lexer (the AST of half-typed code is unreliable) and names the slot being typed.
import { tokenMatcher, type IToken } from 'chevrotain';
import type * as A from '../ast';
import { lex } from '../lexer';
import { lineStartAt, nextLineBreak } from '../line-index';
import { Name } from '../tokens';
import type { WorkspaceFile } from '../workspace';
import { lastDeclarationFrom, rangeOf } from './context';

/** A `{` the cursor is inside of. */
export type Frame =
  | { kind: 'declaration'; declKind: A.DeclarationKind }
  | { kind: 'block'; key: string }
  | { kind: 'session'; id: string }
  | { kind: 'steps' }
  | { kind: 'fields' }
  | { kind: 'other' };

export type Slot =
  | { kind: 'top-level' }
  /** The start of a member line in a declaration, block or session entry. */
  | { kind: 'key' }
  /** After `key:`. */
  | { kind: 'value'; key: string }
  | { kind: 'export-format' }
  /** The start of a step line. */
  | { kind: 'step' }
  /** The word a step expects next (`next`, `each`, `max`, `with`). */
  | { kind: 'step-word'; words: string[] }
  /** After `field:` inside `extract … { }`, or after `fill SELECTOR with`. */
  | { kind: 'expression' }
  /** After a complete field expression: `as` may follow. */
  | { kind: 'after-expression' }
  | { kind: 'as-type' }
  /** After `input.`, `session.` or `login.`. */
  | { kind: 'member'; object: string }
  /** Inside `{…}` in a string. */
  | { kind: 'placeholder'; closed: boolean; inExport: boolean }
  | { kind: 'none' };

export interface CompletionContext {
  slot: Slot;
  /** Innermost last. */
  frames: Frame[];
  /** The declaration the cursor is in (undefined at top level). */
  decl: A.Declaration | undefined;
  /** The text the completion replaces: the partial word before the cursor. */
  range: A.Range;
  /** The partial word itself. */
  prefix: string;
}

const WORD_BEFORE = /[A-Za-z0-9_-]*$/;

export function completionContext(file: WorkspaceFile, offset: number): CompletionContext {
  const text = file.text;
  const lineStart = lineStartAt(text, offset);
  const linePrefix = text.slice(lineStart, offset);
  const prefix = WORD_BEFORE.exec(linePrefix)?.[0] ?? '';
  const range = rangeOf(file, offset - prefix.length, offset);
  const declStart = lastDeclarationFrom(file, offset);
  const from = declStart ? declStart.range.start.offset : 0;
  const before = text.slice(from, offset - prefix.length);
  const scan = scanFrames(lex(before).tokens, before);
  const decl = scan.frames.length ? declStart : undefined;
  const base = { frames: scan.frames, decl, range, prefix };
  if (inComment(file, offset)) return { ...base, slot: { kind: 'none' } };
  const str = stringAt(linePrefix);
  if (str !== undefined) {
    const open = /\{([A-Za-z0-9_-]*)$/.exec(str);
    const closed = text.charAt(offset) === '}';
    const inExport = /^\s*export\b/.test(linePrefix);
    return { ...base, slot: open ? { kind: 'placeholder', closed, inExport } : { kind: 'none' } };
  }
  return { ...base, slot: slotIn(scan.frames[scan.frames.length - 1], scan.statement) };
}

function inComment(file: WorkspaceFile, offset: number): boolean {
  return file.ast.comments.some((c) => c.range.start.offset < offset && (c.kind === 'line' ? offset <= c.range.end.offset : offset < c.range.end.offset));
}

/** The text since the opening quote when the cursor is inside a string on this line. */
function stringAt(linePrefix: string): string | undefined {
  let start = -1;
  for (let i = 0; i < linePrefix.length; i++) {
    const ch = linePrefix[i];
    if (start >= 0) {
      if (ch === '\\') i++;
      else if (ch === '"') start = -1;
    } else if (ch === '"') start = i + 1;
    else if (ch === '/' && linePrefix[i + 1] === '/') return undefined;
  }
  return start >= 0 ? linePrefix.slice(start) : undefined;
}

interface Scan {
  frames: Frame[];
  /** Tokens of the statement the cursor is in, before the partial word. */
  statement: IToken[];
}

/**
 * Follows the braces of the text before the cursor, naming each open block by its header. A statement
 * ends at a brace, a comma or a line break outside brackets (every property and step is one line).
 */
function scanFrames(tokens: IToken[], text: string): Scan {
  const frames: Frame[] = [];
  let statement: IToken[] = [];
  let brackets = 0;
  let lastEnd = 0;
  const lineBreakBefore = (offset: number) => {
    const nl = nextLineBreak(text, lastEnd);
    return nl >= 0 && nl < offset;
  };
  for (const tok of tokens) {
    const type = tok.tokenType.name;
    if (brackets === 0 && lineBreakBefore(tok.startOffset)) statement = [];
    lastEnd = tok.startOffset + tok.image.length;
    if (type === 'LBracket' || type === 'LParen') brackets++;
    else if ((type === 'RBracket' || type === 'RParen') && brackets > 0) brackets--;
    if (brackets > 0 || type === 'RBracket' || type === 'RParen') {
      statement.push(tok);
      continue;
    }
    if (type === 'LCurly') {
      frames.push(frameFor(statement, frames[frames.length - 1]));
      statement = [];
    } else if (type === 'RCurly') {
      frames.pop();
      statement = [];
    } else if (type === 'Comma') statement = [];
    else statement.push(tok);
  }
  if (brackets === 0 && lineBreakBefore(text.length)) statement = [];
  return { frames, statement };
}

function frameFor(header: IToken[], outer: Frame | undefined): Frame {
  const [first, second] = header;
  const type = first?.tokenType.name;
  if (!outer) return type === 'Bot' || type === 'Agent' || type === 'Run' ? { kind: 'declaration', declKind: first.image as A.DeclarationKind } : { kind: 'other' };
  if (outer.kind === 'steps') {
    if (type === 'Paginate' || type === 'Visit') return { kind: 'steps' };
    if (type === 'Extract') return { kind: 'fields' };
    return { kind: 'other' };
  }
  if (outer.kind !== 'declaration' && outer.kind !== 'block') return { kind: 'other' };
  if (type === 'Steps' && header.length === 1) return { kind: 'steps' };
  if (!first || header.length > 2 || !isName(first)) return { kind: 'other' };
  if (!second) return { kind: 'block', key: first.image };
  if (second.tokenType.name === 'StringLiteral') return { kind: 'session', id: second.image };
  return { kind: 'other' };
}

function isName(tok: IToken): boolean {
  return tokenMatcher(tok, Name);
}

const STEP_WORDS: Array<{ after: string[]; words: string[] }> = [
  { after: ['Paginate'], words: ['next'] },
  { after: ['Paginate', 'Next', '*'], words: ['max'] },
  { after: ['Visit'], words: ['each'] },
  { after: ['Visit', 'Each', '*'], words: ['max'] },
  { after: ['Extract', '*'], words: ['each'] },
  { after: ['Fill', '*'], words: ['with'] },
];

function slotIn(frame: Frame | undefined, stmt: IToken[]): Slot {
  const types = stmt.map((t) => t.tokenType.name);
  const last = types[types.length - 1];
  if (last === 'Dot' && stmt.length >= 2 && isName(stmt[stmt.length - 2])) return { kind: 'member', object: stmt[stmt.length - 2].image };
  if (!frame) return stmt.length ? { kind: 'none' } : { kind: 'top-level' };
  switch (frame.kind) {
    case 'declaration':
    case 'block':
    case 'session':
      if (!stmt.length) return { kind: 'key' };
      if (stmt.length === 1 && stmt[0].image === 'export') return { kind: 'export-format' };
      if (stmt.length === 2 && last === 'Colon') return { kind: 'value', key: stmt[0].image };
      return { kind: 'none' };
    case 'steps': {
      if (!stmt.length) return { kind: 'step' };
      if (types[0] === 'Fill' && types.includes('With')) return last === 'With' ? { kind: 'expression' } : { kind: 'none' };
      const words = STEP_WORDS.find((w) => w.after.length === types.length && w.after.every((t, i) => t === '*' || t === types[i]));
      return words ? { kind: 'step-word', words: words.words } : { kind: 'none' };
    }
    case 'fields':
      if (stmt.length === 2 && last === 'Colon') return { kind: 'expression' };
      if (last === 'As') return { kind: 'as-type' };
      if (stmt.length > 2 && types[1] === 'Colon' && !types.includes('As')) return { kind: 'after-expression' };
      return { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}
