// Evaluates the debugger's expressions in a stopped session's own thread, exactly as a step would:
// page calls through the interpreter's field readers and conversions, values with secrets masked.
import { convert } from '../interpreter/convert';
import { evaluateCall } from '../interpreter/fields';
import type { SessionContext } from '../interpreter/host';
import { inspect, type Page } from '../interpreter/page';
import type { FieldValue, RecordValues } from '../session-types';
import type { Evaluation, PageInfo } from './debug-types';
import { ExpressionError, parseExpression, type CompareOp, type Expr } from './expressions';

/** Where an expression is evaluated: the session, its current page and its last record. */
export interface EvalScope {
  session: SessionContext;
  page?: Page;
  pageInfo?: PageInfo;
  record?: RecordValues;
  redact(text: string): string;
}

/** An expression that parses but cannot be evaluated here (no page yet, an unknown input, the password). */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

function member(object: string, name: string, scope: EvalScope): FieldValue {
  switch (object) {
    case 'input':
      if (!Object.prototype.hasOwnProperty.call(scope.session.inputs, name)) {
        throw new EvaluationError(`'input.${name}' is not an input of this session (inputs: ${Object.keys(scope.session.inputs).join(', ') || 'none'})`);
      }
      return scope.session.inputs[name];
    case 'session':
      if (name === 'id') return scope.session.id;
      throw new EvaluationError(`'session.${name}' is not known: use session.id`);
    case 'record':
      return scope.record?.[name] ?? null;
    case 'page': {
      const info = scope.pageInfo;
      if (name === 'url' || name === 'title' || name === 'status' || name === 'size') return info ? info[name] : null;
      throw new EvaluationError(`'page.${name}' is not known: use page.url, page.title, page.status or page.size`);
    }
    case 'login':
      if (name === 'password') throw new EvaluationError("login.password is a secret: the debugger never shows, compares or logs it");
      if (name === 'user') return scope.session.login?.user ?? null;
      throw new EvaluationError(`'login.${name}' is not known: use login.user`);
  }
  throw new EvaluationError(`'${object}.${name}' names nothing`);
}

const num = (v: FieldValue): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

function compare(op: CompareOp, a: FieldValue, b: FieldValue): boolean {
  if (op === 'contains') return a !== null && b !== null && String(a).includes(String(b));
  const [x, y] = [num(a), num(b)];
  const numeric = x !== undefined && y !== undefined && (typeof a === 'number' || typeof b === 'number');
  const order = numeric ? x! - y! : a === null || b === null ? Number.NaN : String(a).localeCompare(String(b));
  switch (op) {
    case '==': return numeric ? x === y : a === b || (a !== null && b !== null && String(a) === String(b));
    case '!=': return !compare('==', a, b);
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '>=': return order >= 0;
  }
}

/** Whether a value counts as true in a condition: true, a non-zero number, a non-empty text. */
export function isTrue(v: FieldValue): boolean {
  return v !== null && v !== false && v !== 0 && v !== '';
}

export function evaluateExpr(e: Expr, scope: EvalScope): FieldValue {
  switch (e.kind) {
    case 'literal': return e.value;
    case 'member': return member(e.object, e.member, scope);
    case 'call': {
      if (!scope.page) throw new EvaluationError(`${e.fn}("${e.args[0]}") reads the current page, but no page is open yet`);
      const v = evaluateCall({ fn: e.fn, selector: e.args[0], attribute: e.args[1] }, scope.page, scope.page.document);
      return typeof v === 'string' ? scope.redact(v) : v;
    }
    case 'as': {
      const c = convert(evaluateExpr(e.expr, scope), e.type);
      if (!c.ok) throw new EvaluationError(`the value cannot be read as ${e.type === 'integer' ? 'an integer' : `a ${e.type}`} because ${c.reason}`);
      return c.value;
    }
    case 'compare': return compare(e.op, evaluateExpr(e.left, scope), evaluateExpr(e.right, scope));
    case 'and': return isTrue(evaluateExpr(e.left, scope)) && isTrue(evaluateExpr(e.right, scope));
    case 'or': return isTrue(evaluateExpr(e.left, scope)) || isTrue(evaluateExpr(e.right, scope));
    case 'not': return !isTrue(evaluateExpr(e.expr, scope));
  }
}

/** A logpoint message: `{expression}` parts replaced by their values (an error in words where one fails). */
export function renderTemplate(template: string, scope: EvalScope): string {
  const text = /^".*"$/s.test(template.trim()) ? template.trim().slice(1, -1) : template;
  return text.replace(/\{([^{}]+)\}/g, (_all, expr: string) => {
    try {
      const v = evaluateExpr(parseExpression(expr), scope);
      return v === null ? 'null' : String(v);
    } catch (e) {
      return `{${expr}: ${(e as Error).message}}`;
    }
  });
}

/** A selector's matches listed in full up to here (the count is always exact): more is not readable in a list. */
const LISTED_MATCHES = 200;

/**
 * What the Debug Console, hover and watch show: a quoted string or anything that is not an expression
 * is a CSS selector (its matches); an expression gives its value as the step would extract it.
 */
export function evaluateForDebugger(text: string, scope: EvalScope): Evaluation {
  const trimmed = text.trim();
  let expr: Expr | undefined;
  try {
    expr = parseExpression(trimmed);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
  }
  if (expr && !(expr.kind === 'literal' && typeof expr.value === 'string')) return { kind: 'value', expression: trimmed, value: evaluateExpr(expr, scope) };
  const selector = expr?.kind === 'literal' ? String(expr.value) : trimmed;
  if (!scope.page) throw new EvaluationError(`no page is open yet, so there is nothing to match "${selector}" against`);
  const { total, matches } = inspect(scope.page, selector, LISTED_MATCHES);
  return { kind: 'matches', selector, total, matches: matches.map((m) => ({ tag: m.tag, text: scope.redact(m.text), html: scope.redact(m.html), url: m.url && scope.redact(m.url) })) };
}
