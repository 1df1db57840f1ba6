// What `check` prints: each diagnostic with the file it belongs to, either compiler-style text
// (`file:line:col: severity code: message`, source line, carets, summary) or the JSON of SPEC §4.
import type { Diagnostic, Severity } from '../../../language/src/index';
import { plural, type StyleName, type Styler } from '../cli-context';
import { codeFrame } from './code-frame';
import type { LoadedFile } from '../../../runtime/src/node/rpa-files';

export interface Finding {
  file: LoadedFile;
  diagnostic: Diagnostic;
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

const SUMMARY_KEY: Record<Severity, keyof Summary> = { error: 'errors', warning: 'warnings', info: 'infos' };
const SEVERITY_STYLE: Record<Severity, StyleName> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** Findings ordered by file (as shown) and then by position, as checkWorkspace sorts each file. */
export function collectFindings(results: ReadonlyMap<string, Diagnostic[]>, files: readonly LoadedFile[]): Finding[] {
  const out: Finding[] = [];
  for (const file of files) for (const diagnostic of results.get(file.uri) ?? []) out.push({ file, diagnostic });
  return out;
}

export function summarize(findings: readonly Finding[]): Summary {
  const summary: Summary = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) summary[SUMMARY_KEY[f.diagnostic.severity]]++;
  return summary;
}

// ---- JSON: exactly {"diagnostics":[{file,line,column,endLine,endColumn,severity,code,message}],
// "summary":{errors,warnings,infos}}, 1-based lines and columns, paths relative to the cwd.

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface JsonReport {
  diagnostics: JsonDiagnostic[];
  summary: Summary;
}

export function jsonReport(findings: readonly Finding[], summary: Summary): JsonReport {
  return {
    diagnostics: findings.map(({ file, diagnostic: d }) => ({
      file: file.shown,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
    summary: { errors: summary.errors, warnings: summary.warnings, infos: summary.infos },
  };
}

export function formatJson(findings: readonly Finding[], summary: Summary): string {
  return JSON.stringify(jsonReport(findings, summary), null, 2) + '\n';
}

// ---- Text, like a compiler's.

function snippet(file: LoadedFile, d: Diagnostic, s: Styler): string[] {
  const frame = codeFrame(file, d.range);
  if (!frame) return [];
  return [
    `${s.paint('dim', ` ${frame.number} |`)} ${frame.source}`,
    `${s.paint('dim', ` ${' '.repeat(frame.number.length)} |`)} ${frame.pad}${s.paint(['bold', SEVERITY_STYLE[d.severity]], frame.carets)}`,
  ];
}

function location(shown: string, d: { range: Diagnostic['range'] }): string {
  return `${shown}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
}

function formatFinding(f: Finding, shownOf: (uri: string) => string, s: Styler): string {
  const d = f.diagnostic;
  const head =
    `${s.paint('bold', location(f.file.shown, d) + ':')} ` +
    `${s.paint(['bold', SEVERITY_STYLE[d.severity]], d.severity)} ${s.paint('bold', d.code)}: ${d.message}`;
  const notes = (d.related ?? []).map((r) => ` ${s.paint('dim', '=')} note: ${location(shownOf(r.uri), r)}: ${r.message}`);
  return [head, ...snippet(f.file, d, s), ...notes].join('\n');
}

/** "2 errors, 1 warning, 0 infos in 5 files". */
export function summaryLine(summary: Summary, fileCount: number): string {
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')} in ${plural(fileCount, 'file')}`;
}

export function formatText(findings: readonly Finding[], summary: Summary, files: readonly LoadedFile[], s: Styler): string {
  const shownByUri = new Map(files.map((f) => [f.uri, f.shown]));
  const shownOf = (uri: string) => shownByUri.get(uri) ?? uri;
  const blocks = findings.map((f) => formatFinding(f, shownOf, s) + '\n');
  const style: StyleName[] = summary.errors ? ['bold', 'red'] : summary.warnings ? ['bold', 'yellow'] : ['green'];
  return [...blocks, s.paint(style, summaryLine(summary, files.length))].join('\n') + '\n';
}
