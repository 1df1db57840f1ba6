// The sessions one worker process runs at once over all its bots' queues (--concurrency): a count of
// taken slots that says when the process becomes full (stop fetching) and when it has room again.

export class ProcessSlots {
  private taken = 0;

  /** `changed`: called when the process becomes full and when it has room again. */
  constructor(
    readonly size: number,
    private readonly changed: () => void,
  ) {}

  get full(): boolean {
    return this.taken >= this.size;
  }

  /** Takes a slot; false when every slot is taken (the caller hands its job back). */
  take(): boolean {
    if (this.full) return false;
    this.taken++;
    if (this.full) this.changed();
    return true;
  }

  release(): void {
    const wasFull = this.full;
    this.taken--;
    if (wasFull) this.changed();
  }
}
