// Diagnostic shape shared by the checks, the CLI and the language server, with every stable code
// and its severity (SPEC §2). Fixes are plain text edits so any surface can apply them.
import type { Range } from './ast';

export type Severity = 'error' | 'warning' | 'info';

export const DIAGNOSTIC_CODES = {
  'syntax-error': 'error',
  'unknown-property': 'error',
  'invalid-value': 'error',
  'duplicate-property': 'error',
  'missing-property': 'error',
  'duplicate-declaration': 'error',
  'unresolved-reference': 'error',
  'mode-mismatch': 'error',
  'mode-switch-while-deployed': 'error',
  'desktop-parallel': 'error',
  'sessions-exceed-limit': 'error',
  'no-secure-session-limit': 'error',
  'configurator-exceeds-license': 'warning',
  'terminal-server-required': 'warning',
  'capacity-exceeded': 'warning',
  'single-license': 'info',
  'no-default-session-settings': 'error',
  'multiple-sessions-not-supported': 'error',
  'duplicate-session-id': 'error',
  'missing-session-timeout': 'warning',
  'remove-immediately-without-export': 'error',
  'cleanup-external-not-database': 'warning',
  'plaintext-secret': 'warning',
  'unknown-input': 'error',
  'missing-description': 'info',
} as const satisfies Record<string, Severity>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface TextEdit {
  uri: string;
  range: Range;
  newText: string;
  /** The same edit as an LSP snippet (placeholders, choices) for editors that take one; expands to newText by default. */
  snippet?: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants (an editor may apply it with one key). */
  preferred?: boolean;
}

export interface RelatedInformation {
  uri: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  uri: string;
  range: Range;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  fixes?: Fix[];
  related?: RelatedInformation[];
}

export type Accept = (d: Omit<Diagnostic, 'severity' | 'uri'> & { uri?: string }) => void;

export function severityOf(code: DiagnosticCode): Severity {
  return DIAGNOSTIC_CODES[code];
}
