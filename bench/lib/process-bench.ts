// Whole-process figures for the server benchmark: a process's resident memory (Linux /proc) and the
// wall time of cold `rpa-sessions check` runs, each a fresh Node process.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Resident set size of a process in MB, or NaN where /proc is not available. */
export function residentMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Wall times (sorted, ms) of `runs` cold `node cli.js check path` processes. */
export function coldChecks(cli: string, path: string, runs: number): number[] {
  execFileSync(process.execPath, ['--version']); // the node binary itself in the page cache
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'check', path], { stdio: 'ignore' });
    if (r.status === 2 || r.error) throw new Error(`check ${path} failed (exit ${r.status})`);
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b);
}
