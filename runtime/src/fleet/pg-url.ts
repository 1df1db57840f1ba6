// PostgreSQL connection strings as users see them: the password is never printed (masked in every
// message), and a server that cannot be reached is a user error saying where and what to check.
import { RpaUserError } from '../user-error';

/** The URL with any password replaced by "•••" (postgres://rpa:•••@host:5432/db). */
export function shownUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:•••@');
}

/** Why the store at `url` could not be opened, without its password (the driver's message is masked too). */
export function storeUnavailable(url: string, cause: unknown): Error {
  if (cause instanceof RpaUserError) return cause;
  const reason = (cause instanceof Error ? cause.message : String(cause)).split(url).join(shownUrl(url));
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@/]*)@/i.exec(url)?.[1];
  const safe = password ? reason.split(password).join('•••') : reason;
  return new RpaUserError(
    'store-unavailable',
    `The session store at ${shownUrl(url)} could not be opened: ${safe}. Check that PostgreSQL runs there and accepts this user ` +
      '(for a local one: bash scripts/services.sh start .services prints a working RPA_STORE).',
  );
}
