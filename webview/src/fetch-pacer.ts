// Paces fetching the grid's rows while the view jumps from page to page (a scrollbar drag over a
// million rows): the first jump fetches at once, the next ones once the view rests there.

/** How long the view must stay after jumps in a row before the rows where it is are fetched. */
const REST_MS = 80;

export class FetchPacer {
  private lastJumpAt = -Infinity;
  private timer: number | undefined;

  constructor(private readonly fetch: () => void) {}

  /** The view moved; `jumped`: to rows none of which were in view before. */
  moved(jumped: boolean): void {
    clearTimeout(this.timer);
    const now = performance.now();
    const dragging = jumped && now - this.lastJumpAt < REST_MS;
    if (jumped) this.lastJumpAt = now;
    if (dragging) this.timer = window.setTimeout(this.fetch, REST_MS);
    else this.fetch();
  }
}
