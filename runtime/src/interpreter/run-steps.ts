// The step interpreter: runs an agent's steps for one session through its StepHost (fetcher, records,
// logs, progress, sleep, debugger hooks). Pure: no file system, network or threads of its own.
import type { ExtractStep, PaginateStep, Step, VisitStep } from '../../../language/src/ast';
import type { RecordValues, SessionProgress } from '../session-types';
import { Browser, NavigationError } from './browser';
import { describeProblem, evaluateValue, extractRecord, fieldType } from './fields';
import { clickElement, fillControl, formRequest, formToSubmit, FormError } from './forms';
import type { FetchRequest, SessionContext, StepFrame, StepHost, StepScope } from './host';
import { linkOf, pageKey, queryAll, queryOne, resolveUrl, SelectorError, type Page } from './page';
import { preflight } from './preflight';
import { isAbortError, Redactor, REDACTED, StepError, throwIfAborted } from './errors';
import { durationArg, isSecretValue, maxArg, stringArg } from './values';

/** How a run of the steps ended. User errors end as `failed` with a message; they are never thrown. */
export interface RunSummary {
  status: 'completed' | 'failed' | 'cancelled';
  /** Why the run failed or was cancelled (secrets redacted). */
  error?: string;
  /** The failing step: its keyword and 1-based line. */
  failedStep?: { kind: Step['kind']; line: number };
  pages: number;
  records: number;
  /** Problems that did not end the session: unconvertible fields (stored as null) and links a visit could not load. */
  errors: number;
  /** Records per dataset. */
  datasets: Record<string, number>;
  finalUrl?: string;
}

/**
 * Runs the steps of an agent in one session. Resolves with a summary; rejects only for faults outside
 * the agent's control (a host callback throwing, a bug), which the engine reports as a crash.
 *
 * Error policy, the same everywhere:
 * - A field whose value cannot be converted (`as number` on "n/a") is stored as null; the session logs
 *   a warning naming the dataset, field, value, page and reason, counts it in progress.errors, keeps the
 *   record and carries on. A selector that matches nothing gives null (exists() gives false): no error.
 * - A link that `visit each` cannot load (HTTP ≥ 400, timeout, …) is logged as an error, counted, and
 *   skipped; the visit goes on with the next link.
 * - Anything else ends the session as failed with a message naming the step and its line: a page that
 *   `open`, `paginate`, `click` or `submit` cannot load, a selector `fill`/`click`/`submit` cannot find,
 *   an invalid selector, a missing input or login, a field that would store login.password.
 */
export async function runAgentSteps(steps: Step[], session: SessionContext, host: StepHost): Promise<RunSummary> {
  return new StepRunner(session, host).run(steps);
}

class StepRunner {
  private readonly progress: SessionProgress = { pages: 0, records: 0, errors: 0 };
  private readonly datasets: Record<string, number> = {};
  private readonly stack: StepFrame['stack'] = [];
  private readonly browser: Browser;
  private readonly redactor: Redactor;
  private lastRecord: RecordValues | undefined;

  constructor(private readonly session: SessionContext, private readonly host: StepHost) {
    this.redactor = Redactor.forPassword(session.login?.password);
    this.browser = new Browser(host, this.progress, (text) => this.redactor.redact(text));
  }

  async run(steps: Step[]): Promise<RunSummary> {
    try {
      preflight(steps, this.session);
      await this.runBlock(steps);
      return this.summary('completed');
    } catch (err) {
      if (isAbortError(err, this.host.signal)) return this.summary('cancelled', 'The session was cancelled before its steps finished.');
      if (err instanceof StepError) return this.summary('failed', err.message, err);
      throw err;
    }
  }

  private summary(status: RunSummary['status'], error?: string, failed?: StepError): RunSummary {
    return {
      status,
      error: error === undefined ? undefined : this.redactor.redact(error),
      failedStep: failed?.step && failed.line ? { kind: failed.step.kind, line: failed.line } : undefined,
      pages: this.progress.pages,
      records: this.progress.records,
      errors: this.progress.errors,
      datasets: { ...this.datasets },
      finalUrl: this.progress.currentUrl,
    };
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.host.log(level, this.redactor.redact(message));
  }

  private countError(): void {
    this.progress.errors++;
    this.host.progress({ errors: this.progress.errors });
  }

  private async runBlock(steps: Step[]): Promise<void> {
    for (const step of steps) await this.runStep(step);
  }

  private async runStep(step: Step): Promise<void> {
    throwIfAborted(this.host.signal);
    const hooks = this.host.hooks;
    if (hooks?.beforeStep) {
      await hooks.beforeStep(this.frame(step), this.scope());
      throwIfAborted(this.host.signal);
    }
    try {
      await this.execute(step);
    } catch (err) {
      const stepError = err instanceof NavigationError || err instanceof FormError || err instanceof SelectorError ? new StepError(err.message, step) : err;
      const failure = stepError instanceof StepError ? stepError.in(this.session.source) : stepError;
      if (failure instanceof StepError && hooks?.stepProblem && !isAbortError(failure, this.host.signal)) {
        await hooks.stepProblem(this.frame(step), this.scope(), { message: this.redactor.redact(failure.message), fails: true });
      }
      throw failure;
    }
  }

  private frame(step: Step): StepFrame {
    return { step, stack: this.stack.map((s) => ({ ...s })), pageUrl: this.progress.currentUrl, record: this.lastRecord };
  }

  private scope(): StepScope {
    return { session: this.session, page: this.browser.page, redact: (text) => this.redactor.redact(text) };
  }

  private requirePage(step: Step): Page {
    const page = this.browser.page;
    if (!page) throw new StepError(`No page is open yet: start the steps with 'open "URL"'.`, step);
    return page;
  }

  private async execute(step: Step): Promise<void> {
    switch (step.kind) {
      case 'open': return this.open(stringArg(step.url, 'The URL', this.session, step));
      case 'paginate': return this.paginate(step);
      case 'visit': return this.visit(step);
      case 'extract': return this.extract(step);
      case 'fill': return this.fill(step);
      case 'click': return this.click(step);
      case 'submit': return this.submit(step);
      case 'wait': return this.host.sleep(durationArg(step.duration, step), this.host.signal);
      case 'log':
        this.log('info', stringArg(step.message, 'The log message', this.session, step));
        return;
    }
  }

  private async open(target: string): Promise<void> {
    const current = this.browser.page;
    const url = current ? resolveUrl(target, current.baseUrl) : target;
    const page = await this.browser.navigate({ url: url ?? target, method: 'GET' });
    this.log('info', `Opened ${page.url} (HTTP ${page.status}).`);
  }

  /**
   * `paginate next SEL max N`: runs the block on the current page, then follows SEL, for at most N pages.
   * It stops when there is no next link, at the bound, or when the next link leads to a page it has
   * already shown (a loop), saying which in the log.
   */
  private async paginate(step: PaginateStep): Promise<void> {
    const selector = stringArg(step.next, 'The next-page selector', this.session, step);
    const max = maxArg(step.max, step)!;
    const visited = new Set([pageKey(this.requirePage(step).url)]);
    const frame = { step: step as Step, iteration: 0 };
    this.stack.push(frame);
    try {
      for (let i = 0; ; i++) {
        frame.iteration = i;
        await this.runBlock(step.body);
        const page = this.requirePage(step);
        const link = queryOne(page.document, selector);
        const next = link ? linkOf(page, link) : undefined;
        if (!next) {
          this.log('info', `Pagination finished after ${i + 1} page(s): no "${selector}" link on ${page.url}.`);
          return;
        }
        if (visited.has(pageKey(next))) {
          this.log('warn', `Pagination stopped after ${i + 1} page(s): the "${selector}" link on ${page.url} points back to ${next}, which was already visited (a loop).`);
          return;
        }
        if (i + 1 >= max) {
          this.log('info', `Pagination stopped at its bound of ${max} page(s) ('max ${max}'); more pages follow from ${next}.`);
          return;
        }
        visited.add(pageKey(next));
        const loaded = await this.browser.navigate({ url: next, method: 'GET', headers: { referer: page.url } }, page);
        visited.add(pageKey(loaded.url));
      }
    } finally {
      this.stack.pop();
    }
  }

  /**
   * `visit each`: the matched links' URLs (href or src, resolved; duplicates and fragment-only variants
   * visited once), at most `max` of them; each is opened, the block runs, and the listing page comes back
   * as it was (forms included) without being reloaded.
   */
  private async visit(step: VisitStep): Promise<void> {
    const selector = stringArg(step.selector, 'The link selector', this.session, step);
    const max = maxArg(step.max, step);
    const origin = this.requirePage(step);
    const links = new Map<string, string>();
    let withoutHref = 0;
    for (const el of queryAll(origin.document, selector)) {
      const url = linkOf(origin, el);
      if (!url) withoutHref++;
      else if (!links.has(pageKey(url))) links.set(pageKey(url), url);
    }
    if (withoutHref) this.log('warn', `visit each "${selector}": ${withoutHref} matched element(s) on ${origin.url} have no href or src and were skipped.`);
    const todo = [...links.values()].slice(0, max);
    if (todo.length < links.size) this.log('info', `visit each "${selector}": visiting ${todo.length} of ${links.size} links on ${origin.url} ('max ${max}').`);
    const frame = { step: step as Step, iteration: 0, total: todo.length };
    this.stack.push(frame);
    try {
      for (let i = 0; i < todo.length; i++) {
        frame.iteration = i;
        throwIfAborted(this.host.signal);
        try {
          await this.browser.navigate({ url: todo[i], method: 'GET', headers: { referer: origin.url } }, origin);
        } catch (err) {
          if (!(err instanceof NavigationError)) throw err;
          this.log('error', `visit each "${selector}" (line ${step.keywordRange.start.line + 1}) skipped a link: ${err.message}`);
          this.countError();
          continue;
        }
        try {
          await this.runBlock(step.body);
        } finally {
          this.browser.show(origin);
        }
      }
    } finally {
      this.stack.pop();
    }
  }

  private async extract(step: ExtractStep): Promise<void> {
    const page = this.requirePage(step);
    const scopes = step.each ? queryAll(page.document, stringArg(step.each, 'The each selector', this.session, step)) : [page.document];
    for (const scope of scopes) {
      const { values, problems } = extractRecord(step, page, scope, this.session);
      for (const [k, v] of Object.entries(values)) if (typeof v === 'string') values[k] = this.redactor.redact(v);
      for (const p of problems) {
        const field = step.fields.find((f) => f.name === p.field)!;
        const message = this.redactor.redact(describeProblem(step.dataset, p, fieldType(field, step)!, page.url));
        await this.host.hooks?.stepProblem?.(this.frame(step), this.scope(), { message, fails: false });
        this.log('warn', message);
        this.countError();
      }
      this.host.record(step.dataset, values);
      this.lastRecord = values;
      this.datasets[step.dataset] = (this.datasets[step.dataset] ?? 0) + 1;
      this.progress.records++;
    }
    if (scopes.length) this.host.progress({ records: this.progress.records });
  }

  private fill(step: Step & { kind: 'fill' }): void {
    const page = this.requirePage(step);
    const selector = stringArg(step.selector, 'The field selector', this.session, step);
    const el = queryOne(page.document, selector);
    if (!el) throw new StepError(`No form field matches "${selector}" on ${page.url}; check the selector against the page (for example "#username" or "input[name=user]").`, step);
    const value = evaluateValue(step.value, page, page.document, this.session, step);
    const set = fillControl(page, el, value);
    this.log('info', `Filled "${selector}" with ${isSecretValue(step.value) ? REDACTED : JSON.stringify(set)}.`);
  }

  private async click(step: Step & { kind: 'click' }): Promise<void> {
    const page = this.requirePage(step);
    const selector = stringArg(step.selector, 'The element selector', this.session, step);
    const el = queryOne(page.document, selector);
    if (!el) throw new StepError(`Nothing matches "${selector}" on ${page.url}, so there is nothing to click; check the selector against the page.`, step);
    const action = clickElement(page, el);
    if (action.kind === 'toggled') {
      this.log('info', `Clicked "${selector}": it is now ${action.checked ? 'checked' : 'unchecked'}.`);
      return;
    }
    await this.follow(action.request, page, `Clicked "${selector}"`);
  }

  private async submit(step: Step & { kind: 'submit' }): Promise<void> {
    const page = this.requirePage(step);
    const selector = stringArg(step.selector, 'The form selector', this.session, step);
    const el = queryOne(page.document, selector);
    if (!el) throw new StepError(`No form matches "${selector}" on ${page.url}; check the selector against the page (for example "form#login").`, step);
    await this.follow(formRequest(page, formToSubmit(page, el)), page, `Submitted "${selector}"`);
  }

  private async follow(request: FetchRequest, from: Page, what: string): Promise<void> {
    const page = await this.browser.navigate(request, from);
    this.log('info', `${what}: ${request.method} ${request.url} → ${page.url} (HTTP ${page.status}).`);
  }
}
