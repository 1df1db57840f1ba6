// Schema checks: unknown-property, invalid-value, duplicate-property and missing-property for every
// block of every declaration, driven by schema.ts; unknown keys get a did-you-mean quick fix.
import type * as A from '../ast';
import type { Accept, TextEdit } from '../diagnostics';
import { positionAt, emptyRangeAt } from '../ranges';
import { DECLARATION_SPECS, EXPORT_FORMATS, type BlockSpec, type MemberSpec, type ValueType } from '../schema';
import { closest } from '../suggest';
import type { CheckContext } from './check';
import { checkValueType } from './value-types';
import { escapeSnippet, removeMember, withSnippet } from './edits';
import { sessionIdProblem, shownSessionId } from '../session-ids';

export function checkSchema({ file, accept }: CheckContext): void {
  for (const decl of file.ast.declarations) {
    const spec = DECLARATION_SPECS[decl.kind];
    checkBlock(decl.members, spec, decl.kind, file.uri, file.text, accept);
    checkRequired(decl, spec, file.uri, file.text, accept);
  }
}

function memberKey(m: A.Member): string {
  return m.kind === 'steps' ? 'steps' : m.key;
}

function memberKeyRange(m: A.Member): A.Range {
  return m.keyRange;
}

/** A block's member specs by name (a lookup per member of every block checked). */
const specsByName = new WeakMap<BlockSpec, Map<string, MemberSpec>>();

function memberSpecNamed(spec: BlockSpec, name: string): MemberSpec | undefined {
  let byName = specsByName.get(spec);
  if (!byName) {
    byName = new Map();
    // The first spec of a name wins, as a find over the list would.
    for (const s of spec.members) if (!byName.has(s.name)) byName.set(s.name, s);
    specsByName.set(spec, byName);
  }
  return byName.get(name);
}

function checkBlock(members: A.Member[], spec: BlockSpec, path: string, uri: string, text: string, accept: Accept): void {
  const seen = new Map<string, A.Member>();
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    const key = memberKey(m);
    const memberSpec = memberSpecNamed(spec, key);
    if (m.kind !== 'session') {
      const first = seen.get(key);
      if (first) {
        accept({
          code: 'duplicate-property',
          range: memberKeyRange(m),
          message: `'${key}' is set twice in ${path}: only one value can apply. Remove one of them.`,
          related: [{ uri, range: memberKeyRange(first), message: `'${key}' is first set here` }],
          fixes: [{ title: `Remove this '${key}'`, edits: [removeMember(uri, text, m)] }],
        });
      } else seen.set(key, m);
    }
    if (!memberSpec) {
      if (spec.anyKey && m.kind === 'property') {
        reportValue(m.value, spec.anyKey, `input '${m.key}'`, uri, accept);
        continue;
      }
      reportUnknown(m, spec, path, uri, accept);
      continue;
    }
    checkMemberShape(m, memberSpec, path, uri, text, accept);
  }
}

function reportUnknown(m: A.Member, spec: BlockSpec, path: string, uri: string, accept: Accept): void {
  const key = memberKey(m);
  const allowed = spec.members.filter((s) => s.kind !== 'session' || m.kind === 'session').map((s) => s.name);
  const guess = closest(key, allowed);
  const list = allowed.length ? ` Allowed here: ${allowed.join(', ')}.` : '';
  accept({
    code: 'unknown-property',
    range: memberKeyRange(m),
    message: `'${key}' is not a property of ${path}.${guess ? ` Did you mean '${guess}'?` : list}`,
    fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ uri, range: memberKeyRange(m), newText: guess }], preferred: true }] : undefined,
  });
}

function wrongShape(m: A.Member, spec: MemberSpec, path: string, how: string, accept: Accept): void {
  accept({ code: 'invalid-value', range: memberKeyRange(m), message: `'${spec.name}' in ${path} ${how}.` });
}

function checkMemberShape(m: A.Member, spec: MemberSpec, path: string, uri: string, text: string, accept: Accept): void {
  switch (spec.kind) {
    case 'property':
      if (m.kind !== 'property') return wrongShape(m, spec, path, `is a property: write '${spec.name}: ${spec.example ?? 'value'}'`, accept);
      reportValue(m.value, spec.type, `'${path}.${spec.name}'`, uri, accept);
      return;
    case 'block':
      if (m.kind !== 'block') return wrongShape(m, spec, path, `is a block: write '${spec.name} { … }'`, accept);
      checkBlock(m.members, spec, `${path}.${spec.name}`, uri, text, accept);
      return;
    case 'export':
      if (m.kind !== 'export') return wrongShape(m, spec, path, `is written 'export FORMAT "PATH"' with FORMAT one of ${EXPORT_FORMATS.join(', ')}`, accept);
      checkExport(m, uri, accept);
      return;
    case 'steps':
      if (m.kind !== 'steps') return wrongShape(m, spec, path, "is a block of steps: write 'steps { … }'", accept);
      return;
    case 'session':
      if (m.kind !== 'session') return wrongShape(m, spec, path, `is written 'session "ID" { input: value … }'`, accept);
      checkSession(m, uri, accept);
      return;
  }
}

function checkExport(m: A.ExportEntry, uri: string, accept: Accept): void {
  if (!(EXPORT_FORMATS as readonly string[]).includes(m.format)) {
    const guess = closest(m.format, EXPORT_FORMATS);
    accept({
      code: 'invalid-value',
      range: m.formatRange,
      message: `'${m.format}' is not an export format: use ${EXPORT_FORMATS.join(', ')}.${guess ? ` Did you mean '${guess}'?` : ''}`,
      fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ uri, range: m.formatRange, newText: guess }], preferred: true }] : undefined,
    });
  }
  reportValue(m.path, { kind: 'string' }, 'the export path', uri, accept);
  if (m.path.kind === 'string' && m.path.value.trim() === '')
    accept({ code: 'invalid-value', range: m.path.range, message: 'The export path is empty: give a file path such as "out/{session}.json".' });
}

function checkSession(m: A.SessionEntry, uri: string, accept: Accept): void {
  reportStringProblems(m.id, accept);
  const problem = sessionIdProblem(m.id.value);
  if (problem) accept({ code: 'invalid-value', range: m.id.range, message: `Session ID ${shownSessionId(m.id.value)} is not usable: ${problem}.` });
  for (const input of m.members) {
    if (input.kind === 'property') reportValue(input.value, { kind: 'scalar' }, `input '${input.key}'`, uri, accept);
    else
      accept({
        code: 'invalid-value',
        range: input.keyRange,
        message: `A session entry holds only inputs written 'name: value'; '${input.kind === 'steps' ? 'steps' : input.key}' is not one.`,
      });
  }
}

/** Run for every value checked, mostly before the JIT has optimized it: indexed loops, no iterators. */
export function reportStringProblems(v: A.Value, accept: Accept): void {
  if (v.kind === 'string') {
    for (let i = 0; i < v.problems.length; i++) accept({ code: 'invalid-value', range: v.problems[i].range, message: v.problems[i].message });
  } else if (v.kind === 'list' || v.kind === 'call') {
    const items = v.kind === 'list' ? v.items : v.args;
    for (let i = 0; i < items.length; i++) reportStringProblems(items[i], accept);
  }
}

export function reportValue(v: A.Value, type: ValueType, what: string, uri: string, accept: Accept): void {
  reportStringProblems(v, accept);
  const problem = checkValueType(v, type, what);
  if (!problem) return;
  accept({
    code: 'invalid-value',
    range: v.range,
    message: problem.message,
    fixes: problem.replacement !== undefined
      ? [{ title: `Change to ${problem.replacement}`, edits: [{ uri, range: v.range, newText: problem.replacement }], preferred: true }]
      : undefined,
  });
}

function checkRequired(decl: A.Declaration, spec: BlockSpec, uri: string, text: string, accept: Accept): void {
  // The parser reported a missing name; a run's bot and agent are checked in run-targets.ts, whose fixes offer declared names.
  if (!decl.name || decl.kind === 'run') return;
  for (const s of spec.members) {
    const required = s.kind === 'steps' ? s.required : s.kind === 'property' && s.required;
    if (!required || decl.members.some((m) => memberKey(m) === s.name)) continue;
    const brace = text.indexOf('{', decl.nameRange.end.offset);
    const insertAt = brace >= 0 && brace < decl.range.end.offset ? emptyRangeAt(positionAt(text, brace + 1)) : undefined;
    accept({
      code: 'missing-property',
      range: decl.nameRange,
      message: `${decl.kind} '${decl.name}' has no '${s.name}': ${requiredWhy(decl.kind, s.name)}`,
      fixes: insertAt ? [{ title: `Add '${s.name}'`, edits: [requiredEdit(uri, insertAt, s)] }] : undefined,
    });
  }
}

/** The edit that adds a required member: `steps` with a placeholder step (a snippet where the editor takes one). */
function requiredEdit(uri: string, at: A.Range, s: MemberSpec): TextEdit {
  if (s.kind !== 'steps') return { uri, range: at, newText: `\n  ${s.name}: ${(s as { example?: string }).example ?? ''}` };
  const edit = { uri, range: at, newText: `\n  steps {\n    ${PLACEHOLDER_STEP}\n  }` };
  return withSnippet(edit, PLACEHOLDER_STEP, `\${1:${escapeSnippet(PLACEHOLDER_STEP)}}`);
}

const PLACEHOLDER_STEP = 'open "https://example.com/"';

function requiredWhy(kind: A.DeclarationKind, name: string): string {
  if (kind === 'bot' && name === 'mode') return "every bot runs in a session mode. Add 'mode: secure' (hidden parallel sessions) or 'mode: desktop' (the console session).";
  if (kind === 'agent' && name === 'steps') return "an agent without steps does nothing. Add 'steps { open \"URL\" … }'.";
  return `add '${name}'.`;
}
