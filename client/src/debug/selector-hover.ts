// What a hover evaluates while a session is stopped: the string literal under the mouse (a selector,
// so the hover shows its matches on the stopped page), else the dotted name (`input.category`).
import * as vscode from 'vscode';

const STRING_LITERAL = /"(?:[^"\\\r\n]|\\.)*"/g;
const DOTTED_NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;

function evaluatableRange(line: string, character: number): { start: number; end: number } | undefined {
  for (const m of line.matchAll(STRING_LITERAL)) {
    if (character >= m.index && character < m.index + m[0].length) return { start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

export const evaluatableExpressions: vscode.EvaluatableExpressionProvider = {
  provideEvaluatableExpression(document, position) {
    const literal = evaluatableRange(document.lineAt(position.line).text, position.character);
    if (literal) return new vscode.EvaluatableExpression(new vscode.Range(position.line, literal.start, position.line, literal.end));
    const word = document.getWordRangeAtPosition(position, DOTTED_NAME);
    return word ? new vscode.EvaluatableExpression(word) : undefined;
  },
};
