// Node-at-position lookup: the innermost leaf under an offset, and the symbol it names (a bot, agent
// or run, or one agent input) — the common first step of hover, definition, references and rename.
import type * as A from '../ast';
import { property, wordOf } from '../model';
import type { Workspace, WorkspaceFile } from '../workspace';
import { agentFor, declarationAt, SESSION_PLACEHOLDER, touches } from './context';
import { visitLeaves, type Leaf } from './walk';

/** The innermost leaf whose range holds the offset (ends included). */
export function leafAt(file: WorkspaceFile, offset: number): Leaf | undefined {
  const decl = declarationAt(file, offset);
  if (!decl) return undefined;
  let best: Leaf | undefined;
  let bestLength = Infinity;
  visitLeaves(decl, (leaf) => {
    if (!touches(leaf.range, offset)) return;
    const length = leaf.range.end.offset - leaf.range.start.offset;
    if (length < bestLength) {
      best = leaf;
      bestLength = length;
    }
  });
  return best;
}

/** A name that can be looked up, followed and renamed. */
export type NamedSymbol =
  | { kind: A.DeclarationKind; name: string; range: A.Range }
  | { kind: 'input'; name: string; range: A.Range; agent: A.Declaration | undefined; agentName: string | undefined };

/** The symbol a leaf names, if it names one. */
export function symbolOfLeaf(ws: Workspace, leaf: Leaf): NamedSymbol | undefined {
  const { decl, range } = leaf;
  switch (leaf.kind) {
    case 'decl-name':
      return { kind: decl.kind, name: decl.name, range };
    case 'literal': {
      const owner = leaf.owner;
      if (decl.kind !== 'run' || owner.kind !== 'property' || owner.parents.length || leaf.value.kind !== 'word') return undefined;
      const key = owner.property.key;
      return key === 'bot' || key === 'agent' ? { kind: key, name: leaf.value.value, range } : undefined;
    }
    case 'placeholder':
      if (leaf.owner.kind === 'export-path' && leaf.name === SESSION_PLACEHOLDER) return undefined;
      return inputSymbol(ws, decl, leaf.name, range);
    case 'member-name':
      return leaf.value.object === 'input' ? inputSymbol(ws, decl, leaf.value.member, range) : undefined;
    case 'key': {
      const parent = leaf.parents[leaf.parents.length - 1];
      if (leaf.member.kind !== 'property' || !parent || leaf.parents.length !== 1) return undefined;
      if (decl.kind === 'agent' && parent.kind === 'block' && parent.key === 'input') return inputSymbol(ws, decl, leaf.member.key, range);
      if (decl.kind === 'run' && parent.kind === 'session') return inputSymbol(ws, decl, leaf.member.key, range);
      return undefined;
    }
    default:
      return undefined;
  }
}

function inputSymbol(ws: Workspace, decl: A.Declaration, name: string, range: A.Range): NamedSymbol | undefined {
  if (decl.kind === 'bot') return undefined;
  const agent = agentFor(ws, decl);
  const agentName = decl.kind === 'agent' ? decl.name : wordOf(property(decl, 'agent'));
  return { kind: 'input', name, range, agent, agentName };
}

/** The symbol under an offset, if any. */
export function symbolAt(ws: Workspace, file: WorkspaceFile, offset: number): NamedSymbol | undefined {
  const leaf = leafAt(file, offset);
  return leaf ? symbolOfLeaf(ws, leaf) : undefined;
}
