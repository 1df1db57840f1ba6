// The shape of an agent's steps and field expressions: value types of every step argument, field
// functions and their arguments, `as` types, member expressions, secrets kept out of data and logs.
import type * as A from '../ast';
import type { Accept } from '../diagnostics';
import { allSteps, stepsOf } from '../model';
import { FIELD_FUNCTIONS, FIELD_TYPES, MEMBER_OBJECTS, STEP_DOCS } from '../schema';
import { closest } from '../suggest';
import type { CheckContext } from './check';
import { fix, replace } from './edits';
import { reportStringProblems, reportValue } from './schema';

const URL_SCHEMES = ['http', 'https', 'file'];
/** Column every dataset table already has (SPEC §3: typed columns plus the session ID). */
const RESERVED_FIELDS = new Set(['session_id']);

interface StepContext {
  uri: string;
  accept: Accept;
}

export function checkSteps({ file, accept }: CheckContext): void {
  const ctx: StepContext = { uri: file.uri, accept };
  for (const agent of file.ast.declarations) {
    if (agent.kind !== 'agent') continue;
    const steps = stepsOf(agent);
    if (!steps) continue;
    if (!steps.steps.length)
      accept({
        code: 'invalid-value',
        range: steps.keyRange,
        message: `Agent '${agent.name}' has no steps: a session would open nothing and extract nothing. Add at least 'open "URL"' and an 'extract' step.`,
      });
    for (const step of allSteps(steps.steps)) checkStep(step, ctx);
  }
}

function checkStep(step: A.Step, ctx: StepContext): void {
  const what = (arg: string) => `The ${arg} of '${step.kind}'`;
  switch (step.kind) {
    case 'open': return checkUrl(step.url, ctx);
    case 'paginate':
      checkSelector(step.next, what('next-link selector'), ctx);
      return checkMax(step.max, step, ctx);
    case 'visit':
      checkSelector(step.selector, what('link selector'), ctx);
      if (step.max) checkMax(step.max, step, ctx);
      return;
    case 'extract': return checkExtract(step, ctx);
    case 'fill':
      checkSelector(step.selector, what('field selector'), ctx);
      return checkFillValue(step.value, ctx);
    case 'click':
    case 'submit': return checkSelector(step.selector, what('selector'), ctx);
    case 'wait': return reportValue(step.duration, { kind: 'duration', minMs: 1 }, what('duration'), ctx.uri, ctx.accept);
    case 'log': return reportValue(step.message, { kind: 'string' }, what('message'), ctx.uri, ctx.accept);
  }
}

function checkUrl(url: A.Value, ctx: StepContext): void {
  reportValue(url, { kind: 'string' }, "The URL of 'open'", ctx.uri, ctx.accept);
  if (url.kind !== 'string') return;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url.value)?.[1];
  if (url.value.trim() === '')
    ctx.accept({ code: 'invalid-value', range: url.range, message: "'open' needs a URL to navigate to, e.g. \"{baseUrl}/index.html\"." });
  else if (scheme && !URL_SCHEMES.includes(scheme.toLowerCase()))
    ctx.accept({
      code: 'invalid-value',
      range: url.range,
      message: `'${scheme}:' URLs can't be opened: a session's browser loads only http, https and file URLs. Use one of those.`,
    });
}

function checkSelector(v: A.Value, what: string, ctx: StepContext): void {
  reportValue(v, { kind: 'string' }, what, ctx.uri, ctx.accept);
  if (v.kind === 'string' && v.value.trim() === '')
    ctx.accept({ code: 'invalid-value', range: v.range, message: `${what} is empty: give a CSS selector such as "li.next a".` });
}

function checkMax(v: A.Value, step: A.PaginateStep | A.VisitStep, ctx: StepContext): void {
  const unit = step.kind === 'paginate' ? 'pages to follow' : 'links to visit';
  reportValue(v, { kind: 'integer', min: 1 }, `'max' (the number of ${unit})`, ctx.uri, ctx.accept);
}

function checkExtract(step: A.ExtractStep, ctx: StepContext): void {
  if (step.each) checkSelector(step.each, "The 'each' selector of 'extract'", ctx);
  if (!step.fields.length && step.dataset)
    ctx.accept({
      code: 'invalid-value',
      range: step.datasetRange,
      message: `'extract ${step.dataset}' has no fields, so its records would be empty. Add fields such as 'title: text("h1")'.`,
    });
  const seen = new Map<string, A.Field>();
  for (const field of step.fields) {
    const first = seen.get(field.name);
    if (first)
      ctx.accept({
        code: 'duplicate-property',
        range: field.nameRange,
        message: `Field '${field.name}' is defined twice in dataset '${step.dataset}': a record has one column per field name. Rename or remove one of them.`,
        related: [{ uri: ctx.uri, range: first.nameRange, message: `'${field.name}' is first defined here` }],
        fixes: [{ title: `Remove this '${field.name}'`, edits: [replace(ctx.uri, field.range, '')] }],
      });
    else seen.set(field.name, field);
    if (RESERVED_FIELDS.has(field.name))
      ctx.accept({
        code: 'invalid-value',
        range: field.nameRange,
        message: `'${field.name}' is reserved: every record already carries its session's ID in the ${field.name} column. Choose another name (write 'sessionId: session.id' to extract it).`,
      });
    checkFieldExpr(field.expr, ctx);
    if (field.as) checkAs(field.as, ctx);
  }
}

function checkAs(as: { type: string; range: A.Range }, ctx: StepContext): void {
  if ((FIELD_TYPES as readonly string[]).includes(as.type)) return;
  const guess = closest(as.type, FIELD_TYPES);
  ctx.accept({
    code: 'invalid-value',
    range: as.range,
    message: `'${as.type}' is not a field type: a value can be converted with 'as ${FIELD_TYPES.join("', 'as ")}' (text needs no conversion).${guess ? ` Did you mean '${guess}'?` : ''}`,
    fixes: guess ? fix(`Change to '${guess}'`, replace(ctx.uri, as.range, guess)) : undefined,
  });
}

const FIELD_FORMS = 'text(SEL), attr(SEL, NAME), html(SEL), url(SEL), exists(SEL), input.NAME, session.id, login.user or a string';

function checkFieldExpr(v: A.Value, ctx: StepContext): void {
  reportStringProblems(v, ctx.accept);
  switch (v.kind) {
    case 'missing':
    case 'string': return;
    case 'call': return checkCall(v, ctx);
    case 'member': return checkMember(v, ctx, 'field');
    default:
      ctx.accept({ code: 'invalid-value', range: v.range, message: `A field's value is one of ${FIELD_FORMS}; put literal text in quotes.` });
  }
}

function checkCall(v: A.CallValue, ctx: StepContext): void {
  const spec = FIELD_FUNCTIONS[v.callee];
  if (!spec) {
    const guess = closest(v.callee, Object.keys(FIELD_FUNCTIONS));
    ctx.accept({
      code: 'invalid-value',
      range: v.calleeRange,
      message: `'${v.callee}(…)' is not a field function: use ${Object.keys(FIELD_FUNCTIONS).join(', ')}.${guess ? ` Did you mean '${guess}'?` : ''}` +
        (v.callee === 'secret' ? ' A secret can only be a login password: it is never extracted.' : ''),
      fixes: guess ? fix(`Change to '${guess}'`, replace(ctx.uri, v.calleeRange, guess)) : undefined,
    });
    return;
  }
  // The wording is built only for a call with a problem: this runs for every field of every extract.
  const usage = () => `${v.callee}(${spec.params.join(', ')})`;
  if (v.args.length !== spec.params.length) {
    ctx.accept({
      code: 'invalid-value',
      range: v.range,
      message: `${usage()} takes ${spec.params.length} argument${spec.params.length > 1 ? 's' : ''}, not ${v.args.length}: ${spec.doc}`,
    });
    return;
  }
  for (let i = 0; i < v.args.length; i++) {
    const arg = v.args[i];
    if (arg.kind !== 'missing' && arg.kind !== 'string') ctx.accept({ code: 'invalid-value', range: arg.range, message: `${spec.params[i]} in ${usage()} must be a string in quotes.` });
  }
}

/** `input.x`, `session.id`, `login.user` / `login.password`; where a secret may go depends on `use`. */
function checkMember(v: A.MemberValue, ctx: StepContext, use: 'field' | 'fill'): void {
  const spec = MEMBER_OBJECTS[v.object];
  if (!spec) {
    const guess = closest(v.object, Object.keys(MEMBER_OBJECTS));
    ctx.accept({
      code: 'invalid-value',
      range: v.objectRange,
      message: `'${v.object}.${v.member}' is not a known value: use input.NAME, session.id, login.user or login.password.${guess ? ` Did you mean '${guess}'?` : ''}`,
      fixes: guess ? fix(`Change to '${guess}'`, replace(ctx.uri, v.objectRange, guess)) : undefined,
    });
    return;
  }
  if (spec.members && !spec.members.includes(v.member)) {
    const guess = closest(v.member, spec.members);
    const has = spec.members.map((m) => `${v.object}.${m}`).join(' and ');
    ctx.accept({
      code: 'invalid-value',
      range: v.memberRange,
      message: `'${v.object}.${v.member}' does not exist: ${v.object === 'session' ? 'a session exposes only' : "the bot's login data has only"} ${has}.${guess ? ` Did you mean '${guess}'?` : ''}`,
      fixes: guess ? fix(`Change to '${guess}'`, replace(ctx.uri, v.memberRange, guess)) : undefined,
    });
    return;
  }
  if (v.object === 'login' && v.member === 'password' && use === 'field')
    ctx.accept({
      code: 'invalid-value',
      range: v.range,
      message:
        "login.password is a secret: it is never logged, stored, exported or shown in the debugger, so it can't be extracted " +
        "into a dataset. Use it only to log in: 'fill \"input[name=password]\" with login.password'.",
    });
}

function checkFillValue(v: A.Value, ctx: StepContext): void {
  reportStringProblems(v, ctx.accept);
  if (v.kind === 'member') return checkMember(v, ctx, 'fill');
  if (v.kind === 'string' || v.kind === 'missing') return;
  ctx.accept({
    code: 'invalid-value',
    range: v.range,
    message: `${STEP_DOCS.fill.syntax}: VALUE is a string, input.NAME, session.id, login.user or login.password.`,
  });
}
