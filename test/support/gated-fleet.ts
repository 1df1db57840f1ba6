// A fleet for worker tests: Redis and PostgreSQL, the example site behind a gate (so sessions wait
// for their pages while a test kills workers), a books workspace, the store, and workers (processes or in this one).
import type { ChildProcess } from 'node:child_process';
import { FleetWorker } from '../../runtime/src/fleet/fleet-worker';
import { PgSessionStore } from '../../runtime/src/fleet/pg-session-store';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { TempDir } from '../cli/cli-harness';
import { booksWorkspace } from '../cli/runtime-harness';
import { GatedSite } from '../e2e/gated-site';
import { WORKER_SCRIPT } from '../runtime/engine/engine-harness';
import { startFleetServices, startWorkerProcess, type FleetServices, type WorkerProcess } from './fleet-services';

/** The secret the books workspace's bots log in with, in each worker's environment. */
const WORKER_ENV = { RPA_CLI_TEST_PASSWORD: 'fleet-test-password' };

export class GatedFleet {
  private readonly children: ChildProcess[] = [];
  private readonly inProcess: FleetWorker[] = [];

  private constructor(
    readonly services: FleetServices,
    private readonly site: SiteServer,
    readonly gate: GatedSite,
    readonly dir: TempDir,
    readonly store: PgSessionStore,
  ) {}

  /** `files`: .rpa files added to the books workspace (more runs and agents), given the site's URL. */
  static async start(files: Record<string, string> | ((siteUrl: string) => Record<string, string>) = {}): Promise<GatedFleet> {
    const services = startFleetServices();
    const site = await startSiteServer({ port: 0 });
    const gate = await GatedSite.start(site.url, 0);
    const dir = new TempDir().write({ ...booksWorkspace(gate.url), ...(typeof files === 'function' ? files(gate.url) : files) });
    return new GatedFleet(services, site, gate, dir, await PgSessionStore.open(services.storeUrl));
  }

  /** An `rpa-sessions worker` process on this workspace, killed at close() if still running. */
  async startWorker(name: string, concurrency = 1): Promise<WorkerProcess> {
    const w = await startWorkerProcess(this.services, this.dir.path, name, concurrency, WORKER_ENV);
    this.children.push(w.child);
    return w;
  }

  /** A worker in this process, on this workspace; stopped by stopInProcessWorkers() or close(). */
  async startInProcessWorker(name: string, o: { concurrency?: number; say?: (line: string) => void } = {}): Promise<FleetWorker> {
    const w = await FleetWorker.start({ workspaceDir: this.dir.path, queueUrl: this.services.queueUrl, store: this.store, name, env: { ...process.env, ...WORKER_ENV }, workerScript: WORKER_SCRIPT, ...o });
    this.inProcess.push(w);
    return w;
  }

  async stopInProcessWorkers(): Promise<void> {
    for (const w of this.inProcess.splice(0)) await w.stop().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.stopInProcessWorkers();
    for (const c of this.children) if (c.exitCode === null) c.kill('SIGKILL');
    await this.store.close();
    await this.gate.close();
    await this.site.close();
    this.dir.dispose();
    this.services.stop();
  }
}
