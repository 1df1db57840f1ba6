// Linked checks on a run's session entries: duplicate-session-id (an ID used twice anywhere in the
// workspace) and unknown-input (an entry sets an input its agent, maybe in another file, lacks).
import type * as A from '../ast';
import { encodeString } from '../literals';
import { inputNames, property, sessionEntries } from '../model';
import type { SessionIdEntry } from '../workspace';
import { reportUnknownInput } from './agent';
import type { CheckContext } from './check';
import { byLocation } from './declarations';
import { fix, replace } from './edits';

export function checkSessions(ctx: CheckContext): void {
  for (const run of ctx.file.ast.declarations) {
    if (run.kind !== 'run' || !run.name) continue;
    const entries = sessionEntries(run);
    if (!entries.length) continue;
    for (const entry of entries) checkDuplicateId(ctx, run, entry);
    checkEntryInputs(ctx, run, entries);
  }
}

const location = (e: SessionIdEntry) => ({ uri: e.run.uri, range: e.entry.id.range });

function checkDuplicateId({ ws, file, accept }: CheckContext, run: A.Declaration, entry: A.SessionEntry): void {
  const id = entry.id.value;
  if (id.trim() === '') return; // reported as invalid-value
  const uses = ws.symbols().sessionIds.get(id) ?? [];
  if (uses.length < 2) return;
  const first = [...uses].sort((a, b) => byLocation(location(a), location(b)))[0];
  if (first.entry === entry) return;
  const where = first.run === run ? 'earlier in this run' : `in run '${first.run.name}'`;
  const unique = uniqueId(id, ws.symbols().sessionIds);
  accept({
    code: 'duplicate-session-id',
    range: entry.id.range,
    message:
      `Session ID '${id}' is already used ${where}: a session ID must be unique, because each session sees only its own ` +
      `progress and extracted data and cleans up only its own data — two sessions with one ID would share and delete ` +
      `each other's data, and the second start is refused while the first is not cleaned up. Give this session another ID.`,
    related: [{ uri: first.run.uri, range: first.entry.id.range, message: `'${id}' is first used here` }],
    fixes: fix(`Rename to '${unique}'`, replace(file.uri, entry.id.range, encodeString(unique))),
  });
}

/** `id-2`, `id-3`, … : the first such ID not used anywhere in the workspace. */
function uniqueId(id: string, used: ReadonlyMap<string, unknown>): string {
  for (let n = 2; ; n++) if (!used.has(`${id}-${n}`)) return `${id}-${n}`;
}

function checkEntryInputs({ ws, file, accept }: CheckContext, run: A.Declaration, entries: A.SessionEntry[]): void {
  const ref = property(run, 'agent');
  const agent = ref?.value.kind === 'word' ? ws.resolve('agent', ref.value.value) : undefined;
  const agentText = agent ? ws.getFile(agent.uri)?.text : undefined;
  if (!agent || agentText === undefined) return; // unresolved-reference covers it
  const declared = inputNames(agent);
  for (const entry of entries) {
    for (const m of entry.members) {
      if (m.kind !== 'property' || declared.has(m.key)) continue;
      const defaultText = m.value.kind === 'missing' ? '""' : file.text.slice(m.value.range.start.offset, m.value.range.end.offset);
      reportUnknownInput(agent, agentText, {
        name: m.key,
        range: m.keyRange,
        uri: file.uri,
        written: `Session '${entry.id.value}'`,
        defaultText,
      }, accept);
    }
  }
}
