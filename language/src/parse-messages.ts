// Human wording for parser errors: says what was expected in .rpa terms instead of token type names.
// Plugged into the chevrotain parser as its error message provider.
import { defaultParserErrorProvider, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

const TOKEN_WORDS: Record<string, string> = {
  Name: 'a name',
  Identifier: 'a name',
  StringLiteral: 'a string',
  NumberLiteral: 'a number',
  DurationLiteral: 'a duration',
  LCurly: "'{'",
  RCurly: "'}'",
  LBracket: "'['",
  RBracket: "']'",
  LParen: "'('",
  RParen: "')'",
  Colon: "':'",
  Comma: "','",
  Dot: "'.'",
};

function describeType(t: TokenType): string {
  return TOKEN_WORDS[t.name] ?? `'${t.name.toLowerCase()}'`;
}

export function describeToken(token: IToken): string {
  if (token.tokenType.name === 'EOF') return 'the end of the file';
  return `'${token.image}'`;
}

function alternatives(paths: TokenType[][][]): string {
  const firsts = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path.length) firsts.add(describeType(path[0]));
  return [...firsts].join(', ');
}

const STEP_HINT = 'a step (open, paginate, visit, extract, fill, click, submit, wait or log)';

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (expected.name === 'Colon' && ruleName === 'member')
      return `Expected ':' before the value, found ${describeToken(actual)}; write properties as 'key: value'.`;
    return `Expected ${describeType(expected)} but found ${describeToken(actual)}.`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `Unexpected ${describeToken(firstRedundant)}: a file holds only bot, agent and run declarations.`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const found = describeToken(actual[0]);
    if (ruleName === 'step') return `Expected ${STEP_HINT}, found ${found}.`;
    if (ruleName === 'declaration') return `Expected 'bot', 'agent' or 'run' to start a declaration, found ${found}.`;
    if (ruleName === 'member')
      return `Expected ':' after the property name, found ${found}: write 'key: value' (or 'key { … }' for a block).`;
    if (ruleName === 'value')
      return `Expected a value (a string, number, duration, true/false, a name, secret("…") or a list), found ${found}.`;
    return `Expected one of ${alternatives(expectedPathsPerAlt)}, found ${found}.`;
  },
  buildEarlyExitMessage(options) {
    return defaultParserErrorProvider.buildEarlyExitMessage(options);
  },
};
