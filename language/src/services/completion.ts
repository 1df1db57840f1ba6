// Completion items for the slot under the cursor: keywords and snippets, the properties a block
// allows (those not set yet), enum values (fitting ones first), bot and agent names, inputs, steps and field expressions.
import type * as A from '../ast';
import { block, effectiveLimit, inputNames, sessionEntries } from '../model';
import { describeType, FIELD_FUNCTIONS, FIELD_TYPES, MEMBER_OBJECTS, STEP_DOCS, type MemberSpec, type ValueType } from '../schema';
import type { Workspace } from '../workspace';
import { agentFor, linked, offsetAt, SESSION_PLACEHOLDER, touches, valueText, type LineCharacter } from './context';
import { completionContext, type CompletionContext, type Frame } from './completion-context';
import { DECLARATION_SNIPPETS, STEP_SNIPPETS, escapeSnippet } from './snippets';
import { preferredValues } from './value-ranking';
import { blockSpecAt, memberKey } from './walk';

export type CompletionKind = 'keyword' | 'property' | 'block' | 'value' | 'reference' | 'snippet' | 'function' | 'variable' | 'type';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert; the label when absent. */
  insertText?: string;
  /** Whether insertText is a snippet (`$1`, `${1:default}`, `${1|a,b|}`). */
  snippet?: boolean;
  sortText?: string;
  /** What the typed word is matched against, when not the label. */
  filterText?: string;
  /** The text the entry replaces. */
  range: A.Range;
}

export function complete(ws: Workspace, uri: string, pos: LineCharacter): CompletionEntry[] {
  const file = ws.getFile(uri);
  if (!file) return [];
  const offset = offsetAt(file, pos);
  const ctx = completionContext(file, offset);
  const entry = (e: Omit<CompletionEntry, 'range'>): CompletionEntry => ({ ...e, range: ctx.range });
  const items = itemsFor(ws, ctx, offset);
  // Right after `key:` a value goes in with a space before it, as the formatter writes it.
  if (ctx.slot.kind === 'value' && file.text.charAt(ctx.range.start.offset - 1) === ':')
    return items.map((e) => entry({ ...e, insertText: ` ${e.insertText ?? e.label}`, filterText: e.filterText ?? e.label }));
  return items.map(entry);
}

type Item = Omit<CompletionEntry, 'range'>;

function itemsFor(ws: Workspace, ctx: CompletionContext, offset: number): Item[] {
  const { slot, decl } = ctx;
  const frames = ctx.frames;
  const frame = frames[frames.length - 1];
  switch (slot.kind) {
    case 'top-level':
      return topLevel(ws);
    case 'key':
      if (!decl || !frame) return [];
      if (frame.kind === 'session') return sessionInputKeys(ws, decl, offset);
      return memberKeys(decl, frames, offset);
    case 'value':
      return decl ? valuesFor(ws, decl, frames, slot.key) : [];
    case 'export-format':
      return ['database', 'csv', 'json', 'script'].map((f) => ({ label: f, kind: 'value', documentation: EXPORT_DOC[f] }));
    case 'step':
      return Object.entries(STEP_DOCS).map(([kw, d]) => ({
        label: kw,
        kind: 'keyword',
        detail: d.syntax,
        documentation: d.doc,
        insertText: STEP_SNIPPETS[kw],
        snippet: true,
      }));
    case 'step-word':
      return slot.words.map((w) => ({ label: w, kind: 'keyword' }));
    case 'expression':
      return expressions();
    case 'after-expression':
      return [{ label: 'as', kind: 'keyword', detail: `as ${FIELD_TYPES.join('|')}`, documentation: 'Convert the extracted text to another type.' }];
    case 'as-type':
      return FIELD_TYPES.map((t) => ({ label: t, kind: 'type' }));
    case 'member':
      return memberNames(ws, decl, slot.object);
    case 'placeholder':
      return placeholderNames(ws, decl, slot.closed, slot.inExport);
    case 'none':
      return [];
  }
}

function topLevel(ws: Workspace): Item[] {
  const keywords: Item[] = (['bot', 'agent', 'run'] as const).map((k) => ({
    label: k,
    kind: 'keyword',
    detail: `${k} NAME { … }`,
    documentation: blockSpecAt(k, [])?.doc,
    sortText: `0${k}`,
  }));
  const names = (kind: 'bot' | 'agent') => [...new Set(ws.allDeclarations(kind).map((d) => d.name).filter(Boolean))];
  const snippets: Item[] = (['bot', 'agent', 'run'] as const).map((k) => ({
    label: `${k} (new ${k})`,
    kind: 'snippet',
    detail: `A new ${k} declaration`,
    documentation: blockSpecAt(k, [])?.doc,
    insertText: DECLARATION_SNIPPETS[k](names('bot'), names('agent')),
    snippet: true,
    sortText: `1${k}`,
    filterText: k,
  }));
  return [...keywords, ...snippets];
}

const EXPORT_DOC: Record<string, string> = {
  database: 'An SQLite file, one table per dataset with a `session_id` column. With `cleanupExternalSessionData: true` a session\'s rows are deleted at cleanup.',
  csv: 'One CSV file per dataset. Never cleaned up automatically: that is your responsibility.',
  json: 'One JSON file per dataset. Never cleaned up automatically: that is your responsibility.',
  script: 'A JS module called with the session\'s records. Whatever it writes is never cleaned up automatically.',
};

/** The container (declaration or block) the frames lead to in the AST. */
function containerAt(decl: A.Declaration, frames: Frame[]): { members: A.Member[] } | undefined {
  let container: { members: A.Member[] } | undefined = decl;
  for (const f of frames.slice(1)) container = f.kind === 'block' ? block(container, f.key) : undefined;
  return container;
}

function blockPath(frames: Frame[]): Array<{ kind: string; key: string }> | undefined {
  const path: Array<{ kind: string; key: string }> = [];
  for (const f of frames.slice(1)) {
    if (f.kind !== 'block') return undefined;
    path.push({ kind: 'block', key: f.key });
  }
  return path;
}

/** The members the block allows that are not set yet (the one being typed at `offset` aside); session entries repeat. */
function memberKeys(decl: A.Declaration, frames: Frame[], offset: number): Item[] {
  const path = blockPath(frames);
  const spec = path && blockSpecAt(decl.kind, path);
  if (!spec) return [];
  const present = new Set((containerAt(decl, frames)?.members ?? []).filter((m) => !touches(m.range, offset)).map(memberKey));
  return spec.members.filter((m) => m.kind === 'session' || !present.has(m.name)).map((m) => ({
    label: m.name,
    kind: m.kind === 'property' ? 'property' : 'block',
    detail: m.kind === 'property' ? describeType(m.type).replace(/`/g, '') : m.kind === 'session' ? 'session "ID" { … }' : `${m.name} { … }`,
    documentation: m.doc,
    insertText: memberSnippet(m),
    snippet: true,
  }));
}

function memberSnippet(m: MemberSpec): string {
  switch (m.kind) {
    case 'property':
      return m.type.kind === 'enum' ? `${m.name}: \${1|${m.type.values.join(',')}|}` : `${m.name}: \${1:${escapeSnippet(m.example ?? '')}}`;
    case 'block':
      return m.anyKey ? `${m.name} { \${1:name}: \${2:"value"} }` : `${m.name} {\n\t$0\n}`;
    case 'export':
      return `export \${1|${m.formats.join(',')}|} "\${2:out/data.sqlite}"`;
    case 'steps':
      return 'steps {\n\t$0\n}';
    case 'session':
      return 'session "${1:id}" {\n\t$0\n}';
  }
}

function valuesFor(ws: Workspace, decl: A.Declaration, frames: Frame[], key: string): Item[] {
  const frame = frames[frames.length - 1];
  if (frame.kind === 'session') return [];
  const path = blockPath(frames);
  const spec = path && blockSpecAt(decl.kind, path)?.members.find((m) => m.name === key);
  if (spec?.kind !== 'property') return [];
  const preferred = frames.length === 1 ? preferredValues(ws, decl, key) : [];
  const items = valuesOfType(ws, spec.type, spec.doc).map((item) =>
    preferred.length ? { ...item, sortText: `${preferred.includes(item.label) ? 0 : 1}${item.label}` } : item,
  );
  if (decl.kind === 'run' && key === 'sessions' && frames.length === 1) {
    const bot = linked(ws, decl, 'bot');
    const limit = bot ? effectiveLimit(bot).limit : undefined;
    if (limit !== undefined)
      items.push({ label: String(limit), kind: 'value', detail: `the effective limit of bot ${bot?.name}`, sortText: '0' });
  }
  if (!items.length && spec.example) items.push({ label: spec.example, kind: 'value', detail: 'example', documentation: spec.doc });
  return items;
}

function valuesOfType(ws: Workspace, type: ValueType, doc: string): Item[] {
  switch (type.kind) {
    case 'enum':
      return type.values.map((v) => ({ label: v, kind: 'value', documentation: doc }));
    case 'boolean':
      return ['true', 'false'].map((v) => ({ label: v, kind: 'value' }));
    case 'reference': {
      const seen = new Set<string>();
      const out: Item[] = [];
      for (const d of ws.allDeclarations(type.target)) {
        if (!d.name || seen.has(d.name)) continue;
        seen.add(d.name);
        out.push({ label: d.name, kind: 'reference', detail: `${type.target} in ${d.uri.slice(d.uri.lastIndexOf('/') + 1)}`, documentation: d.doc });
      }
      return out;
    }
    case 'secret':
      return [{ label: 'secret("…")', kind: 'function', insertText: 'secret("${1:BOT_PASSWORD}")', snippet: true, documentation: 'Read the password from an environment variable at run time; it is never logged, stored, exported or shown in the debugger.' }];
    default:
      return [];
  }
}

function sessionInputKeys(ws: Workspace, run: A.Declaration, offset: number): Item[] {
  const agent = agentFor(ws, run);
  if (!agent) return [];
  const entry = sessionEntries(run).find((e) => touches(e.range, offset));
  const present = new Set(entry?.members.map(memberKey) ?? []);
  return [...inputNames(agent)].map(([name, p]) => ({
    label: name,
    kind: 'variable',
    detail: `input of ${agent.name}`,
    documentation: `Default: \`${valueText(p.value).replace(/`/g, "'")}\``,
    insertText: `${name}: \${1:${escapeSnippet(valueText(p.value))}}`,
    snippet: true,
    sortText: `${present.has(name) ? 1 : 0}${name}`,
  }));
}

function expressions(): Item[] {
  const fns: Item[] = Object.entries(FIELD_FUNCTIONS).map(([name, f]) => ({
    label: name,
    kind: 'function',
    detail: `${name}(${f.params.join(', ')})`,
    documentation: f.doc,
    insertText: `${name}(${f.params.map((p, i) => `"\${${i + 1}:${p.toLowerCase()}}"`).join(', ')})`,
    snippet: true,
  }));
  const members: Item[] = Object.entries(MEMBER_OBJECTS).map(([object, m]) => ({
    label: object,
    kind: 'variable',
    detail: m.members ? m.members.map((x) => `${object}.${x}`).join(', ') : `${object}.NAME`,
    documentation: m.doc,
  }));
  return [...fns, ...members];
}

function memberNames(ws: Workspace, decl: A.Declaration | undefined, object: string): Item[] {
  if (object === 'input') {
    const agent = decl && agentFor(ws, decl);
    return agent ? [...inputNames(agent).keys()].map((name) => ({ label: name, kind: 'variable', detail: `input of ${agent.name}` })) : [];
  }
  const known = MEMBER_OBJECTS[object];
  return (known?.members ?? []).map((m) => ({ label: m, kind: 'variable', detail: `${object}.${m}`, documentation: known.doc }));
}

function placeholderNames(ws: Workspace, decl: A.Declaration | undefined, closed: boolean, inExport: boolean): Item[] {
  const agent = decl && agentFor(ws, decl);
  const names: Array<[string, string]> = agent ? [...inputNames(agent).keys()].map((n) => [n, `input of ${agent.name}`]) : [];
  if (inExport) names.push([SESSION_PLACEHOLDER, "the session's ID: one file per session"]);
  return names.map(([name, detail]) => ({ label: name, kind: 'variable', detail, insertText: closed ? name : `${name}}` }));
}
