// The session scheduler: a FIFO queue in which each session needs a place in some slots (its bot's
// effective limit, its run's `sessions`, a single-session agent). Never skips, never exceeds a limit.

/** A bounded resource a session occupies while it runs, e.g. `bot:FinanceBot` with limit 3. */
export interface Slot {
  key: string;
  limit: number;
}

interface QueuedEntry {
  id: string;
  slots: Slot[];
}

export interface SchedulerCallbacks {
  /** The session has left the queue and holds its slots; call release(id) when it has finished. */
  start(id: string): void;
  /** Queued sessions whose 1-based position in the queue changed. */
  moved(changes: Array<{ id: string; position: number }>): void;
}

export class Scheduler {
  private readonly queue: QueuedEntry[] = [];
  private readonly holding = new Map<string, Slot[]>();
  private readonly used = new Map<string, number>();
  private readonly reported = new Map<string, number>();
  private pumping = false;
  private again = false;

  constructor(private readonly callbacks: SchedulerCallbacks) {}

  /** Appends a session to the queue and returns its position; it starts on the next dispatch(). */
  enqueue(id: string, slots: Slot[]): number {
    if (this.holding.has(id) || this.queue.some((e) => e.id === id)) throw new Error(`Scheduler already holds session ${id}`);
    this.queue.push({ id, slots });
    const position = this.queue.length;
    this.reported.set(id, position);
    return position;
  }

  /** Starts every queued session that fits, in queue order, then reports moved positions. */
  dispatch(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        this.startFitting();
      } while (this.again);
    } finally {
      this.pumping = false;
    }
    this.reportPositions();
  }

  /** Takes a session out of the queue (cancelled before it started); false if it was not queued. */
  remove(id: string): boolean {
    const i = this.queue.findIndex((e) => e.id === id);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    this.reported.delete(id);
    this.reportPositions();
    return true;
  }

  /** Frees the slots of a session that has finished and starts whatever now fits. */
  release(id: string): void {
    const slots = this.holding.get(id);
    if (!slots) return;
    this.holding.delete(id);
    for (const s of slots) this.used.set(s.key, (this.used.get(s.key) ?? 1) - 1);
    this.dispatch();
  }

  position(id: string): number | undefined {
    const i = this.queue.findIndex((e) => e.id === id);
    return i < 0 ? undefined : i + 1;
  }

  isRunning(id: string): boolean {
    return this.holding.has(id);
  }

  /** How many sessions currently hold the slot. */
  inUse(key: string): number {
    return this.used.get(key) ?? 0;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  private fits(entry: QueuedEntry): boolean {
    return entry.slots.every((s) => (this.used.get(s.key) ?? 0) < s.limit);
  }

  private startFitting(): void {
    for (let i = 0; i < this.queue.length; ) {
      const entry = this.queue[i];
      if (!this.fits(entry)) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.reported.delete(entry.id);
      this.holding.set(entry.id, entry.slots);
      for (const s of entry.slots) this.used.set(s.key, (this.used.get(s.key) ?? 0) + 1);
      this.callbacks.start(entry.id);
    }
  }

  private reportPositions(): void {
    const changes: Array<{ id: string; position: number }> = [];
    this.queue.forEach((e, i) => {
      if (this.reported.get(e.id) !== i + 1) {
        this.reported.set(e.id, i + 1);
        changes.push({ id: e.id, position: i + 1 });
      }
    });
    if (changes.length) this.callbacks.moved(changes);
  }
}
