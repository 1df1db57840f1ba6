// Loads syntaxes/rpa.tmLanguage.json with the real TextMate engine VS Code uses (vscode-textmate over
// the oniguruma wasm) and renders a file's tokens as a readable snapshot of scopes per token.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

export const GRAMMAR_PATH = join(process.cwd(), 'syntaxes', 'rpa.tmLanguage.json');
export const ROOT_SCOPE = 'source.rpa';

export interface Token {
  line: number;
  text: string;
  /** Scopes without the root `source.rpa`, outermost first. */
  scopes: string[];
}

let loading: Promise<IGrammar> | undefined;

/** The grammar, loaded once per test run. */
export function loadGrammar(): Promise<IGrammar> {
  loading ??= (async () => {
    const wasm = readFileSync(join(process.cwd(), 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === ROOT_SCOPE ? parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
    });
    const grammar = await registry.loadGrammar(ROOT_SCOPE);
    if (!grammar) throw new Error(`${GRAMMAR_PATH} does not declare the scope ${ROOT_SCOPE}`);
    return grammar;
  })();
  return loading;
}

/** Tokenizes a whole file line by line, carrying the rule stack across lines as VS Code does. */
export function tokenize(grammar: IGrammar, text: string): Token[] {
  const tokens: Token[] = [];
  let stack = INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, stack);
    for (const t of result.tokens) {
      const scopes = t.scopes.filter((s) => s !== ROOT_SCOPE);
      tokens.push({ line, text: lineText.slice(t.startIndex, t.endIndex), scopes });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

/**
 * The snapshot of a file: each source line after `>`, then one row per token that carries a scope
 * (whitespace only inside strings and comments; text JSON-quoted so whitespace shows), e.g. `  "bot"  storage.type.bot.rpa`.
 */
export function renderSnapshot(text: string, tokens: Token[]): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  lines.forEach((lineText, line) => {
    if (line === lines.length - 1 && lineText === '') return;
    out.push(`>${lineText}`);
    for (const t of tokens) {
      if (t.line !== line || !isVisible(t)) continue;
      out.push(`  ${JSON.stringify(t.text).padEnd(24)} ${t.scopes.join(' ')}`);
    }
  });
  return out.join('\n') + '\n';
}

/** Whitespace matters in strings and comments only; elsewhere it would just bury the real tokens. */
function isVisible(t: Token): boolean {
  if (t.scopes.length === 0) return false;
  return t.text.trim() !== '' || t.scopes.some((s) => s.startsWith('string.') || s.startsWith('comment.'));
}

/** The scopes of the `occurrence`-th token whose text is exactly `text` (0-based). */
export function scopesOf(tokens: Token[], text: string, occurrence = 0): string[] {
  const matching = tokens.filter((t) => t.text === text);
  const token = matching[occurrence];
  if (!token) {
    throw new Error(`no token "${text}" #${occurrence} (found ${matching.length}); tokens: ${tokens.map((t) => JSON.stringify(t.text)).join(' ')}`);
  }
  return token.scopes;
}
