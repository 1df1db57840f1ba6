// The session's simulated browser: loads pages through the host's fetcher, keeps the current page,
// counts pages in the session's progress, and turns HTTP error statuses into clear navigation errors.
import type { FetchRequest, FetchResponse, StepHost } from './host';
import { FetchError, throwIfAborted } from './errors';
import { parsePage, type Page } from './page';

/** A page that could not be loaded: network failure, timeout, size limit, redirects or HTTP ≥ 400. */
export class NavigationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NavigationError';
  }
}

const SCHEMES = new Set(['http:', 'https:', 'file:']);

function statusHint(status: number): string {
  if (status === 401 || status === 403) return 'the site refused access: sign in first (fill and submit its login form) or check the login data';
  if (status === 404 || status === 410) return 'the page does not exist: check the URL, the inputs it uses, or the link selector';
  if (status === 429) return 'the site is rate-limiting this session: add a wait step between pages or run fewer sessions in parallel';
  if (status >= 500) return 'the site has a server error; it may be down or overloaded, try the run again later';
  return 'the site did not return the page';
}

export interface BrowserCounters {
  pages: number;
  currentUrl?: string;
}

export class Browser {
  page: Page | undefined;

  /** `redact` hides secrets in the URLs reported as progress (a GET form may carry the password). */
  constructor(private readonly host: StepHost, private readonly counters: BrowserCounters, private readonly redact: (text: string) => string) {}

  /**
   * Loads a page and makes it current. Throws NavigationError for anything the user should see.
   * `from`: the page whose link or form leads here (none for the agent's own `open` step): as in a
   * browser, a page loaded over http(s) leads only to http(s) URLs, never to a local file.
   */
  async navigate(req: FetchRequest, from?: Page): Promise<Page> {
    let scheme: string;
    try {
      scheme = new URL(req.url).protocol;
    } catch {
      throw new NavigationError(`${JSON.stringify(req.url)} is not a URL; write an absolute URL such as "http://127.0.0.1:8080/index.html" or use a {baseUrl} input.`);
    }
    if (!SCHEMES.has(scheme)) throw new NavigationError(`${req.url} uses ${scheme}, but the session's browser opens only http, https and file URLs.`);
    if (scheme === 'file:' && from && !from.url.startsWith('file:')) {
      throw new NavigationError(
        `${from.url} links to the local file ${req.url}, which the session refused to open: a page loaded over http(s) leads only to http(s) URLs, ` +
          "as in a browser. Only the agent's own 'open' steps may name a file: URL.",
      );
    }
    throwIfAborted(this.host.signal);
    let res: FetchResponse;
    try {
      res = await this.host.fetcher.fetch(req, this.host.signal);
    } catch (err) {
      if (err instanceof FetchError) throw new NavigationError(err.message);
      throw err;
    }
    if (res.status >= 400) {
      const after = res.attempts && res.attempts > 1 ? ` after ${res.attempts} attempts` : '';
      throw new NavigationError(`${req.method} ${res.url} answered HTTP ${res.status}${after}: ${statusHint(res.status)}.`);
    }
    this.counters.pages++;
    const page = parsePage(res.url, res.body, res.status);
    this.show(page);
    return page;
  }

  /** Makes a page current again (coming back from a visit) without reloading it. */
  show(page: Page): void {
    this.page = page;
    this.counters.currentUrl = this.redact(page.url);
    this.host.progress({ pages: this.counters.pages, currentUrl: this.counters.currentUrl });
  }
}
