// Tokens → AST for a declaration without syntax errors (the common case), skipping the chevrotain CST:
// the AST equals what parser.ts plus cst-to-ast.ts build; at anything else it gives up and parse.ts uses them.
import { tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import type * as A from './ast';
import type { AstBuilder } from './cst-to-ast';
import { parseDuration } from './literals';
import * as T from './tokens';

/** Thrown inside this module only: the input is not one this parser reproduces exactly. */
const GIVE_UP = Symbol('give up');

const DECLARATION_KINDS = new Map<TokenType, A.DeclarationKind>([[T.Bot, 'bot'], [T.Agent, 'agent'], [T.Run, 'run']]);

/** Whether the parser takes a token of this type (by tokenTypeIdx) as a Name: chevrotain's own answer, read from an array. */
const IS_NAME: boolean[] = [];
for (const t of T.allTokens) IS_NAME[t.tokenTypeIdx as number] = tokenMatcher({ tokenType: t, tokenTypeIdx: t.tokenTypeIdx } as IToken, T.Name);

function span(start: A.Range, end: A.Range): A.Range {
  return { start: start.start, end: end.end };
}

/**
 * The declaration in `tokens` (one slice of parse.ts), or undefined when they hold a syntax error or
 * anything the CST path would report a problem for, so that path then parses them and reports it.
 * Every decision below is the one the parser's lookahead makes on input without errors.
 */
export function fastDeclaration(tokens: readonly IToken[], builder: AstBuilder): A.Declaration | undefined {
  try {
    return new FastParser(tokens, builder).declaration();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

class FastParser {
  private at = 0;

  constructor(
    private readonly tokens: readonly IToken[],
    private readonly b: AstBuilder,
  ) {}

  private is(type: TokenType, ahead = 0): boolean {
    return this.tokens[this.at + ahead]?.tokenType === type;
  }

  private isName(): boolean {
    const t = this.tokens[this.at];
    return t !== undefined && IS_NAME[t.tokenTypeIdx] === true;
  }

  /**
   * tokenRange(t) for the builder's lines, with one offset lookup instead of two: a code token holds no
   * line break, so it ends on the line it starts on.
   */
  private range(t: IToken): A.Range {
    const start = this.b.lines.position(t.startOffset);
    const length = t.image.length;
    return { start, end: { line: start.line, character: start.character + length, offset: t.startOffset + length } };
  }

  private take(type: TokenType): IToken {
    const t = this.tokens[this.at];
    if (t?.tokenType !== type) throw GIVE_UP;
    this.at++;
    return t;
  }

  private takeName(): IToken {
    if (!this.isName()) throw GIVE_UP;
    return this.tokens[this.at++];
  }

  declaration(): A.Declaration {
    const kw = this.tokens[this.at++];
    const kind = DECLARATION_KINDS.get(kw.tokenType);
    if (!kind) throw GIVE_UP;
    const keywordRange = this.range(kw);
    const nameTok = this.takeName();
    const nameRange = this.range(nameTok);
    const { members, close } = this.block();
    if (this.at !== this.tokens.length) throw GIVE_UP;
    return { kind, keywordRange, name: nameTok.image, nameRange, members, range: span(keywordRange, close), uri: this.b.uri };
  }

  /** `{ member ,? … }`, with the range of its `}`. */
  private block(): { members: A.Member[]; close: A.Range } {
    this.take(T.LCurly);
    const members: A.Member[] = [];
    while (!this.is(T.RCurly)) {
      members.push(this.member());
      if (this.is(T.Comma)) this.at++;
    }
    return { members, close: this.range(this.take(T.RCurly)) };
  }

  private member(): A.Member {
    if (this.is(T.Steps)) {
      const keyRange = this.range(this.tokens[this.at++]);
      const { steps, close } = this.stepBlock();
      return { kind: 'steps', keyRange, steps, range: span(keyRange, close) };
    }
    const keyTok = this.takeName();
    const key = keyTok.image;
    const keyRange = this.range(keyTok);
    if (this.is(T.Colon)) {
      this.at++;
      const value = this.value();
      return { kind: 'property', key, keyRange, value, range: span(keyRange, value.range) };
    }
    if (this.is(T.LCurly)) {
      const { members, close } = this.block();
      return { kind: 'block', key, keyRange, members, range: span(keyRange, close) };
    }
    if (this.is(T.StringLiteral) && this.is(T.LCurly, 1)) {
      const idTok = this.tokens[this.at++];
      const { members, close } = this.block();
      return { kind: 'session', key, keyRange, id: this.b.string(idTok), members, range: span(keyRange, close) };
    }
    if (key === 'export' && this.isName()) {
      const formatTok = this.tokens[this.at++];
      const formatRange = this.range(formatTok);
      // The path is optional; a name after the format could start the path or the next member: the CST path decides.
      if (this.isName()) throw GIVE_UP;
      const hasPath = this.is(T.StringLiteral) || this.is(T.NumberLiteral) || this.is(T.DurationLiteral) || this.is(T.LBracket);
      const path: A.Value = hasPath ? this.value() : { kind: 'missing', range: { start: formatRange.end, end: formatRange.end } };
      return { kind: 'export', key, keyRange, format: formatTok.image, formatRange, path, range: span(keyRange, path.range) };
    }
    throw GIVE_UP;
  }

  /** `{ step ,? … }`, with the range of its `}`. */
  private stepBlock(): { steps: A.Step[]; close: A.Range } {
    this.take(T.LCurly);
    const steps: A.Step[] = [];
    while (!this.is(T.RCurly)) {
      steps.push(this.step());
      if (this.is(T.Comma)) this.at++;
    }
    return { steps, close: this.range(this.take(T.RCurly)) };
  }

  private step(): A.Step {
    const kw = this.tokens[this.at++];
    if (kw === undefined) throw GIVE_UP;
    const keywordRange = this.range(kw);
    switch (kw.tokenType) {
      case T.Open: {
        const url = this.value();
        return { kind: 'open', url, keywordRange, range: span(keywordRange, url.range) };
      }
      case T.Paginate: {
        this.take(T.Next);
        const next = this.value();
        this.take(T.Max);
        const max = this.value();
        const { steps: body, close } = this.stepBlock();
        return { kind: 'paginate', next, max, body, keywordRange, range: span(keywordRange, close) };
      }
      case T.Visit: {
        this.take(T.Each);
        const selector = this.value();
        let max: A.Value | undefined;
        if (this.is(T.Max)) {
          this.at++;
          max = this.value();
        }
        const { steps: body, close } = this.stepBlock();
        return { kind: 'visit', selector, max, body, keywordRange, range: span(keywordRange, close) };
      }
      case T.Extract:
        return this.extract(keywordRange);
      case T.Fill: {
        const selector = this.value();
        this.take(T.With);
        const value = this.value();
        return { kind: 'fill', selector, value, keywordRange, range: span(keywordRange, value.range) };
      }
      case T.Click: {
        const selector = this.value();
        return { kind: 'click', selector, keywordRange, range: span(keywordRange, selector.range) };
      }
      case T.Submit: {
        const selector = this.value();
        return { kind: 'submit', selector, keywordRange, range: span(keywordRange, selector.range) };
      }
      case T.Wait: {
        const duration = this.value();
        return { kind: 'wait', duration, keywordRange, range: span(keywordRange, duration.range) };
      }
      case T.Log: {
        const message = this.value();
        return { kind: 'log', message, keywordRange, range: span(keywordRange, message.range) };
      }
      default:
        throw GIVE_UP;
    }
  }

  private extract(keywordRange: A.Range): A.ExtractStep {
    const nameTok = this.takeName();
    const datasetRange = this.range(nameTok);
    let each: A.Value | undefined;
    if (this.is(T.Each)) {
      this.at++;
      each = this.value();
    }
    this.take(T.LCurly);
    const fields: A.Field[] = [];
    while (!this.is(T.RCurly)) {
      fields.push(this.field());
      if (this.is(T.Comma)) this.at++;
    }
    const range = span(keywordRange, this.range(this.take(T.RCurly)));
    return { kind: 'extract', dataset: nameTok.image, datasetRange, each, fields, keywordRange, range };
  }

  private field(): A.Field {
    const fname = this.takeName();
    const nameRange = this.range(fname);
    this.take(T.Colon);
    const expr = this.value();
    let as: A.Field['as'];
    // The parser takes `as` here even when a field named `as` follows (one token of lookahead).
    if (this.is(T.As)) {
      this.at++;
      const asTok = this.takeName();
      as = { type: asTok.image, range: this.range(asTok) };
    }
    return { kind: 'field', name: fname.image, nameRange, expr, as, range: span(nameRange, as ? as.range : expr.range) };
  }

  private value(): A.Value {
    const t = this.tokens[this.at];
    if (t === undefined) throw GIVE_UP;
    switch (t.tokenType) {
      case T.StringLiteral:
        this.at++;
        return this.b.string(t);
      case T.NumberLiteral:
        this.at++;
        return { kind: 'number', value: Number(t.image), text: t.image, range: this.range(t) };
      case T.DurationLiteral:
        this.at++;
        return { kind: 'duration', text: t.image, ms: parseDuration(t.image), range: this.range(t) };
      case T.LBracket: {
        this.at++;
        const start = this.range(t);
        const items = this.valuesUntil(T.RBracket);
        return { kind: 'list', items, range: span(start, this.range(this.take(T.RBracket))) };
      }
    }
    const head = this.takeName();
    const headRange = this.range(head);
    if (this.is(T.LParen)) {
      this.at++;
      const args = this.valuesUntil(T.RParen);
      const range = span(headRange, this.range(this.take(T.RParen)));
      return { kind: 'call', callee: head.image, calleeRange: headRange, args, range };
    }
    if (this.is(T.Dot)) {
      this.at++;
      const member = this.takeName();
      const memberRange = this.range(member);
      return { kind: 'member', object: head.image, member: member.image, objectRange: headRange, memberRange, range: span(headRange, memberRange) };
    }
    if (head.image === 'true' || head.image === 'false') return { kind: 'boolean', value: head.image === 'true', range: headRange };
    return { kind: 'word', value: head.image, range: headRange };
  }

  /** Values separated by commas, up to (not taking) the closing token; none when it comes first. */
  private valuesUntil(close: TokenType): A.Value[] {
    const out: A.Value[] = [];
    if (this.is(close)) return out;
    out.push(this.value());
    while (this.is(T.Comma)) {
      this.at++;
      out.push(this.value());
    }
    return out;
  }
}
