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
  const push = (start: number, end: number, type: TokenType, modifiers: TokenModifier[] = []) => {
    pushLines(file, out, start, end, type, modifiers);
  };
  const covered = new Set<number>();
  for (const decl of file.ast.declarations) {
    visitLeaves(decl, (leaf) => {
      covered.add(leaf.range.start.offset);
      classify(leaf, push);
    });
  }
  for (const tok of lex(file.text).tokens) {
    if (STEP_WORDS.has(tok.tokenType.name) && !covered.has(tok.startOffset)) push(tok.startOffset, tok.startOffset + tok.image.length, 'keyword');
  }
  const docLines = new Set(file.ast.declarations.filter((d) => d.doc).flatMap((d) => docLineNumbers(d)));
  for (const c of file.ast.comments) {
    push(c.range.start.offset, c.range.end.offset, 'comment', c.kind === 'line' && docLines.has(c.range.start.line) ? ['documentation'] : []);
  }
  return out.sort((a, b) => a.offset - b.offset);
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
