// Go to definition and find references: a bot or agent named in a run leads to its declaration, an
// input placeholder, `input.NAME` or session-entry key to the agent's input; references go back.
import { inputNames, property, wordOf } from '../model';
import type { Location, Workspace } from '../workspace';
import { offsetAt, type LineCharacter } from './context';
import { symbolAt, symbolOfLeaf, type NamedSymbol } from './locate';
import { visitLeaves } from './walk';

export interface Occurrence extends Location {
  /** Where the name is declared (a declaration's name, an input's key in the agent's `input` block). */
  isDeclaration: boolean;
}

/** Where the symbol under the position is declared (several places when it is declared twice). */
export function definition(ws: Workspace, uri: string, pos: LineCharacter): Location[] {
  const file = ws.getFile(uri);
  const symbol = file && symbolAt(ws, file, offsetAt(file, pos));
  if (!symbol) return [];
  if (symbol.kind === 'input') {
    if (!symbol.agentName) return [];
    const out: Location[] = [];
    for (const agent of ws.declarationsNamed('agent', symbol.agentName)) {
      const input = inputNames(agent).get(symbol.name);
      if (input) out.push({ uri: agent.uri, range: input.keyRange });
    }
    return out;
  }
  return ws.declarationsNamed(symbol.kind, symbol.name).map((d) => ({ uri: d.uri, range: d.nameRange }));
}

/** Every place the symbol under the position is written, across the workspace. */
export function references(ws: Workspace, uri: string, pos: LineCharacter, includeDeclaration: boolean): Location[] {
  const file = ws.getFile(uri);
  const symbol = file && symbolAt(ws, file, offsetAt(file, pos));
  if (!symbol) return [];
  return occurrences(ws, symbol)
    .filter((o) => includeDeclaration || !o.isDeclaration)
    .map(({ uri: u, range }) => ({ uri: u, range }));
}

/** Every occurrence of a symbol: its declarations first, then its uses, in workspace order. */
export function occurrences(ws: Workspace, symbol: NamedSymbol): Occurrence[] {
  if (symbol.kind === 'input') return inputOccurrences(ws, symbol.name, symbol.agentName);
  const decls = ws.declarationsNamed(symbol.kind, symbol.name);
  const out: Occurrence[] = decls.map((d) => ({ uri: d.uri, range: d.nameRange, isDeclaration: true }));
  if (decls.length) for (const ref of ws.referencesTo(decls[0])) out.push({ ...ref, isDeclaration: false });
  return out;
}

function inputOccurrences(ws: Workspace, name: string, agentName: string | undefined): Occurrence[] {
  if (!agentName) return [];
  const out: Occurrence[] = [];
  const scopes = [
    ...ws.declarationsNamed('agent', agentName),
    ...ws.allDeclarations('run').filter((run) => wordOf(property(run, 'agent')) === agentName),
  ];
  for (const decl of scopes) {
    visitLeaves(decl, (leaf) => {
      if (leaf.kind !== 'placeholder' && leaf.kind !== 'member-name' && leaf.kind !== 'key') return;
      const s = symbolOfLeaf(ws, leaf);
      if (s?.kind !== 'input' || s.name !== name || s.agentName !== agentName) return;
      out.push({ uri: decl.uri, range: leaf.range, isDeclaration: leaf.kind === 'key' && decl.kind === 'agent' });
    });
  }
  return out;
}
