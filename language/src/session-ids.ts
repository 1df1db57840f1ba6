// The one rule for session IDs (Sequentum: any string), used by the checks, the engine and the store:
// 1–200 characters without control characters. Each caller adds how its user gives another ID.

export const MAX_SESSION_ID_LENGTH = 200;

/** What is wrong with a session ID, or undefined when it is usable. */
export function sessionIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || id.trim() === '') return 'a session ID cannot be empty or blank: give any unique text, e.g. "travel-1"';
  if (id.length > MAX_SESSION_ID_LENGTH) return `a session ID has at most ${MAX_SESSION_ID_LENGTH} characters, and this one has ${id.length}`;
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'a session ID cannot contain control characters (line breaks, tabs, …)';
  return undefined;
}

/** The ID as messages show it: quoted, and shortened when long. */
export function shownSessionId(id: unknown): string {
  const text = typeof id === 'string' ? id : String(id);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}
