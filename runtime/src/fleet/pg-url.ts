// Connection strings (postgres://, redis://) as users see them: the password is never printed (masked
// in every message), and a store that cannot be reached is a user error saying where and what to check.
import { RpaUserError } from '../user-error';

/** The URL with any password replaced by "•••" (postgres://rpa:•••@host:5432/db). */
export function shownUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:•••@');
}

/** A driver's error message about `url`, with the URL's password masked wherever it appears. */
export function maskedReason(url: string, cause: unknown): string {
  const reason = (cause instanceof Error ? cause.message : String(cause)).split(url).join(shownUrl(url));
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@/]*)@/i.exec(url)?.[1];
  return password ? reason.split(password).join('•••') : reason;
}

/** Why the store at `url` could not be opened, without its password (the driver's message is masked too). */
export function storeUnavailable(url: string, cause: unknown): Error {
  if (cause instanceof RpaUserError) return cause;
  return new RpaUserError(
    'store-unavailable',
    `The session store at ${shownUrl(url)} could not be opened: ${maskedReason(url, cause)}. Check that PostgreSQL runs there and accepts this user ` +
      '(for a local one: bash scripts/services.sh start .services prints a working RPA_STORE).',
  );
}
