// Checks an agent's steps against the session before anything is fetched: selectors compile, bounds and
// durations are valid, placeholders and inputs exist, login data is there, and no field stores the password.
import type { Step } from '../../../language/src/ast';
import { fieldType, pageCall } from './fields';
import type { SessionContext } from './host';
import { SelectorError, validateSelector } from './page';
import { StepError } from './errors';
import { contextValue, durationArg, isSecretValue, maxArg, stringArg } from './values';

/** Throws the first StepError found in the steps (depth first, in source order). */
export function preflight(steps: Step[], session: SessionContext): void {
  for (const step of steps) {
    try {
      checkStep(step, session);
    } catch (err) {
      if (err instanceof SelectorError) throw new StepError(err.message, step);
      throw err;
    }
  }
}

function selector(value: Parameters<typeof stringArg>[0], what: string, session: SessionContext, step: Step): void {
  validateSelector(stringArg(value, what, session, step));
}

function checkStep(step: Step, session: SessionContext): void {
  switch (step.kind) {
    case 'open':
      stringArg(step.url, 'The URL', session, step);
      return;
    case 'paginate':
      selector(step.next, 'The next-page selector', session, step);
      maxArg(step.max, step);
      preflight(step.body, session);
      return;
    case 'visit':
      selector(step.selector, 'The link selector', session, step);
      maxArg(step.max, step);
      preflight(step.body, session);
      return;
    case 'extract':
      if (step.each) selector(step.each, 'The each selector', session, step);
      for (const f of step.fields) {
        if (isSecretValue(f.expr)) {
          throw new StepError(
            `Field '${f.name}' reads login.password. The bot's password is a secret: it is never stored, exported or shown. ` +
              `Remove the field; use login.password only in 'fill "…" with login.password'.`,
            step,
          );
        }
        fieldType(f, step);
        if (f.expr.kind === 'call') validateSelector(pageCall(f.expr, session, step).selector);
        else if (!contextValue(f.expr, session, step)) {
          throw new StepError(`Field '${f.name}' has a value that is not understood: use text(…), attr(…), html(…), url(…), exists(…), input.NAME, session.id, login.user or a string.`, step);
        }
      }
      return;
    case 'fill':
      selector(step.selector, 'The field selector', session, step);
      if (step.value.kind === 'call') validateSelector(pageCall(step.value, session, step).selector);
      else if (!contextValue(step.value, session, step)) {
        throw new StepError(`'fill … with' needs a value: a string, input.NAME, session.id, login.user, login.password or a page value like text("…").`, step);
      }
      return;
    case 'click':
      selector(step.selector, 'The element selector', session, step);
      return;
    case 'submit':
      selector(step.selector, 'The form selector', session, step);
      return;
    case 'wait':
      durationArg(step.duration, step);
      return;
    case 'log':
      stringArg(step.message, 'The log message', session, step);
      return;
  }
}
