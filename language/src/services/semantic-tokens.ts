// Semantic classification of every token: declarations and references, properties and blocks,
// inputs and placeholders, steps, field functions and comments. One-line, non-overlapping, sorted.
import type * as A from '../ast';
import { lex } from '../lexer';
import { afterLineBreak, nextLineBreak } from '../line-index';
import type { WorkspaceFile } from '../workspace';
import { positionOf } from './context';
import { visitLeaves, type Leaf } from './walk';

export const TOKEN_TYPES = [
  'keyword', 'class', 'interface', 'function', 'property', 'variable', 'parameter',
  'enumMember', 'string', 'number', 'comment', 'type', 'namespace',
] as const;
export const TOKEN_MODIFIERS = ['declaration', 'documentation', 'defaultLibrary'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  line: number;
  character: number;
  length: number;
  type: TokenType;
  modifiers: TokenModifier[];
  /** Text offset, for ordering. */
  offset: number;
}

const DECLARATION_TYPE: Record<A.DeclarationKind, TokenType> = { bot: 'class', agent: 'interface', run: 'function' };
/** Step words the AST keeps no range for. */
const STEP_WORDS = new Set(['Next', 'Max', 'Each', 'With', 'As']);

export function semanticTokens(file: WorkspaceFile): SemanticToken[] {
  const out: SemanticToken[] = [];
  let from = 0;
  for (const decl of file.ast.declarations) {
    out.push(...gapTokens(file, from, decl), ...declarationTokens(file, decl));
    from = Math.max(from, decl.range.end.offset);
  }
  out.push(...gapTokens(file, from));
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * One declaration's tokens, sorted: its leaves, the step words the AST keeps no range for and the
 * comments inside it (never doc lines: those stand above it). They depend on the declaration's text
 * only, so the server keeps them per declaration (see server/src/token-cache.ts).
 */
export function declarationTokens(file: WorkspaceFile, decl: A.Declaration): SemanticToken[] {
  const out: SemanticToken[] = [];
  const push: Push = (start, end, type, modifiers = []) => pushLines(file, out, start, end, type, modifiers);
  const covered = new Set<number>();
  visitLeaves(decl, (leaf) => {
    covered.add(leaf.range.start.offset);
    classify(leaf, push);
  });
  const start = decl.range.start.offset;
  const end = decl.range.end.offset;
  stepWords(file, start, end, covered, push);
  for (const c of commentsIn(file, start, end)) push(c.range.start.offset, c.range.end.offset, 'comment');
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * The tokens outside every declaration from `from` up to the declaration `next` (the end of the
 * text when none): comments, the doc lines of `next` marked, and stray step words.
 */
export function gapTokens(file: WorkspaceFile, from: number, next?: A.Declaration): SemanticToken[] {
  const to = next ? next.range.start.offset : file.text.length;
  if (to <= from) return [];
  const out: SemanticToken[] = [];
  const push: Push = (start, end, type, modifiers = []) => pushLines(file, out, start, end, type, modifiers);
  stepWords(file, from, to, new Set(), push);
  const docLines = new Set(next?.doc ? docLineNumbers(next) : []);
  for (const c of commentsIn(file, from, to)) push(c.range.start.offset, c.range.end.offset, 'comment', c.kind === 'line' && docLines.has(c.range.start.line) ? ['documentation'] : []);
  return out.sort((a, b) => a.offset - b.offset);
}

/** Step words lexed from [from, to) of the text (declaration and gap bounds are token bounds). */
function stepWords(file: WorkspaceFile, from: number, to: number, covered: Set<number>, push: Push): void {
  for (const tok of lex(file.text.slice(from, to)).tokens) {
    const at = from + tok.startOffset;
    if (STEP_WORDS.has(tok.tokenType.name) && !covered.has(at)) push(at, at + tok.image.length, 'keyword');
  }
}

/** The comments starting in [from, to), found by binary search (comments are in text order). */
function commentsIn(file: WorkspaceFile, from: number, to: number): A.Comment[] {
  const list = file.ast.comments;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].range.start.offset < from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < list.length && list[end].range.start.offset < to) end++;
  return list.slice(lo, end);
}

function docLineNumbers(d: A.Declaration): number[] {
  const n = (d.doc ?? '').split('\n').length;
  return Array.from({ length: n }, (_, i) => d.range.start.line - n + i);
}

type Push = (start: number, end: number, type: TokenType, modifiers?: TokenModifier[]) => void;

function classify(leaf: Leaf, push: Push): void {
  const start = leaf.range.start.offset;
  const end = leaf.range.end.offset;
  switch (leaf.kind) {
    case 'decl-keyword':
    case 'step-keyword':
      return push(start, end, 'keyword');
    case 'decl-name':
      return push(start, end, DECLARATION_TYPE[leaf.decl.kind], ['declaration']);
    case 'key': {
      const parent = leaf.parents[leaf.parents.length - 1];
      if (leaf.member.kind === 'property' && parent?.kind === 'session') return push(start, end, 'parameter');
      if (leaf.member.kind === 'property' && parent?.key === 'input' && leaf.decl.kind === 'agent') return push(start, end, 'parameter', ['declaration']);
      if (leaf.member.kind === 'property') return push(start, end, 'property');
      return push(start, end, leaf.member.kind === 'block' ? 'namespace' : 'keyword');
    }
    case 'export-format':
      return push(start, end, 'enumMember');
    case 'literal':
      return classifyLiteral(leaf, push);
    case 'placeholder':
      return push(start, end, 'parameter');
    case 'member-object':
      return push(start, end, 'variable', ['defaultLibrary']);
    case 'member-name':
      return push(start, end, leaf.value.object === 'input' ? 'parameter' : 'property', leaf.value.object === 'input' ? [] : ['defaultLibrary']);
    case 'callee':
      return push(start, end, 'function', ['defaultLibrary']);
    case 'dataset':
      return push(start, end, 'variable', ['declaration']);
    case 'field-name':
      return push(start, end, 'property', ['declaration']);
    case 'as-type':
      return push(start, end, 'type');
  }
}

function classifyLiteral(leaf: Extract<Leaf, { kind: 'literal' }>, push: Push): void {
  const v = leaf.value;
  const start = v.range.start.offset;
  const end = v.range.end.offset;
  switch (v.kind) {
    case 'string': {
      // Split around placeholders, which get their own leaves.
      let from = start;
      for (const p of v.placeholders) {
        push(from, p.range.start.offset, 'string');
        from = p.range.end.offset;
      }
      return push(from, end, 'string');
    }
    case 'number':
    case 'duration':
      return push(start, end, 'number');
    case 'boolean':
      return push(start, end, 'keyword');
    case 'word': {
      const owner = leaf.owner;
      const key = owner.kind === 'property' && !owner.parents.length && leaf.decl.kind === 'run' ? owner.property.key : undefined;
      if (key === 'bot' || key === 'agent') return push(start, end, DECLARATION_TYPE[key]);
      return push(start, end, 'enumMember');
    }
  }
}

/** Pushes a token, one per line when it spans several (block comments). */
function pushLines(file: WorkspaceFile, out: SemanticToken[], start: number, end: number, type: TokenType, modifiers: TokenModifier[]): void {
  let from = start;
  while (from < end) {
    const nl = nextLineBreak(file.text, from);
    const to = nl >= 0 && nl < end ? nl : end;
    if (to > from) {
      const p = positionOf(file, from);
      out.push({ line: p.line, character: p.character, length: to - from, type, modifiers, offset: from });
    }
    from = afterLineBreak(file.text, to);
  }
}
