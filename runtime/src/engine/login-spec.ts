// The bot's login data as a session gets it: user and a reference to the password (`secret("ENV")`,
// read from the environment only inside the session), and the check that the secret is there.
import type { Block, Step } from '../../../language/src/ast';
import { allSteps, property, stepValues, stringOf } from '../../../language/src/model';
import { isSecretValue } from '../interpreter/values';
import type { LoginSpec } from './session-runner';
import { RpaUserError } from '../user-error';

/** A `login { user, password }` block as a LoginSpec; the password stays a reference to its variable. */
export function loginSpecOf(login: Block | undefined): LoginSpec | undefined {
  if (!login) return undefined;
  const spec: LoginSpec = { user: stringOf(property(login, 'user')) };
  const pw = property(login, 'password')?.value;
  if (pw?.kind === 'call' && pw.callee === 'secret' && pw.args[0]?.kind === 'string') spec.password = { env: pw.args[0].value };
  else if (pw?.kind === 'string') spec.password = { literal: pw.value };
  return spec;
}

/** Whether any step reads `login.password` (a fill step typing it into a login form). */
export function usesLoginPassword(steps: readonly Step[]): boolean {
  return allSteps(steps).some((s) => stepValues(s).some(isSecretValue));
}

/** The environment variable a session would read its password from but that is not set, if any. */
export function missingSecret(login: LoginSpec | undefined, steps: readonly Step[], lookup: (env: string) => string | undefined): string | undefined {
  const pw = login?.password;
  if (!pw || !('env' in pw) || lookup(pw.env) !== undefined || !usesLoginPassword(steps)) return undefined;
  return pw.env;
}

/** A start refused because a session would read secret("ENV") and the runtime's environment lacks ENV. */
export class MissingSecretError extends RpaUserError {
  constructor(readonly env: string) {
    super('missing-secret', missingSecretMessage(env));
  }
}

export function missingSecretMessage(env: string): string {
  return (
    `login.password reads secret("${env}"), but the environment variable ${env} is not set. The secure session reads the ` +
    `bot user's password from its environment at run time, so it is never written into the .rpa files, the store or the logs. ` +
    `Fix: set ${env} in the environment that starts the run (the terminal, or VS Code's environment), then run again.`
  );
}
