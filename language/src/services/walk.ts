// Every named or literal piece of a declaration ("leaf") with its context, in document order, and
// schema lookup along a block path. Locate, references, rename and semantic tokens are built on it.
import type * as A from '../ast';
import { stepValues } from '../model';
import { DECLARATION_SPECS, type BlockSpec, type MemberSpec } from '../schema';

/** A member that holds other members. */
export type Container = A.Block | A.SessionEntry;

/** What holds a value. */
export type Owner =
  | { kind: 'property'; property: A.Property; parents: Container[] }
  | { kind: 'session-id'; entry: A.SessionEntry }
  | { kind: 'export-path'; entry: A.ExportEntry }
  | { kind: 'step'; step: A.Step }
  | { kind: 'field'; step: A.ExtractStep; field: A.Field };

export type LiteralValue = A.StringValue | A.NumberValue | A.DurationValue | A.BooleanValue | A.WordValue;

export type Leaf = { decl: A.Declaration; range: A.Range } & (
  | { kind: 'decl-keyword' }
  | { kind: 'decl-name' }
  | { kind: 'key'; member: A.Member; parents: Container[] }
  | { kind: 'export-format'; entry: A.ExportEntry }
  | { kind: 'literal'; owner: Owner; value: LiteralValue }
  | { kind: 'placeholder'; owner: Owner; value: A.StringValue; name: string }
  | { kind: 'member-object'; owner: Owner; value: A.MemberValue }
  | { kind: 'member-name'; owner: Owner; value: A.MemberValue }
  | { kind: 'callee'; owner: Owner; value: A.CallValue }
  | { kind: 'step-keyword'; step: A.Step }
  | { kind: 'dataset'; step: A.ExtractStep }
  | { kind: 'field-name'; step: A.ExtractStep; field: A.Field }
  | { kind: 'as-type'; step: A.ExtractStep; field: A.Field }
);

export type LeafVisitor = (leaf: Leaf) => void;

/** Calls `visit` for every leaf of the declaration, in document order. */
export function visitLeaves(decl: A.Declaration, visit: LeafVisitor): void {
  visit({ kind: 'decl-keyword', decl, range: decl.keywordRange });
  if (decl.name) visit({ kind: 'decl-name', decl, range: decl.nameRange });
  visitMembers(decl, decl.members, [], visit);
}

function visitMembers(decl: A.Declaration, members: A.Member[], parents: Container[], visit: LeafVisitor): void {
  for (const member of members) {
    visit({ kind: 'key', decl, member, parents, range: member.keyRange });
    switch (member.kind) {
      case 'property':
        visitValue(decl, member.value, { kind: 'property', property: member, parents }, visit);
        break;
      case 'block':
        visitMembers(decl, member.members, [...parents, member], visit);
        break;
      case 'session':
        visitValue(decl, member.id, { kind: 'session-id', entry: member }, visit);
        visitMembers(decl, member.members, [...parents, member], visit);
        break;
      case 'export':
        visit({ kind: 'export-format', decl, entry: member, range: member.formatRange });
        visitValue(decl, member.path, { kind: 'export-path', entry: member }, visit);
        break;
      case 'steps':
        visitSteps(decl, member.steps, visit);
        break;
    }
  }
}

function visitSteps(decl: A.Declaration, steps: A.Step[], visit: LeafVisitor): void {
  for (const step of steps) {
    visit({ kind: 'step-keyword', decl, step, range: step.keywordRange });
    const owner: Owner = { kind: 'step', step };
    switch (step.kind) {
      case 'extract':
        if (step.dataset) visit({ kind: 'dataset', decl, step, range: step.datasetRange });
        if (step.each) visitValue(decl, step.each, owner, visit);
        for (const field of step.fields) {
          visit({ kind: 'field-name', decl, step, field, range: field.nameRange });
          visitValue(decl, field.expr, { kind: 'field', step, field }, visit);
          if (field.as) visit({ kind: 'as-type', decl, step, field, range: field.as.range });
        }
        break;
      case 'paginate':
        visitValue(decl, step.next, owner, visit);
        visitValue(decl, step.max, owner, visit);
        visitSteps(decl, step.body, visit);
        break;
      case 'visit':
        visitValue(decl, step.selector, owner, visit);
        if (step.max) visitValue(decl, step.max, owner, visit);
        visitSteps(decl, step.body, visit);
        break;
      default:
        for (const v of stepValues(step)) visitValue(decl, v, owner, visit);
    }
  }
}

function visitValue(decl: A.Declaration, value: A.Value, owner: Owner, visit: LeafVisitor): void {
  switch (value.kind) {
    case 'missing':
      return;
    case 'list':
      for (const item of value.items) visitValue(decl, item, owner, visit);
      return;
    case 'call':
      visit({ kind: 'callee', decl, owner, value, range: value.calleeRange });
      for (const arg of value.args) visitValue(decl, arg, owner, visit);
      return;
    case 'member':
      visit({ kind: 'member-object', decl, owner, value, range: value.objectRange });
      if (value.member) visit({ kind: 'member-name', decl, owner, value, range: value.memberRange });
      return;
    case 'string':
      visit({ kind: 'literal', decl, owner, value, range: value.range });
      for (const p of value.placeholders) visit({ kind: 'placeholder', decl, owner, value, name: p.name, range: p.range });
      return;
    default:
      visit({ kind: 'literal', decl, owner, value, range: value.range });
  }
}

/** The schema of the block reached through `parents` (undefined inside session entries and input blocks' values). */
export function blockSpecAt(kind: A.DeclarationKind, parents: ReadonlyArray<{ kind: string; key: string }>): BlockSpec | undefined {
  let spec: BlockSpec = DECLARATION_SPECS[kind];
  for (const p of parents) {
    if (p.kind !== 'block') return undefined;
    const next = spec.members.find((m) => m.name === p.key);
    if (next?.kind !== 'block') return undefined;
    spec = next;
  }
  return spec;
}

export function memberSpecAt(kind: A.DeclarationKind, parents: ReadonlyArray<{ kind: string; key: string }>, key: string): MemberSpec | undefined {
  return blockSpecAt(kind, parents)?.members.find((m) => m.name === key);
}

/** The key a member is written with (`steps` blocks have none of their own). */
export function memberKey(m: A.Member): string {
  return m.kind === 'steps' ? 'steps' : m.key;
}
