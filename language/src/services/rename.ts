// Rename across files: bot, agent and run names (declarations and every run naming them) and agent
// inputs (key, placeholders, input.NAME, session-entry keys), refusing invalid and clashing names.
import type * as A from '../ast';
import type { TextEdit } from '../diagnostics';
import { inputNames } from '../model';
import type { Workspace } from '../workspace';
import { offsetAt, type LineCharacter } from './context';
import { symbolAt, type NamedSymbol } from './locate';
import { occurrences } from './navigation';

export type PrepareRenameResult = { range: A.Range; placeholder: string } | { error: string };
export type RenameResult = { edits: TextEdit[] } | { error: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Words a reference value would read as something else. */
const RESERVED = new Set(['true', 'false']);

function where(d: { uri: string; range: A.Range }): string {
  return `${d.uri.slice(d.uri.lastIndexOf('/') + 1)}:${d.range.start.line + 1}`;
}

function renamable(ws: Workspace, uri: string, pos: LineCharacter): NamedSymbol | { error: string } {
  const file = ws.getFile(uri);
  const symbol = file && symbolAt(ws, file, offsetAt(file, pos));
  if (!symbol)
    return { error: 'Only the names of bots, agents, runs and agent inputs can be renamed: put the cursor on one of them.' };
  if (symbol.kind === 'input') {
    if (!symbol.agentName) return { error: `'${symbol.name}' belongs to no agent yet: set the run's 'agent' first, then rename the input.` };
    if (!ws.declarationsNamed('agent', symbol.agentName).length)
      return { error: `Agent '${symbol.agentName}' is not declared, so its input '${symbol.name}' cannot be renamed: declare the agent or correct the run's 'agent'.` };
    return symbol;
  }
  if (!ws.declarationsNamed(symbol.kind, symbol.name).length)
    return { error: `No ${symbol.kind} named '${symbol.name}' is declared in the workspace, so there is nothing to rename: declare it or correct the reference.` };
  return symbol;
}

export function prepareRename(ws: Workspace, uri: string, pos: LineCharacter): PrepareRenameResult {
  const symbol = renamable(ws, uri, pos);
  return 'error' in symbol ? symbol : { range: symbol.range, placeholder: symbol.name };
}

export function rename(ws: Workspace, uri: string, pos: LineCharacter, newName: string): RenameResult {
  const symbol = renamable(ws, uri, pos);
  if ('error' in symbol) return symbol;
  const problem = validateName(ws, symbol, newName);
  if (problem) return { error: problem };
  if (newName === symbol.name) return { edits: [] };
  return { edits: occurrences(ws, symbol).map((o) => ({ uri: o.uri, range: o.range, newText: newName })) };
}

function validateName(ws: Workspace, symbol: NamedSymbol, newName: string): string | undefined {
  const what = symbol.kind === 'input' ? 'an input' : `a ${symbol.kind}`;
  if (!NAME.test(newName))
    return `'${newName}' is not a valid name for ${what}: names start with a letter or '_' and go on with letters, digits, '_' or '-'.`;
  if (newName === symbol.name) return undefined;
  if (symbol.kind === 'input') {
    for (const agent of ws.declarationsNamed('agent', symbol.agentName ?? '')) {
      const clash = inputNames(agent).get(newName);
      if (clash)
        return `Agent '${agent.name}' already has an input '${newName}' (${where({ uri: agent.uri, range: clash.keyRange })}): two inputs with one name would make its sessions' inputs ambiguous. Choose another name.`;
    }
    return undefined;
  }
  if (RESERVED.has(newName))
    return `'${newName}' is a boolean in .rpa and cannot name ${what}: a reference to it would read as the value ${newName}, not as a name. Choose another name.`;
  const clash = ws.declarationsNamed(symbol.kind, newName)[0];
  if (clash)
    return `A ${symbol.kind} named '${newName}' already exists (${where({ uri: clash.uri, range: clash.nameRange })}): two ${symbol.kind}s with one name are a duplicate declaration and runs naming it would be ambiguous. Choose another name.`;
  return undefined;
}
