// Shared helpers for the check suites: build a Workspace from inline documents, find a diagnostic by
// its code and the text it covers, and apply a quick fix to get the documents it produces.
import * as assert from 'node:assert/strict';
import {
  Workspace, checkWorkspace, type DeploymentState, type Diagnostic, type DiagnosticCode, type Fix, type Range, type SessionMode,
} from '../../../language/src/index';

export const MAIN = 'file:///ws/main.rpa';

/** A workspace of inline documents: one text (stored as MAIN) or uri → text. */
export function workspace(files: string | Record<string, string>, deployments?: Record<string, Array<{ run: string; mode: SessionMode }>>): Workspace {
  const state: DeploymentState | undefined = deployments ? { deployments: (bot) => deployments[bot] ?? [] } : undefined;
  const ws = new Workspace(state);
  const docs = typeof files === 'string' ? { [MAIN]: files } : files;
  for (const [uri, text] of Object.entries(docs)) ws.setFile(uri, text);
  return ws;
}

/** Every diagnostic of the workspace, in file then position order. */
export function diagnostics(ws: Workspace): Diagnostic[] {
  return [...checkWorkspace(ws).values()].flat();
}

export function codes(ws: Workspace): DiagnosticCode[] {
  return [...new Set(diagnostics(ws).map((d) => d.code))].sort();
}

/** The offset of a line/character position; asserts it agrees with the position's own offset. */
export function offsetAt(text: string, p: Range['start']): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < p.line; i++) offset += lines[i].length + 1;
  offset += p.character;
  assert.equal(offset, p.offset, `line ${p.line} character ${p.character} is offset ${offset}, but the range says ${p.offset}`);
  return offset;
}

/** The text a range covers in a workspace document. */
export function textOf(ws: Workspace, at: { uri: string; range: Range }): string {
  const text = ws.getFile(at.uri)?.text;
  assert.ok(text !== undefined, `no document ${at.uri}`);
  return text.slice(offsetAt(text, at.range.start), offsetAt(text, at.range.end));
}

function describe(ws: Workspace, all: Diagnostic[]): string {
  return all.map((d) => `  ${d.code} at ${JSON.stringify(textOf(ws, d))} (${d.uri}): ${d.message}`).join('\n') || '  (none)';
}

/**
 * The one diagnostic with `code` that covers exactly `covered` (in `uri` when given); fails listing
 * every diagnostic of the workspace when there is none or more than one.
 */
export function expectDiagnostic(ws: Workspace, code: DiagnosticCode, covered: string, uri?: string): Diagnostic {
  const all = diagnostics(ws);
  const hits = all.filter((d) => d.code === code && textOf(ws, d) === covered && (!uri || d.uri === uri));
  assert.equal(hits.length, 1, `expected one ${code} on ${JSON.stringify(covered)}, found ${hits.length}; all diagnostics:\n${describe(ws, all)}`);
  return hits[0];
}

/** Asserts that no diagnostic has `code`. */
export function expectNo(ws: Workspace, code: DiagnosticCode): void {
  const all = diagnostics(ws);
  assert.ok(!all.some((d) => d.code === code), `expected no ${code}; all diagnostics:\n${describe(ws, all)}`);
}

/** Asserts that the workspace raises exactly these codes (each at least once) and nothing else. */
export function expectCodes(ws: Workspace, expected: DiagnosticCode[]): void {
  assert.deepEqual(codes(ws), [...new Set(expected)].sort(), `all diagnostics:\n${describe(ws, diagnostics(ws))}`);
}

/** The fix whose title contains `title` (or the only / preferred fix). */
export function fixOf(d: Diagnostic, title?: string): Fix {
  const fixes = d.fixes ?? [];
  const found = title ? fixes.filter((f) => f.title.includes(title)) : fixes.length === 1 ? fixes : fixes.filter((f) => f.preferred);
  assert.equal(found.length, 1, `expected one fix${title ? ` titled '${title}'` : ''} on ${d.code}, have: ${fixes.map((f) => f.title).join(' | ') || 'none'}`);
  return found[0];
}

/** The documents after applying a fix (edits may target several documents); returns uri → new text. */
export function applyFix(ws: Workspace, fix: Fix): Record<string, string> {
  const out: Record<string, string> = {};
  for (const uri of ws.uris()) out[uri] = ws.getFile(uri)?.text ?? '';
  const byUri = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
  for (const [uri, edits] of byUri) {
    const text = out[uri];
    assert.ok(text !== undefined, `the fix edits ${uri}, which is not in the workspace`);
    const spans = edits
      .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
      .sort((a, b) => b.start - a.start);
    let next = text;
    let limit = Infinity;
    for (const s of spans) {
      assert.ok(s.end <= limit, 'the fix has overlapping edits');
      next = next.slice(0, s.start) + s.newText + next.slice(s.end);
      limit = s.start;
    }
    out[uri] = next;
  }
  return out;
}

/** Applies a fix and re-checks: the new workspace (same deployment state). */
export function afterFix(ws: Workspace, fix: Fix): Workspace {
  const next = new Workspace(ws.deploymentState);
  for (const [uri, text] of Object.entries(applyFix(ws, fix))) next.setFile(uri, text);
  return next;
}

/** A desktop bot with everything a clean check needs (login defaults and a description). */
export function desktopBot(name: string, extra = ''): string {
  return `bot ${name} {
  mode: desktop
  configurator { login { user: "CORP\\\\svc-desk", password: secret("DESK_PASSWORD") } }
  manager { description: "Desktop bot; contact rpa-ops@example.com" }${extra ? `\n  ${extra}` : ''}
}
`;
}

/** A clean secure bot: limit min(configurator, manager, licence) = the smallest given. */
export function secureBot(name: string, limits: { configurator?: number; manager?: number; licensed?: number } = { configurator: 3, manager: 4, licensed: 4 }): string {
  const configurator = [`login { user: "CORP\\\\svc-rpa", password: secret("RPA_PASSWORD") }`];
  if (limits.configurator !== undefined) configurator.push(`maxSecureSessions: ${limits.configurator}`);
  const manager = [`description: "Secure bot; contact rpa-ops@example.com"`];
  if (limits.manager !== undefined) manager.push(`maxSecureSessions: ${limits.manager}`);
  return `bot ${name} {
  mode: secure
${limits.licensed !== undefined ? `  licensedSecureSessions: ${limits.licensed}\n` : ''}  configurator {
    ${configurator.join('\n    ')}
  }
  manager {
    ${manager.join('\n    ')}
  }
  system { os: "Windows Server 2022", ramGb: 64, ramPerSessionGb: 4, terminalServer: true }
}
`;
}

/** A clean multiple-session agent with inputs baseUrl and category. */
export function multiAgent(name: string): string {
  return `agent ${name} {
  sessions: multiple
  sessionTimeout: 30m
  input { baseUrl: "http://127.0.0.1:8080", category: "travel" }
  export json "out/{session}.json"
  steps {
    open "{baseUrl}/catalogue/category/{category}/index.html"
    extract books each "article.product_pod" {
      title: attr("h3 a", "title")
    }
  }
}
`;
}
