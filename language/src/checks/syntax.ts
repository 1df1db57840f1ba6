// syntax-error: every lexer and parser error the recovering parser found, one diagnostic each.
import type { CheckContext } from './check';

export function checkSyntax({ file, accept }: CheckContext): void {
  for (const e of file.parseErrors) accept({ code: 'syntax-error', range: e.range, message: e.message });
}
