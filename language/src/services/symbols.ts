// Document symbols (the outline: declarations with their blocks, properties, steps and datasets)
// and workspace symbols (every bot, agent and run of every file, matched by a fuzzy query).
import type * as A from '../ast';
import type { Workspace } from '../workspace';
import { valueText } from './context';

export type OutlineKind = 'bot' | 'agent' | 'run' | 'property' | 'block' | 'session' | 'export' | 'steps' | 'step' | 'dataset' | 'field';

export interface OutlineSymbol {
  name: string;
  kind: OutlineKind;
  detail?: string;
  /** The whole element. */
  range: A.Range;
  /** The name within it. */
  selectionRange: A.Range;
  children: OutlineSymbol[];
}

export interface WorkspaceSymbolEntry {
  name: string;
  kind: A.DeclarationKind;
  uri: string;
  range: A.Range;
  /** The file name, shown beside the symbol. */
  container: string;
}

/** One declaration's outline entry (none for a declaration without a name): it depends on the declaration alone. */
export function declarationSymbol(d: A.Declaration): OutlineSymbol | undefined {
  if (!d.name) return undefined;
  return contained({
    name: d.name,
    kind: d.kind,
    detail: d.doc?.split('\n')[0],
    range: d.range,
    selectionRange: d.nameRange,
    children: members(d.members),
  });
}

/** Editors reject a symbol whose name lies outside its range (possible in half-parsed code). */
function contained(s: OutlineSymbol): OutlineSymbol {
  const inside = s.range.start.offset <= s.selectionRange.start.offset && s.selectionRange.end.offset <= s.range.end.offset;
  const children = s.children.filter((c) => s.range.start.offset <= c.range.start.offset && c.range.end.offset <= s.range.end.offset).map(contained);
  return { ...s, selectionRange: inside ? s.selectionRange : { start: s.range.start, end: s.range.start }, children };
}

/** Values that are never shown (a plaintext password stays out of the outline). */
const HIDDEN = new Set(['password']);

function members(list: A.Member[]): OutlineSymbol[] {
  return list.map((m): OutlineSymbol => {
    switch (m.kind) {
      case 'property':
        return leaf(m.key, 'property', m.range, m.keyRange, HIDDEN.has(m.key) ? undefined : valueText(m.value));
      case 'block':
        return { name: m.key, kind: 'block', range: m.range, selectionRange: m.keyRange, children: members(m.members) };
      case 'session':
        return { name: `session ${valueText(m.id)}`, kind: 'session', range: m.range, selectionRange: m.id.range, children: members(m.members) };
      case 'export':
        return leaf('export', 'export', m.range, m.keyRange, `${m.format} ${valueText(m.path)}`);
      case 'steps':
        return { name: 'steps', kind: 'steps', range: m.range, selectionRange: m.keyRange, children: steps(m.steps) };
    }
  });
}

function leaf(name: string, kind: OutlineKind, range: A.Range, selectionRange: A.Range, detail?: string): OutlineSymbol {
  return { name, kind, detail, range, selectionRange, children: [] };
}

function steps(list: A.Step[]): OutlineSymbol[] {
  return list.map((s): OutlineSymbol => {
    switch (s.kind) {
      case 'extract':
        return {
          name: s.dataset || 'extract',
          kind: 'dataset',
          detail: s.each ? `extract each ${valueText(s.each)}` : 'extract',
          range: s.range,
          selectionRange: s.dataset ? s.datasetRange : s.keywordRange,
          children: s.fields.map((f) => leaf(f.name, 'field', f.range, f.nameRange, valueText(f.expr) + (f.as ? ` as ${f.as.type}` : ''))),
        };
      case 'paginate':
        return { name: 'paginate', kind: 'step', detail: `next ${valueText(s.next)} max ${valueText(s.max)}`, range: s.range, selectionRange: s.keywordRange, children: steps(s.body) };
      case 'visit':
        return { name: 'visit', kind: 'step', detail: `each ${valueText(s.selector)}`, range: s.range, selectionRange: s.keywordRange, children: steps(s.body) };
      default:
        return leaf(s.kind, 'step', s.range, s.keywordRange, stepDetail(s));
    }
  });
}

function stepDetail(s: A.Step): string {
  switch (s.kind) {
    case 'open': return valueText(s.url);
    case 'fill': return `${valueText(s.selector)} with ${valueText(s.value)}`;
    case 'click':
    case 'submit': return valueText(s.selector);
    case 'wait': return valueText(s.duration);
    case 'log': return valueText(s.message);
    default: return '';
  }
}

/** Whether every character of the query appears in the name in order, case-insensitively. */
export function fuzzyMatch(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (let j = 0; j < n.length && i < q.length; j++) if (n[j] === q[i]) i++;
  return i === q.length;
}

export function workspaceSymbols(ws: Workspace, query: string): WorkspaceSymbolEntry[] {
  const out: WorkspaceSymbolEntry[] = [];
  for (const d of ws.allDeclarations()) {
    if (!d.name || !fuzzyMatch(query, d.name)) continue;
    out.push({ name: d.name, kind: d.kind, uri: d.uri, range: d.nameRange, container: d.uri.slice(d.uri.lastIndexOf('/') + 1) });
  }
  return out;
}
