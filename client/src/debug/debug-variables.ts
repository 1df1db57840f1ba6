// The Variables view and evaluate results of a stopped session, as DAP scopes and variables: Session,
// Inputs, Page (cookies by name), Current record and Login (the password as a fixed mask, never its value).
import { Handles, Scope, Variable } from '@vscode/debugadapter';
import type { DebugStop, Evaluation } from '../../../runtime/src/debug/debug-types';
import type { ElementMatch } from '../../../runtime/src/interpreter/host';
import type { SessionInfo } from '../../../runtime/src/session-types';

/** Longer values are cut here in the list; the full value is one expand away. */
const SHOWN_CHARS = 200;
/** What the Login scope shows for the password: a fixed mask, whatever the password is. */
const PASSWORD_MASK = '••••••';
/** Stands for the password in a scope's fields; shown as PASSWORD_MASK, bare (it is not a string value). */
const MASKED = Symbol('masked password');

type Container =
  | { kind: 'fields'; fields: Array<[string, unknown]> }
  | { kind: 'full'; text: string }
  | { kind: 'matches'; total: number; matches: ElementMatch[] };

/** A value as the Variables view shows it: text in quotes, the rest as written. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === MASKED) return PASSWORD_MASK;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export class DebugVariables {
  private handles = new Handles<Container>();

  /** Forgets every reference (the session moved on, so old references must not show new data). */
  reset(): void {
    this.handles.reset();
  }

  scopes(session: SessionInfo, stop: DebugStop, loginUser: string | undefined): Scope[] {
    const p = session.progress;
    const scopes: Array<[string, Array<[string, unknown]>]> = [
      ['Session', [['id', session.id], ['status', session.status], ['progress', `${p.pages} pages · ${p.records} records · ${p.errors} errors`], ['agent', session.agent], ['run', session.run], ['bot', session.bot]]],
      ['Inputs', Object.entries(session.inputs)],
    ];
    if (stop.page) {
      const page = stop.page;
      scopes.push(['Page', [['url', page.url], ['status', page.status], ['title', page.title], ['size', `${page.size} characters`], ['cookies', page.cookies]]]);
    }
    scopes.push(['Current record', Object.entries(stop.frame.record ?? {})]);
    if (loginUser !== undefined) scopes.push(['Login', [['user', loginUser], ['password', MASKED]]]);
    return scopes.map(([name, fields]) => new Scope(name, this.handles.create({ kind: 'fields', fields }), false));
  }

  variables(reference: number): Variable[] {
    const c = this.handles.get(reference);
    if (!c) return [];
    switch (c.kind) {
      case 'fields': return c.fields.map(([name, value]) => this.variable(name, value));
      case 'full': return [new Variable('full value', shown(c.text))];
      case 'matches': {
        const listed = c.matches.map((m, i) => this.matchVariable(i, m));
        const more = c.total - c.matches.length;
        return more > 0 ? [...listed, new Variable('…', `${more} more not listed: narrow the selector to see them`)] : listed;
      }
    }
  }

  /** An evaluate result: a selector's match count (expandable), or the value as a step extracts it. */
  evaluation(e: Evaluation): { result: string; variablesReference: number } {
    if (e.kind === 'matches') {
      const n = e.total;
      return { result: `${n} match${n === 1 ? '' : 'es'} for "${e.selector}"`, variablesReference: n ? this.handles.create({ kind: 'matches', total: n, matches: e.matches }) : 0 };
    }
    const v = this.variable('value', e.value);
    return { result: v.value, variablesReference: v.variablesReference };
  }

  private variable(name: string, value: unknown): Variable {
    if (Array.isArray(value)) {
      const fields = value.map((v, i): [string, unknown] => [String(i), v]);
      return new Variable(name, `[${value.map(shown).join(', ')}]`.slice(0, SHOWN_CHARS), fields.length ? this.handles.create({ kind: 'fields', fields }) : 0);
    }
    const text = shown(value);
    if (text.length <= SHOWN_CHARS) return new Variable(name, text);
    return new Variable(name, `${text.slice(0, SHOWN_CHARS)}…`, this.handles.create({ kind: 'full', text: String(value) }));
  }

  private matchVariable(index: number, m: ElementMatch): Variable {
    const fields: Array<[string, unknown]> = [['tag', m.tag], ['text', m.text], ...(m.url ? ([['href', m.url]] as Array<[string, unknown]>) : []), ['html', m.html]];
    const label = `<${m.tag}> ${m.text}`.slice(0, SHOWN_CHARS);
    return new Variable(`[${index}]`, label, this.handles.create({ kind: 'fields', fields }));
  }
}
