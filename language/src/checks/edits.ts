// Text edits the quick fixes are made of: replace a value, add or remove a member of a block (keeping
// the block's layout), or add it to a nested block that may not exist yet. Pure functions of the text.
import type * as A from '../ast';
import type { Fix, TextEdit } from '../diagnostics';
import { afterLineBreak, lineStartAt, nextLineBreak } from '../line-index';
import { block } from '../model';
import { emptyRangeAt, positionAt } from '../ranges';

/** Anything with braces and members: a declaration or a nested block. */
export interface Container {
  range: A.Range;
  members: A.Member[];
}

export function replace(uri: string, range: A.Range, newText: string): TextEdit {
  return { uri, range, newText };
}

/** Text as it stands in an LSP snippet (`$`, `}` and `\` escaped). */
export function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

/** `edit` with a snippet form in which `plain`, the text the snippet expands to by default, is `snippet`. */
export function withSnippet(edit: TextEdit, plain: string, snippet: string): TextEdit {
  return { ...edit, snippet: escapeSnippet(edit.newText).replace(escapeSnippet(plain), () => snippet) };
}

/**
 * An edit that removes `member` with its separator: its whole line when it stands alone on it,
 * otherwise the comma after it, or the comma before it when it is the last entry.
 */
export function removeMember(uri: string, text: string, member: A.Member): TextEdit {
  const { start, end } = member.range;
  const lineStart = lineStartAt(text, start.offset);
  const comma = /[ \t]*,?[ \t]*/y;
  comma.lastIndex = end.offset;
  comma.exec(text);
  const afterComma = comma.lastIndex;
  const nl = nextLineBreak(text, afterComma);
  if (firstOnLine(text, start.offset) && (nl === afterComma || afterComma === text.length))
    return { uri, range: { start: positionAt(text, lineStart), end: positionAt(text, nl < 0 ? text.length : afterLineBreak(text, nl)) }, newText: '' };
  if (/,/.test(text.slice(end.offset, afterComma))) return { uri, range: { start, end: positionAt(text, afterComma) }, newText: '' };
  const before = /,[ \t]*$/.exec(text.slice(lineStart, start.offset));
  return { uri, range: { start: before ? positionAt(text, start.offset - before[0].length) : start, end }, newText: '' };
}

/** A one-edit fix. */
export function fix(title: string, edit: TextEdit | undefined, preferred = true): Fix[] | undefined {
  return edit ? [{ title, edits: [edit], preferred }] : undefined;
}

function indentOfLine(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** Whether only spaces stand between the start of the line and `offset`. */
function firstOnLine(text: string, offset: number): boolean {
  return text.slice(lineStartAt(text, offset), offset).trim() === '';
}

function insertAt(uri: string, text: string, offset: number, newText: string): TextEdit {
  return { uri, range: emptyRangeAt(positionAt(text, offset)), newText };
}

/**
 * An edit that adds `entry` (e.g. `sessionTimeout: 30m`) as the last member of a container, written
 * the way the container is: on its own line in a multi-line block, after a comma in a one-line block.
 * Undefined when recovery left the container without its closing brace.
 */
export function appendMember(uri: string, text: string, container: Container, entry: string): TextEdit | undefined {
  const close = container.range.end.offset - 1;
  if (text[close] !== '}') return undefined;
  const last = container.members[container.members.length - 1];
  const oneLine = container.range.start.line === container.range.end.line;
  if (!oneLine && firstOnLine(text, close)) {
    const first = container.members[0];
    const indent = first && firstOnLine(text, first.range.start.offset)
      ? indentOfLine(text, first.range.start.offset)
      : indentOfLine(text, close) + '  ';
    return insertAt(uri, text, lineStartAt(text, close), `${indent}${entry}\n`);
  }
  if (last) return insertAt(uri, text, last.range.end.offset, `, ${entry}`);
  const open = text.lastIndexOf('{', close - 1);
  if (open < container.range.start.offset) return undefined;
  return { uri, range: { start: positionAt(text, open + 1), end: positionAt(text, close) }, newText: ` ${entry} ` };
}

/**
 * An edit that adds `entry` right after `member`: on the next line when the member stands on its own
 * line (a trailing comment stays with it), otherwise after a comma on the same line.
 */
export function insertAfter(uri: string, text: string, member: A.Member, entry: string): TextEdit {
  const end = member.range.end.offset;
  const nl = nextLineBreak(text, end);
  const rest = text.slice(end, nl < 0 ? text.length : nl).trim().replace(/^,/, '').trim();
  if (nl >= 0 && firstOnLine(text, member.range.start.offset) && (rest === '' || rest.startsWith('//')))
    return insertAt(uri, text, afterLineBreak(text, nl), `${indentOfLine(text, member.range.start.offset)}${entry}\n`);
  return insertAt(uri, text, end, `, ${entry}`);
}

/** An edit that adds `entries` as the first members of a container, one per line in a multi-line block. */
export function insertFirst(uri: string, text: string, container: Container, entries: string[]): TextEdit | undefined {
  const first = container.members[0];
  if (!first) return appendMember(uri, text, container, entries.join(', '));
  const start = first.range.start.offset;
  if (container.range.start.line !== first.range.start.line && firstOnLine(text, start)) {
    const indent = indentOfLine(text, start);
    return insertAt(uri, text, lineStartAt(text, start), entries.map((e) => `${indent}${e}\n`).join(''));
  }
  return insertAt(uri, text, start, entries.map((e) => `${e}, `).join(''));
}

/**
 * An edit that adds `entry` to the nested block `key` of a declaration (`input`, `manager`, …),
 * creating the block as `key { entry }` when the declaration has none.
 */
export function addToBlock(uri: string, text: string, decl: Container, key: string, entry: string): TextEdit | undefined {
  const existing = block(decl, key);
  if (existing) return appendMember(uri, text, existing, entry);
  return appendMember(uri, text, decl, `${key} { ${entry} }`);
}

/** Upper-case environment variable name derived from a declaration name: FinanceBot → FINANCEBOT_PASSWORD. */
export function envVarName(declName: string, suffix: string): string {
  const base = declName.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  return `${/^[0-9]/.test(base) || !base ? `BOT_${base}` : base}_${suffix}`.replace(/_+/g, '_');
}
