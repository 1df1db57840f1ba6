// The hover on `secret("NAME")` also says whether NAME is set for the file's folder, and where (VS Code's
// environment, the env file, or the secrets entered) — never its value. A language client middleware.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import type { SecretEnv, SecretSource } from './runtime/secret-env';

const SECRET_CALL = /secret\(\s*"([^"\\]*)"\s*\)/g;

/** The NAME of the secret("NAME") call at `character` of `line`, if the position is on one. */
function secretAt(line: string, character: number): string | undefined {
  for (const m of line.matchAll(SECRET_CALL)) if (character >= m.index && character <= m.index + m[0].length) return m[1];
  return undefined;
}

const WHERE: Record<SecretSource, string> = {
  environment: "in VS Code's environment",
  'env file': 'in the env file of the rpa.envFile setting',
  'secret storage': "entered earlier, in VS Code's secret storage",
};

export function secretHover(secrets: SecretEnv): Pick<Middleware, 'provideHover'> {
  return {
    async provideHover(document, position, token, next) {
      const hover = await next(document, position, token);
      const name = secretAt(document.lineAt(position.line).text, position.character);
      const folder = vscode.workspace.getWorkspaceFolder(document.uri);
      if (!name || !folder) return hover;
      const source = await secrets.sourceOf(folder, name);
      const status = new vscode.MarkdownString(
        source
          ? `\`${name}\` is set (${WHERE[source]}). Sessions read it at run time; it never reaches logs, the session store or exports.`
          : `\`${name}\` is not set: not in VS Code's environment, not in an env file (rpa.envFile), not entered. A run that needs it asks for it.`,
      );
      return new vscode.Hover([...(hover?.contents ?? []), status], hover?.range);
    },
  };
}
