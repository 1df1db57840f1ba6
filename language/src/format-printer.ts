// Lays out a parsed .rpa file in the canonical format: declarations, members, steps and fields one per
// line, property blocks written on one line kept inline when they fit, the author's blank lines between
// members (one at most) and aligned trailing comments kept, every token and comment as written.
import type * as A from './ast';
import { alignTrailingComments } from './format-comments';
import { renderRun, synthetic, type Piece, type SourcePieces } from './format-pieces';

export interface LayoutOptions {
  /** Spaces per nesting level. */
  indent: number;
  /** Line break written between lines. */
  eol: string;
  /** Inline property blocks must fit within this many columns. */
  width: number;
  /** Marks trailing comments while lines are laid out (markerFor: absent from the source). */
  mark: string;
}

/** A line of the layout: a declaration, member, step or field. */
type Item = A.Declaration | A.Member | A.Step | A.Field;

function childrenOf(node: Item): Item[] | undefined {
  switch (node.kind) {
    case 'bot':
    case 'agent':
    case 'run':
    case 'block':
    case 'session':
      return node.members;
    case 'steps':
      return node.steps;
    case 'paginate':
    case 'visit':
      return node.body;
    case 'extract':
      return node.fields;
    default:
      return undefined;
  }
}

/** Comments in a gap between two nodes: those on `anchorLine` trail the node before, the rest lead. */
function splitTrailing(comments: Piece[], anchorLine: number): { trailing: Piece[]; rest: Piece[] } {
  let n = 0;
  while (n < comments.length && comments[n].startLine === anchorLine) n++;
  return { trailing: comments.slice(0, n), rest: comments.slice(n) };
}

export class Printer {
  constructor(
    private readonly src: SourcePieces,
    private readonly opts: LayoutOptions,
  ) {}

  /** The whole file: declarations separated by one blank line, free comments where they stood. */
  file(declarations: readonly A.Declaration[]): string {
    const chunks: string[] = [];
    let prev: { kind: 'decl' } | { kind: 'comment'; endLine: number } | undefined;
    const separator = (startLine: number) => {
      if (!prev) return '';
      if (prev.kind === 'decl') return this.opts.eol + this.opts.eol;
      if (startLine === prev.endLine) return ' ';
      return startLine === prev.endLine + 1 ? this.opts.eol : this.opts.eol + this.opts.eol;
    };
    const freeComments = (comments: Piece[]) => {
      for (const c of comments) {
        chunks.push(separator(c.startLine), c.text);
        prev = { kind: 'comment', endLine: c.endLine };
      }
    };
    let cursor = 0;
    declarations.forEach((d, i) => {
      const next = declarations[i + 1];
      freeComments(this.src.commentsIn(cursor, d.range.start.offset));
      const after = this.src.commentsIn(d.range.end.offset, next ? next.range.start.offset : Number.MAX_SAFE_INTEGER);
      const { trailing } = splitTrailing(after, d.range.end.line);
      chunks.push(separator(d.range.start.line), this.item(d, 0, trailing));
      prev = { kind: 'decl' };
      cursor = trailing.length ? trailing[trailing.length - 1].end : d.range.end.offset;
    });
    freeComments(this.src.commentsIn(cursor, Number.MAX_SAFE_INTEGER));
    const body = alignTrailingComments(chunks.join(''), this.opts.mark, this.opts.eol);
    return body ? body + this.opts.eol : '';
  }

  private indentOf(level: number): string {
    return ' '.repeat(level * this.opts.indent);
  }

  private run(pieces: readonly Piece[], level: number): string {
    return renderRun(pieces, this.indentOf(level + 2), this.opts.eol, this.opts.mark);
  }

  /** One node, its first line unindented (the caller indents it), `trailing` comments on its last line. */
  private item(node: Item, level: number, trailing: Piece[]): string {
    const start = node.range.start.offset;
    const end = node.range.end.offset;
    const children = childrenOf(node);
    if (!children) return this.run([...this.src.piecesIn(start, end), ...trailing], level);
    const open = this.src.findCode('{', start);
    const close = this.src.lastCodeBefore(end);
    if (!open || open.start >= end || close?.text !== '}') {
      throw new Error(`the ${node.kind} at line ${node.range.start.line + 1} has no braces where its block should be`);
    }
    const header = [...this.src.piecesIn(start, open.start), open];
    const inline = this.inline(node, children, header, close, level);
    if (inline) return this.run([...inline, ...trailing], level);
    return this.multiline(children, header, close, level, trailing);
  }

  /**
   * The pieces of `key { a: 1, b: 2 }` when the node is a property block or session entry written on
   * one line, holding only simple properties and no comments, and the line fits the width; otherwise
   * undefined (a block the author spread over lines stays one property per line).
   */
  private inline(node: Item, children: Item[], header: Piece[], close: Piece, level: number): Piece[] | undefined {
    if (node.kind !== 'block' && node.kind !== 'session') return undefined;
    if (node.range.start.line !== node.range.end.line) return undefined;
    if (children.some((c) => c.kind !== 'property')) return undefined;
    if (this.src.commentsIn(node.range.start.offset, node.range.end.offset).length) return undefined;
    const pieces = [...header];
    children.forEach((c, i) => {
      if (i > 0) pieces.push(synthetic(','));
      pieces.push(...this.src.codeIn(c.range.start.offset, c.range.end.offset));
    });
    pieces.push(close);
    const width = this.indentOf(level).length + this.run(pieces, level).length;
    return width <= this.opts.width ? pieces : undefined;
  }

  private multiline(children: Item[], header: Piece[], close: Piece, level: number, trailing: Piece[]): string {
    const open = header[header.length - 1];
    const { eol } = this.opts;
    const inner = this.indentOf(level + 1);
    const firstStart = children.length ? children[0].range.start.offset : close.start;
    const head = splitTrailing(this.src.commentsIn(open.end, firstStart), open.startLine);
    if (!children.length && !head.rest.length && !head.trailing.length) return this.run([...header, close, ...trailing], level);
    const lines = [this.run([...header, ...head.trailing], level)];
    let leading = head.rest;
    /** The source line the previous member (with its trailing comments) ended on; undefined before the first. */
    let prevEnd: number | undefined;
    // A blank line the author left between two members stays (one, however many there were).
    const blankBefore = (startLine: number) => {
      if (prevEnd !== undefined && startLine - prevEnd > 1) lines.push('');
    };
    children.forEach((child, i) => {
      const gapEnd = i + 1 < children.length ? children[i + 1].range.start.offset : close.start;
      const after = splitTrailing(this.src.commentsIn(child.range.end.offset, gapEnd), child.range.end.line);
      const text = this.item(child, level + 1, after.trailing);
      blankBefore(leading[0]?.startLine ?? child.range.start.line);
      lines.push(inner + this.withLeading(leading, child.range.start.line, text, inner));
      prevEnd = after.trailing.length ? after.trailing[after.trailing.length - 1].endLine : child.range.end.line;
      leading = after.rest;
    });
    if (leading.length) {
      blankBefore(leading[0].startLine);
      lines.push(inner + this.withLeading(leading, undefined, '', inner));
    }
    lines.push(this.indentOf(level) + this.run([close, ...trailing], level));
    return lines.join(eol);
  }

  /**
   * Comments before a node, each on its own line except where the source put several on one line or a
   * block comment on the node's own first line; then the node's text (none for comments that close a block).
   */
  private withLeading(comments: Piece[], nodeLine: number | undefined, text: string, indent: string): string {
    let out = '';
    let prevEnd: number | undefined;
    for (const c of comments) {
      if (prevEnd !== undefined) out += c.startLine === prevEnd ? ' ' : this.opts.eol + indent;
      out += c.text;
      prevEnd = c.endLine;
    }
    if (nodeLine === undefined) return out;
    if (prevEnd === undefined) return text;
    return out + (nodeLine === prevEnd ? ' ' : this.opts.eol + indent) + text;
  }
}
