// Semantic token data as LSP encodes it (five integers a token, positions relative to the one before):
// the edit from one version's data to the next (delta requests) and the tokens within a range.
import type { Range, SemanticTokensEdit } from 'vscode-languageserver/node';

/** The single edit that turns `before` into `after` (their common start and end kept); none when equal. */
export function tokenEdits(before: Uint32Array, after: Uint32Array): SemanticTokensEdit[] {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before[start] === after[start]) start++;
  start -= start % 5; // whole tokens: a token's first integers may match by chance
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  end -= end % 5;
  if (start === before.length && start === after.length) return [];
  return [{ start, deleteCount: before.length - start - end, data: Array.from(after.subarray(start, after.length - end)) }];
}

/** The tokens of `data` that overlap `range`, encoded relative to each other again. */
export function tokensInRange(data: Uint32Array, range: Range): number[] {
  const out: number[] = [];
  let line = 0;
  let character = 0;
  let lastLine = 0;
  let lastCharacter = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const end = character + data[i + 2];
    const afterStart = line > range.start.line || (line === range.start.line && end > range.start.character);
    const beforeEnd = line < range.end.line || (line === range.end.line && character < range.end.character);
    if (line > range.end.line) break;
    if (!afterStart || !beforeEnd) continue;
    out.push(line - lastLine, line === lastLine ? character - lastCharacter : character, data[i + 2], data[i + 3], data[i + 4]);
    lastLine = line;
    lastCharacter = character;
  }
  return out;
}
