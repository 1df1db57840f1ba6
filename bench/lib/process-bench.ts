// Whole-process figures for the server benchmark: a process's heap after a full collection and resident
// memory (from the heap probe preload), and the wall time of cold `rpa-sessions check` runs.
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Node options that load the heap probe (heap-probe-preload.ts, built beside this benchmark's bundle). */
export const HEAP_PROBE_ARGS = ['--expose-gc', '-r', join(__dirname, 'lib', 'heap-probe-preload.js')];

export interface HeapSample {
  heapUsedMb: number;
  rssMb: number;
}

/** Asks a process started with HEAP_PROBE_ARGS for its heap used after a full collection, and its RSS. */
export function heapAfterGc(child: ChildProcess, timeoutMs = 30_000): Promise<HeapSample> {
  const stderr = child.stderr;
  if (!stderr) throw new Error('heapAfterGc needs the stderr of the process piped');
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      const line = /^heap-probe (.*)$/m.exec(seen)?.[1];
      if (!line) return;
      done();
      const { heapUsed, rss } = JSON.parse(line) as { heapUsed: number; rss: number };
      resolve({ heapUsedMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 });
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no heap-probe answer within ${timeoutMs} ms (was the process started with HEAP_PROBE_ARGS?)`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      stderr.off('data', onData);
    };
    stderr.on('data', onData);
    child.kill('SIGUSR2');
  });
}

/**
 * Wall times (each sorted, ms) of `runs` cold `node cli.js check PATH` processes per path, the paths taken
 * in turn so that a change in the machine's load weighs on each alike.
 */
export function coldChecks(cli: string, paths: readonly string[], runs: number): number[][] {
  execFileSync(process.execPath, ['--version']); // the node binary itself in the page cache
  const samples = paths.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    paths.forEach((path, k) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'check', path], { stdio: 'ignore' });
      if (r.status === 2 || r.error) throw new Error(`check ${path} failed (exit ${r.status})`);
      samples[k].push(performance.now() - t0);
    });
  }
  return samples.map((s) => s.sort((a, b) => a - b));
}
