// The workspace index: every .rpa file's text and AST, and a symbol table of declarations and
// session IDs across files. Parses each file once per change; the symbol table is rebuilt lazily.
import type { Declaration, DeclarationKind, Range, SessionEntry } from './ast';
import { parse, type ParseError, type ParseResult } from './parse';
import { sessionEntries } from './model';
import type { SessionMode } from './model';

export interface WorkspaceFile {
  uri: string;
  text: string;
  version: number;
  ast: import('./ast').RpaFile;
  parseErrors: ParseError[];
}

export interface SessionIdEntry {
  id: string;
  run: Declaration;
  entry: SessionEntry;
}

export interface SymbolIndex {
  declarations: Record<DeclarationKind, Map<string, Declaration[]>>;
  sessionIds: Map<string, SessionIdEntry[]>;
}

/** Deployment state read from the runtime's bot store: which runs are deployed, in which mode. */
export interface DeploymentState {
  deployments(botName: string): ReadonlyArray<{ run: string; mode: SessionMode }>;
}

export interface Location {
  uri: string;
  range: Range;
}

export class Workspace {
  private readonly files = new Map<string, WorkspaceFile>();
  private index: SymbolIndex | undefined;
  private deployments: DeploymentState | undefined;
  private changes = 0;

  constructor(deploymentState?: DeploymentState) {
    this.deployments = deploymentState;
  }

  get deploymentState(): DeploymentState | undefined {
    return this.deployments;
  }

  set deploymentState(state: DeploymentState | undefined) {
    this.deployments = state;
    this.changes++;
  }

  /** Changes whenever a file is set or removed or the deployment state is replaced: results computed before may be out of date. */
  get generation(): number {
    return this.changes;
  }

  /** Adds or replaces a file; returns its new entry. `parsed`: the text's parse, when the caller already has it. */
  setFile(uri: string, text: string, version = 0, parsed?: ParseResult): WorkspaceFile {
    const { ast, errors } = parsed ?? parse(text, uri);
    const file: WorkspaceFile = { uri, text, version, ast, parseErrors: errors };
    this.files.set(uri, file);
    this.index = undefined;
    this.changes++;
    return file;
  }

  removeFile(uri: string): boolean {
    const had = this.files.delete(uri);
    if (had) {
      this.index = undefined;
      this.changes++;
    }
    return had;
  }

  getFile(uri: string): WorkspaceFile | undefined {
    return this.files.get(uri);
  }

  allFiles(): WorkspaceFile[] {
    return [...this.files.values()];
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  symbols(): SymbolIndex {
    if (!this.index) this.index = buildIndex(this.files.values());
    return this.index;
  }

  /** All declarations of a kind with that name (more than one is a duplicate-declaration). */
  declarationsNamed(kind: DeclarationKind, name: string): Declaration[] {
    return this.symbols().declarations[kind].get(name) ?? [];
  }

  /** The declaration a name resolves to (the first, when duplicated). */
  resolve(kind: DeclarationKind, name: string): Declaration | undefined {
    return this.declarationsNamed(kind, name)[0];
  }

  allDeclarations(kind?: DeclarationKind): Declaration[] {
    const out: Declaration[] = [];
    for (const f of this.files.values()) for (const d of f.ast.declarations) if (!kind || d.kind === kind) out.push(d);
    return out;
  }

  /** Every place that refers to the declaration by name (run `bot:` / `agent:` values). */
  referencesTo(decl: Declaration): Location[] {
    if (decl.kind === 'run') return [];
    const out: Location[] = [];
    for (const run of this.allDeclarations('run')) {
      for (const m of run.members) {
        if (m.kind === 'property' && m.key === decl.kind && m.value.kind === 'word' && m.value.value === decl.name) {
          out.push({ uri: run.uri, range: m.value.range });
        }
      }
    }
    return out;
  }
}

function buildIndex(files: Iterable<WorkspaceFile>): SymbolIndex {
  const declarations: SymbolIndex['declarations'] = { bot: new Map(), agent: new Map(), run: new Map() };
  const sessionIds = new Map<string, SessionIdEntry[]>();
  for (const f of files) {
    for (const d of f.ast.declarations) {
      if (!d.name) continue;
      const byName = declarations[d.kind];
      const list = byName.get(d.name);
      if (list) list.push(d);
      else byName.set(d.name, [d]);
      if (d.kind !== 'run') continue;
      for (const entry of sessionEntries(d)) {
        const id = entry.id.value;
        const ids = sessionIds.get(id);
        const item = { id, run: d, entry };
        if (ids) ids.push(item);
        else sessionIds.set(id, [item]);
      }
    }
  }
  return { declarations, sessionIds };
}
