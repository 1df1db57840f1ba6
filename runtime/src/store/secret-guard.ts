// Keeps secrets (`secret("…")` values, login.password) out of everything written down: the store
// refuses text that contains one, and redact() masks them in log lines, errors and events.
import { secretForms } from '../interpreter/secret-forms';
import { RpaUserError } from '../user-error';

export const REDACTED = '••••••';

/**
 * Secrets this short would match ordinary text everywhere, so they are only caught as whole values
 * (a field or an input that *is* the secret), not inside longer text.
 */
const MIN_SUBSTRING_LENGTH = 4;

export class SecretGuard {
  private readonly long = new Set<string>();
  private readonly short = new Set<string>();

  /** Registers a secret value in every encoded form (secret-forms.ts); empty values are ignored (there is nothing to hide). */
  add(value: string): void {
    for (const form of secretForms(value)) (form.length >= MIN_SUBSTRING_LENGTH ? this.long : this.short).add(form);
  }

  get size(): number {
    return this.long.size + this.short.size;
  }

  /** Whether the text is, or contains, a registered secret. */
  contains(text: string): boolean {
    if (this.size === 0) return false;
    if (this.short.has(text)) return true;
    for (const s of this.long) if (text.includes(s)) return true;
    return false;
  }

  /** The text with every registered secret replaced by a mask. */
  redact(text: string): string {
    if (this.size === 0) return text;
    if (this.short.has(text)) return REDACTED;
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const s of [...this.long].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    return out;
  }

  /**
   * Throws when the value holds a secret. `where` names what was about to be written, e.g.
   * `field "password" of dataset "logins" (session "travel-1")`.
   */
  check(value: unknown, where: string): void {
    if (this.size === 0) return;
    if (typeof value === 'string') {
      if (this.contains(value)) throw refused(where);
    } else if (Array.isArray(value)) {
      for (const v of value) this.check(v, where);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) this.check(v, `${where}.${k}`);
    }
  }
}

function refused(where: string): RpaUserError {
  return new RpaUserError(
    'secret-refused',
    `Refusing to store ${where}: it contains a secret (a secret("…") value or login.password). ` +
      'Secrets are never logged, stored or exported, as with MuleSoft RPA secure-session credentials. ' +
      'Remove login.password (or the secret input) from the extract step or log line, or mask it with redact() before writing.',
  );
}
