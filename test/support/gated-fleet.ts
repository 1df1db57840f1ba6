// A fleet for worker tests: Redis and PostgreSQL, the example site behind a gate (so sessions wait
// for their pages while a test kills workers), a books workspace, the store, and worker processes.
import type { ChildProcess } from 'node:child_process';
import { PgSessionStore } from '../../runtime/src/fleet/pg-session-store';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { TempDir } from '../cli/cli-harness';
import { booksWorkspace } from '../cli/runtime-harness';
import { GatedSite } from '../e2e/gated-site';
import { startFleetServices, startWorkerProcess, type FleetServices, type WorkerProcess } from './fleet-services';

export class GatedFleet {
  private readonly children: ChildProcess[] = [];

  private constructor(
    readonly services: FleetServices,
    private readonly site: SiteServer,
    readonly gate: GatedSite,
    readonly dir: TempDir,
    readonly store: PgSessionStore,
  ) {}

  /** `files`: .rpa files added to the books workspace (more runs on its bots). */
  static async start(files: Record<string, string> = {}): Promise<GatedFleet> {
    const services = startFleetServices();
    const site = await startSiteServer({ port: 0 });
    const gate = await GatedSite.start(site.url, 0);
    const dir = new TempDir().write({ ...booksWorkspace(gate.url), ...files });
    return new GatedFleet(services, site, gate, dir, await PgSessionStore.open(services.storeUrl));
  }

  /** An `rpa-sessions worker` process on this workspace, killed at close() if still running. */
  async startWorker(name: string, concurrency = 1): Promise<WorkerProcess> {
    const w = await startWorkerProcess(this.services, this.dir.path, name, concurrency, { RPA_CLI_TEST_PASSWORD: 'fleet-test-password' });
    this.children.push(w.child);
    return w;
  }

  async close(): Promise<void> {
    for (const c of this.children) if (c.exitCode === null) c.kill('SIGKILL');
    await this.store.close();
    await this.gate.close();
    await this.site.close();
    this.dir.dispose();
    this.services.stop();
  }
}
