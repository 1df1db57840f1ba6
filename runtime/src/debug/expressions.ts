// The debugger's expressions: the .rpa field-expression language (text("…"), attr("…", "…") as number,
// input.NAME, session.id, literals) plus page.*, record.* and comparisons for conditions. A small
// tokenizer and recursive descent: the worker that evaluates them stays free of a parser generator.
import { isFieldType, type FieldType } from '../interpreter/convert';
import type { FieldValue } from '../session-types';

export type PageFunction = 'text' | 'attr' | 'html' | 'url' | 'exists';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains';

export type Expr =
  | { kind: 'literal'; value: FieldValue }
  | { kind: 'member'; object: MemberObject; member: string }
  | { kind: 'call'; fn: PageFunction; args: string[] }
  | { kind: 'as'; expr: Expr; type: FieldType }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr };

/** What `object.member` may name: the session's inputs, the session, the last record, the page, the login user. */
export const MEMBER_OBJECTS = ['input', 'session', 'record', 'page', 'login'] as const;
export type MemberObject = (typeof MEMBER_OBJECTS)[number];

const FUNCTIONS: Record<PageFunction, number> = { text: 1, attr: 2, html: 1, url: 1, exists: 1 };

/** An expression that does not parse: what is wrong and where (0-based offset into the text). */
export class ExpressionError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'ExpressionError';
  }
}

interface Token {
  kind: 'string' | 'number' | 'word' | 'op' | 'punct' | 'end';
  text: string;
  offset: number;
  value?: string | number;
}

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_-]*)|(==|!=|<=|>=|<|>)|([().,]))/y;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  for (;;) {
    const start = text.slice(at).search(/\S/);
    if (start < 0) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new ExpressionError(`'${text[at + start]}' is not understood here`, at + start);
    const offset = at + start;
    if (m[1] !== undefined) out.push({ kind: 'string', text: m[1], offset, value: decode(m[1], offset) });
    else if (m[2] !== undefined) out.push({ kind: 'number', text: m[2], offset, value: Number(m[2]) });
    else if (m[3] !== undefined) out.push({ kind: 'word', text: m[3], offset });
    else if (m[4] !== undefined) out.push({ kind: 'op', text: m[4], offset });
    else out.push({ kind: 'punct', text: m[5], offset });
    at = TOKEN.lastIndex;
  }
  out.push({ kind: 'end', text: '', offset: text.length });
  return out;
}

/** A string literal's value, with the .rpa escapes (\" \\ \n \t \u{XXXX}). */
function decode(literal: string, offset: number): string {
  return literal.slice(1, -1).replace(/\\(u\{([0-9A-Fa-f]{1,6})\}|.)/g, (all, esc: string, hex: string | undefined) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (esc === 'n') return '\n';
    if (esc === 't') return '\t';
    if (esc === '"' || esc === '\\') return esc;
    throw new ExpressionError(`'${all}' is not an escape; use \\" \\\\ \\n \\t or \\u{XXXX}`, offset);
  });
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const e = this.or();
    const t = this.peek();
    if (t.kind !== 'end') throw new ExpressionError(`'${t.text}' is not expected here`, t.offset);
    return e;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private word(w: string): boolean {
    const t = this.peek();
    if (t.kind !== 'word' || t.text !== w) return false;
    this.i++;
    return true;
  }

  private expect(text: string, what: string): void {
    const t = this.next();
    if (t.text !== text || t.kind === 'string') throw new ExpressionError(`expected ${what}`, t.offset);
  }

  private or(): Expr {
    let left = this.and();
    while (this.word('or')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.word('and')) left = { kind: 'and', left, right: this.not() };
    return left;
  }

  private not(): Expr {
    return this.word('not') ? { kind: 'not', expr: this.not() } : this.compare();
  }

  private compare(): Expr {
    const left = this.typed();
    const t = this.peek();
    const op = t.kind === 'op' ? (t.text as CompareOp) : t.kind === 'word' && t.text === 'contains' ? 'contains' : undefined;
    if (!op) return left;
    this.i++;
    return { kind: 'compare', op, left, right: this.typed() };
  }

  private typed(): Expr {
    const expr = this.operand();
    if (!this.word('as')) return expr;
    const t = this.next();
    if (t.kind !== 'word' || !isFieldType(t.text)) throw new ExpressionError(`'as' needs a type: number, integer, boolean or date`, t.offset);
    return { kind: 'as', expr, type: t.text };
  }

  private operand(): Expr {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number') return { kind: 'literal', value: t.value! };
    if (t.kind === 'punct' && t.text === '(') {
      const inner = this.or();
      this.expect(')', "')'");
      return inner;
    }
    if (t.kind !== 'word') throw new ExpressionError(t.kind === 'end' ? 'the expression ends too early' : `'${t.text}' is not expected here`, t.offset);
    if (t.text === 'true' || t.text === 'false') return { kind: 'literal', value: t.text === 'true' };
    if (t.text === 'null') return { kind: 'literal', value: null };
    if (this.peek().text === '(' && this.peek().kind === 'punct') return this.call(t);
    if (this.peek().text === '.' && this.peek().kind === 'punct') {
      this.i++;
      const m = this.next();
      if (m.kind !== 'word') throw new ExpressionError(`expected a name after '${t.text}.'`, m.offset);
      if (!(MEMBER_OBJECTS as readonly string[]).includes(t.text)) throw new ExpressionError(`'${t.text}.${m.text}' names nothing: use ${MEMBER_OBJECTS.map((o) => `${o}.…`).join(', ')}`, t.offset);
      return { kind: 'member', object: t.text as MemberObject, member: m.text };
    }
    throw new ExpressionError(`'${t.text}' is not a value: use a string in quotes, a number, input.NAME, record.FIELD, page.url or text("…")`, t.offset);
  }

  private call(name: Token): Expr {
    if (!(name.text in FUNCTIONS)) throw new ExpressionError(`'${name.text}(…)' is not a field function: use text, attr, html, url or exists`, name.offset);
    const fn = name.text as PageFunction;
    this.i++; // (
    const args: string[] = [];
    while (this.peek().text !== ')' || this.peek().kind === 'string') {
      const a = this.next();
      if (a.kind !== 'string') throw new ExpressionError(`${fn}() takes strings in double quotes`, a.offset);
      args.push(a.value as string);
      if (this.peek().text === ',' && this.peek().kind === 'punct') this.i++;
      else break;
    }
    this.expect(')', `')' to close ${fn}(`);
    if (args.length !== FUNCTIONS[fn]) throw new ExpressionError(`${fn}() takes ${FUNCTIONS[fn] === 1 ? 'one string' : 'two strings'}`, name.offset);
    return { kind: 'call', fn, args };
  }
}

/** Parses a condition or value expression; throws an ExpressionError naming the problem and its offset. */
export function parseExpression(text: string): Expr {
  return new Parser(tokenize(text)).parse();
}
