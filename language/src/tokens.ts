// Token types of the .rpa language: literals, punctuation, comments and contextual keywords.
// Keywords belong to the Name category, so a keyword can still be used as a property or field name
// (all but `steps`, which is reserved).
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_-]*/,
  categories: [Name],
});

function keyword(word: string, { reserved = false } = {}): TokenType {
  return createToken({
    name: word.charAt(0).toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: reserved ? [] : [Name],
  });
}

/** Declaration keywords. */
export const Bot = keyword('bot');
export const Agent = keyword('agent');
export const Run = keyword('run');
/** `steps` opens a block of steps; reserved (never a name) so members parse with one token of lookahead. */
export const Steps = keyword('steps', { reserved: true });
/** Step keywords. */
export const Open = keyword('open');
export const Paginate = keyword('paginate');
export const Visit = keyword('visit');
export const Extract = keyword('extract');
export const Fill = keyword('fill');
export const Click = keyword('click');
export const Submit = keyword('submit');
export const Wait = keyword('wait');
export const Log = keyword('log');
/** Words inside steps. */
export const Next = keyword('next');
export const Max = keyword('max');
export const Each = keyword('each');
export const With = keyword('with');
export const As = keyword('as');

export const STEP_KEYWORDS = ['open', 'paginate', 'visit', 'extract', 'fill', 'click', 'submit', 'wait', 'log'] as const;

/** A number directly followed by letters: a duration such as `45s` or `1h30m` (checked in the AST). */
export const DurationLiteral = createToken({ name: 'DurationLiteral', pattern: /\d+(?:\.\d+)?[A-Za-z][A-Za-z0-9]*/ });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /-?\d+(?:\.\d+)?/ });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\.)*"/ });

export const LCurly = createToken({ name: 'LCurly', pattern: /{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /}/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });

export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
  line_breaks: true,
});
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\uFEFF]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** Every keyword token, each matching exactly its word (a longer word is an Identifier). */
export const keywords = [Bot, Agent, Run, Steps, Open, Paginate, Visit, Extract, Fill, Click, Submit, Wait, Log, Next, Max, Each, With, As];

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  StringLiteral,
  DurationLiteral,
  NumberLiteral,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Colon,
  Comma,
  Dot,
  ...keywords,
  Identifier,
  Name,
];
