// Copies one session's committed records from a worker's local store to the fleet's PostgreSQL store,
// numbered by their place in the session's dataset, so a copy repeated after a retry adds nothing.
import type { SessionStoreApi } from '../store/store-api';
import type { SessionPatch } from '../store/store-ops';
import type { PgSessionStore, RecordBatch } from './pg-session-store';

export class RecordCopier {
  private readonly copied = new Map<string, number>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly local: SessionStoreApi,
    private readonly fleet: PgSessionStore,
    private readonly sessionId: string,
  ) {}

  /** Copies what the local store has committed beyond what was copied (with `patch` in the same transaction); calls run one after another. */
  flush(patch?: SessionPatch): Promise<void> {
    const next = this.chain.then(() => this.copy(patch));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async copy(patch?: SessionPatch): Promise<void> {
    const batches: RecordBatch[] = [];
    for (const { dataset, count } of this.local.datasets(this.sessionId)) {
      const from = this.copied.get(dataset) ?? 0;
      if (count > from) batches.push({ dataset, firstRecordNo: from, rows: this.local.records(this.sessionId, dataset, { offset: from, limit: count - from }).rows });
    }
    if (!batches.length && !patch) return;
    await this.fleet.commit(this.sessionId, batches, patch);
    for (const b of batches) this.copied.set(b.dataset, b.firstRecordNo + b.rows.length);
  }
}
