// Turns the chevrotain CST into the typed AST of ast.ts, tolerating what error recovery left behind.
// Pure and total: a partial CST gives a partial AST, never an exception.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast';
import { decodeString, parseDuration } from './literals';
import { isRealToken, nodeRange, spanRanges, tokenRange } from './ranges';

type Children = Record<string, CstElement[] | undefined>;

function nodes(c: Children, key: string): CstNode[] {
  return (c[key] as CstNode[] | undefined) ?? [];
}
function tokens(c: Children, key: string): IToken[] {
  return (c[key] as IToken[] | undefined) ?? [];
}
function firstToken(c: Children, ...keys: string[]): IToken | undefined {
  for (const k of keys) {
    const t = tokens(c, k)[0];
    if (t) return t;
  }
  return undefined;
}
function realToken(c: Children, key: string, index = 0): IToken | undefined {
  const t = tokens(c, key)[index];
  return isRealToken(t) ? t : undefined;
}

class Builder {
  /** Syntax problems the parser accepted but the language does not (a forgotten colon). */
  readonly problems: Array<{ message: string; range: A.Range }> = [];
  constructor(private readonly uri: string) {}

  file(cst: CstNode): A.Declaration[] {
    const out: A.Declaration[] = [];
    for (const d of nodes(cst.children, 'declaration')) {
      const decl = this.declaration(d);
      if (decl) out.push(decl);
    }
    return out;
  }

  declaration(node: CstNode): A.Declaration | undefined {
    const c = node.children;
    const kw = firstToken(c, 'Bot', 'Agent', 'Run');
    if (!isRealToken(kw)) return undefined;
    const keywordRange = tokenRange(kw);
    const nameTok = realToken(c, 'Name');
    const nameRange = nameTok ? tokenRange(nameTok) : keywordRange;
    const block = nodes(c, 'block')[0];
    const range = nodeRange(node, keywordRange);
    return {
      kind: kw.image as A.DeclarationKind,
      keywordRange,
      name: nameTok?.image ?? '',
      nameRange,
      members: block ? this.members(block) : [],
      range,
      uri: this.uri,
    };
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
    const steps = nodes(c, 'stepsBlock')[0];
    if (steps) {
      const kw = tokens(steps.children, 'Steps')[0];
      const keyRange = tokenRange(kw);
      const body = nodes(steps.children, 'stepBlock')[0];
      return { kind: 'steps', keyRange, steps: body ? this.steps(body) : [], range: nodeRange(steps, keyRange) };
    }
    const names = tokens(c, 'Name');
    const keyTok = names[0];
    if (!isRealToken(keyTok)) return undefined;
    const keyRange = tokenRange(keyTok);
    const range = nodeRange(node, keyRange);
    const key = keyTok.image;
    const valueNode = nodes(c, 'value')[0];
    if (tokens(c, 'Colon').length) return { kind: 'property', key, keyRange, value: this.value(valueNode, keyRange), range };
    if (valueNode && names.length === 1) {
      const value = this.value(valueNode, keyRange);
      this.problems.push({ message: `Expected ':' between '${key}' and its value: write '${key}: value'.`, range: { start: keyRange.end, end: value.range.start } });
      return { kind: 'property', key, keyRange, value, range };
    }
    const idTok = realToken(c, 'StringLiteral');
    const block = nodes(c, 'block')[0];
    if (idTok && block) {
      return { kind: 'session', key, keyRange, id: this.string(idTok), members: this.members(block), range };
    }
    if (block) return { kind: 'block', key, keyRange, members: this.members(block), range };
    const formatTok = names[1];
    if (isRealToken(formatTok)) {
      const formatRange = tokenRange(formatTok);
      return { kind: 'export', key, keyRange, format: formatTok.image, formatRange, path: this.value(valueNode, formatRange), range };
    }
    return undefined;
  }

  steps(block: CstNode): A.Step[] {
    const out: A.Step[] = [];
    for (const s of nodes(block.children, 'step')) {
      const inner = Object.values(s.children)[0]?.[0] as CstNode | undefined;
      const step = inner ? this.step(inner) : undefined;
      if (step) out.push(step);
    }
    return out;
  }

  step(node: CstNode): A.Step | undefined {
    const c = node.children;
    const kwTok = firstToken(c, 'Open', 'Paginate', 'Visit', 'Extract', 'Fill', 'Click', 'Submit', 'Wait', 'Log');
    if (!isRealToken(kwTok)) return undefined;
    const keywordRange = tokenRange(kwTok);
    const range = nodeRange(node, keywordRange);
    const values = nodes(c, 'value');
    const v = (i: number) => this.value(values[i], keywordRange);
    const body = () => {
      const b = nodes(c, 'stepBlock')[0];
      return b ? this.steps(b) : [];
    };
    const base = { keywordRange, range };
    switch (node.name) {
      case 'openStep': return { kind: 'open', url: v(0), ...base };
      case 'paginateStep': return { kind: 'paginate', next: v(0), max: v(1), body: body(), ...base };
      case 'visitStep': return { kind: 'visit', selector: v(0), max: values[1] ? v(1) : undefined, body: body(), ...base };
      case 'extractStep': return this.extract(node, base);
      case 'fillStep': return { kind: 'fill', selector: v(0), value: v(1), ...base };
      case 'clickStep': return { kind: 'click', selector: v(0), ...base };
      case 'submitStep': return { kind: 'submit', selector: v(0), ...base };
      case 'waitStep': return { kind: 'wait', duration: v(0), ...base };
      case 'logStep': return { kind: 'log', message: v(0), ...base };
      default: return undefined;
    }
  }

  extract(node: CstNode, base: { keywordRange: A.Range; range: A.Range }): A.ExtractStep {
    const c = node.children;
    const nameTok = realToken(c, 'Name');
    const datasetRange = nameTok ? tokenRange(nameTok) : base.keywordRange;
    const fields: A.Field[] = [];
    for (const f of nodes(c, 'field')) {
      const fc = f.children;
      const fname = realToken(fc, 'Name', 0);
      if (!fname) continue;
      const nameRange = tokenRange(fname);
      const asTok = realToken(fc, 'Name', 1);
      fields.push({
        kind: 'field',
        name: fname.image,
        nameRange,
        expr: this.value(nodes(fc, 'value')[0], nameRange),
        as: asTok ? { type: asTok.image, range: tokenRange(asTok) } : undefined,
        range: nodeRange(f, nameRange),
      });
    }
    const each = nodes(c, 'value')[0];
    return {
      kind: 'extract',
      dataset: nameTok?.image ?? '',
      datasetRange,
      each: each ? this.value(each, datasetRange) : undefined,
      fields,
      ...base,
    };
  }

  string(tok: IToken): A.StringValue {
    const range = tokenRange(tok);
    const { value, placeholders, problems } = decodeString(tok.image, range);
    return { kind: 'string', value, placeholders, problems, range };
  }

  value(node: CstNode | undefined, near: A.Range): A.Value {
    const missing: A.MissingValue = { kind: 'missing', range: { start: near.end, end: near.end } };
    if (!node) return missing;
    const c = node.children;
    const str = realToken(c, 'StringLiteral');
    if (str) return this.string(str);
    const num = realToken(c, 'NumberLiteral');
    if (num) return { kind: 'number', value: Number(num.image), text: num.image, range: tokenRange(num) };
    const dur = realToken(c, 'DurationLiteral');
    if (dur) return { kind: 'duration', text: dur.image, ms: parseDuration(dur.image), range: tokenRange(dur) };
    const list = nodes(c, 'list')[0];
    if (list) {
      const items = nodes(list.children, 'value').map((v) => this.value(v, near));
      return { kind: 'list', items, range: nodeRange(list, near) };
    }
    const names = tokens(c, 'Name');
    const head = names[0];
    if (!isRealToken(head)) return missing;
    const headRange = tokenRange(head);
    const args = nodes(c, 'args')[0];
    if (args) {
      const argValues = nodes(args.children, 'value').map((v) => this.value(v, headRange));
      return { kind: 'call', callee: head.image, calleeRange: headRange, args: argValues, range: nodeRange(node, headRange) };
    }
    const member = names[1];
    if (tokens(c, 'Dot').length) {
      const memberRange = isRealToken(member) ? tokenRange(member) : headRange;
      return {
        kind: 'member',
        object: head.image,
        member: isRealToken(member) ? member.image : '',
        objectRange: headRange,
        memberRange,
        range: spanRanges(headRange, memberRange),
      };
    }
    if (head.image === 'true' || head.image === 'false') return { kind: 'boolean', value: head.image === 'true', range: headRange };
    return { kind: 'word', value: head.image, range: headRange };
  }
}

export function cstToAst(cst: CstNode, uri: string): { declarations: A.Declaration[]; problems: Builder['problems'] } {
  const builder = new Builder(uri);
  const declarations = builder.file(cst);
  return { declarations, problems: builder.problems };
}
