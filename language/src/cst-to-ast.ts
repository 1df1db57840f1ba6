// Turns the chevrotain CST into the typed AST of ast.ts, tolerating what error recovery left behind.
// Ranges come from tokens (the parser tracks no node locations, which is much faster); never throws.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast';
import type { LineIndex } from './line-index';
import { decodeString, parseDuration } from './literals';
import { isRealToken, tokenRange } from './ranges';

type Children = Record<string, CstElement[] | undefined>;

const NO_NODES: CstNode[] = [];
const NO_TOKENS: IToken[] = [];
const STEP_KEYWORDS = ['Open', 'Paginate', 'Visit', 'Extract', 'Fill', 'Click', 'Submit', 'Wait', 'Log'];

function nodes(c: Children, key: string): CstNode[] {
  return (c[key] as CstNode[] | undefined) ?? NO_NODES;
}
function tokens(c: Children, key: string): IToken[] {
  return (c[key] as IToken[] | undefined) ?? NO_TOKENS;
}
function realToken(c: Children, key: string, index = 0): IToken | undefined {
  const t = tokens(c, key)[index];
  return isRealToken(t) ? t : undefined;
}

function span(start: A.Range, end: A.Range): A.Range {
  return { start: start.start, end: end.end };
}

export class AstBuilder {
  /** Syntax problems the parser accepted but the language does not (a forgotten colon). */
  readonly problems: Array<{ message: string; range: A.Range }> = [];

  constructor(
    readonly uri: string,
    readonly lines: LineIndex,
  ) {}

  tok(t: IToken): A.Range {
    return tokenRange(t, this.lines);
  }

  /** From `start` to the closing token (`}`, `]`, `)`) when present, else to `fallback`'s end. */
  private closedBy(start: A.Range, close: IToken | undefined, fallback: A.Range): A.Range {
    return span(start, isRealToken(close) ? this.tok(close) : fallback);
  }

  declaration(node: CstNode): A.Declaration | undefined {
    const c = node.children;
    const kw = tokens(c, 'Bot')[0] ?? tokens(c, 'Agent')[0] ?? tokens(c, 'Run')[0];
    if (!isRealToken(kw)) return undefined;
    const keywordRange = this.tok(kw);
    const nameTok = realToken(c, 'Name');
    const nameRange = nameTok ? this.tok(nameTok) : keywordRange;
    const block = nodes(c, 'block')[0];
    const members = block ? this.members(block) : [];
    const last = members.length ? members[members.length - 1].range : nameRange;
    const range = this.closedBy(keywordRange, block && tokens(block.children, 'RCurly')[0], last);
    return { kind: kw.image as A.DeclarationKind, keywordRange, name: nameTok?.image ?? '', nameRange, members, range, uri: this.uri };
  }

  members(block: CstNode): A.Member[] {
    const out: A.Member[] = [];
    for (const m of nodes(block.children, 'member')) {
      const member = this.member(m);
      if (member) out.push(member);
    }
    return out;
  }

  member(node: CstNode): A.Member | undefined {
    const c = node.children;
    const stepsNode = nodes(c, 'stepsBlock')[0];
    if (stepsNode) {
      const keyRange = this.tok(tokens(stepsNode.children, 'Steps')[0]);
      const body = nodes(stepsNode.children, 'stepBlock')[0];
      const steps = body ? this.steps(body) : [];
      const range = this.closedBy(keyRange, body && tokens(body.children, 'RCurly')[0], lastRange(steps, keyRange));
      return { kind: 'steps', keyRange, steps, range };
    }
    const names = tokens(c, 'Name');
    const keyTok = names[0];
    if (!isRealToken(keyTok)) return undefined;
    const key = keyTok.image;
    const keyRange = this.tok(keyTok);
    if (tokens(c, 'Colon').length) {
      const value = this.value(nodes(c, 'value')[0], keyRange);
      return { kind: 'property', key, keyRange, value, range: span(keyRange, value.range) };
    }
    const block = nodes(c, 'block')[0];
    const idTok = realToken(c, 'StringLiteral');
    if (block) {
      const members = this.members(block);
      const range = this.closedBy(keyRange, tokens(block.children, 'RCurly')[0], lastRange(members, keyRange));
      if (idTok) return { kind: 'session', key, keyRange, id: this.string(idTok), members, range };
      return { kind: 'block', key, keyRange, members, range };
    }
    const formatTok = realToken(c, 'Name', 1);
    if (formatTok && key === 'export') {
      const formatRange = this.tok(formatTok);
      const path = this.value(nodes(c, 'value')[0], formatRange);
      return { kind: 'export', key, keyRange, format: formatTok.image, formatRange, path, range: span(keyRange, path.range) };
    }
    // `key value` with the colon forgotten: the value's tokens sit in this member node.
    const value = this.valueOf(c, 1, keyRange);
    if (value.kind === 'missing') return undefined;
    this.problems.push({ message: `Expected ':' between '${key}' and its value: write '${key}: value'.`, range: { start: keyRange.end, end: value.range.start } });
    return { kind: 'property', key, keyRange, value, range: span(keyRange, value.range) };
  }

  steps(block: CstNode): A.Step[] {
    const out: A.Step[] = [];
    for (const s of nodes(block.children, 'step')) {
      for (const key in s.children) {
        const step = this.step((s.children[key] as CstNode[])[0]);
        if (step) out.push(step);
      }
    }
    return out;
  }

  step(node: CstNode): A.Step | undefined {
    const c = node.children;
    if (node.name === 'unknownStep') {
      const word = tokens(c, 'Identifier')[0];
      if (isRealToken(word)) {
        const message = `Unknown step '${word.image}': a step is one of open, paginate, visit, extract, fill, click, submit, wait, log.`;
        this.problems.push({ message, range: this.tok(word) });
      }
      return undefined;
    }
    let kwTok: IToken | undefined;
    for (const k of STEP_KEYWORDS) if ((kwTok = tokens(c, k)[0])) break;
    if (!isRealToken(kwTok)) return undefined;
    const keywordRange = this.tok(kwTok);
    const values = nodes(c, 'value').map((v) => this.value(v, keywordRange));
    const v = (i: number): A.Value => values[i] ?? missingAt(keywordRange);
    const lastValue = values.length ? values[values.length - 1].range : keywordRange;
    const simple = { keywordRange, range: span(keywordRange, lastValue) };
    const withBody = () => {
      const b = nodes(c, 'stepBlock')[0];
      const body = b ? this.steps(b) : [];
      const range = this.closedBy(keywordRange, b && tokens(b.children, 'RCurly')[0], lastRange(body, lastValue));
      return { body, keywordRange, range };
    };
    switch (node.name) {
      case 'openStep': return { kind: 'open', url: v(0), ...simple };
      case 'paginateStep': return { kind: 'paginate', next: v(0), max: v(1), ...withBody() };
      case 'visitStep': return { kind: 'visit', selector: v(0), max: values[1], ...withBody() };
      case 'extractStep': return this.extract(c, keywordRange, values[0]);
      case 'fillStep': return { kind: 'fill', selector: v(0), value: v(1), ...simple };
      case 'clickStep': return { kind: 'click', selector: v(0), ...simple };
      case 'submitStep': return { kind: 'submit', selector: v(0), ...simple };
      case 'waitStep': return { kind: 'wait', duration: v(0), ...simple };
      case 'logStep': return { kind: 'log', message: v(0), ...simple };
      default: return undefined;
    }
  }

  extract(c: Children, keywordRange: A.Range, each: A.Value | undefined): A.ExtractStep {
    const nameTok = realToken(c, 'Name');
    const datasetRange = nameTok ? this.tok(nameTok) : keywordRange;
    const fields: A.Field[] = [];
    for (const f of nodes(c, 'field')) {
      const fc = f.children;
      const fname = realToken(fc, 'Name', 0);
      if (!fname) continue;
      const nameRange = this.tok(fname);
      const expr = this.value(nodes(fc, 'value')[0], nameRange);
      const asTok = realToken(fc, 'Name', 1);
      const as = asTok ? { type: asTok.image, range: this.tok(asTok) } : undefined;
      fields.push({ kind: 'field', name: fname.image, nameRange, expr, as, range: span(nameRange, as ? as.range : expr.range) });
    }
    const range = this.closedBy(keywordRange, tokens(c, 'RCurly')[0], lastRange(fields, each?.range ?? datasetRange));
    return { kind: 'extract', dataset: nameTok?.image ?? '', datasetRange, each, fields, keywordRange, range };
  }

  string(tok: IToken): A.StringValue {
    const range = this.tok(tok);
    const { value, placeholders, problems } = decodeString(tok.image, range);
    return { kind: 'string', value, placeholders, problems, range };
  }

  value(node: CstNode | undefined, near: A.Range): A.Value {
    return node ? this.valueOf(node.children, 0, near) : missingAt(near);
  }

  /** The value held by CST children; its head name, if any, is the `nameIndex`-th Name token. */
  valueOf(c: Children, nameIndex: number, near: A.Range): A.Value {
    const str = realToken(c, 'StringLiteral');
    if (str) return this.string(str);
    const num = realToken(c, 'NumberLiteral');
    if (num) return { kind: 'number', value: Number(num.image), text: num.image, range: this.tok(num) };
    const dur = realToken(c, 'DurationLiteral');
    if (dur) return { kind: 'duration', text: dur.image, ms: parseDuration(dur.image), range: this.tok(dur) };
    const list = nodes(c, 'list')[0];
    if (list) {
      const lc = list.children;
      const items = nodes(lc, 'value').map((v) => this.value(v, near));
      const open = realToken(lc, 'LBracket');
      const start = open ? this.tok(open) : near;
      return { kind: 'list', items, range: this.closedBy(start, tokens(lc, 'RBracket')[0], lastRange(items, start)) };
    }
    const names = tokens(c, 'Name');
    const head = names[nameIndex];
    if (!isRealToken(head)) return missingAt(near);
    const headRange = this.tok(head);
    const args = nodes(c, 'args')[0];
    if (args) {
      const argValues = nodes(args.children, 'value').map((v) => this.value(v, headRange));
      const range = this.closedBy(headRange, tokens(args.children, 'RParen')[0], lastRange(argValues, headRange));
      return { kind: 'call', callee: head.image, calleeRange: headRange, args: argValues, range };
    }
    if (tokens(c, 'Dot').length) {
      const member = names[nameIndex + 1];
      const memberRange = isRealToken(member) ? this.tok(member) : headRange;
      return {
        kind: 'member',
        object: head.image,
        member: isRealToken(member) ? member.image : '',
        objectRange: headRange,
        memberRange,
        range: span(headRange, memberRange),
      };
    }
    if (head.image === 'true' || head.image === 'false') return { kind: 'boolean', value: head.image === 'true', range: headRange };
    return { kind: 'word', value: head.image, range: headRange };
  }
}

function missingAt(near: A.Range): A.MissingValue {
  return { kind: 'missing', range: { start: near.end, end: near.end } };
}

function lastRange(items: ReadonlyArray<{ range: A.Range }>, fallback: A.Range): A.Range {
  return items.length ? items[items.length - 1].range : fallback;
}
