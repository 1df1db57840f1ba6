// The project's shipped examples (examples/site, examples/workspace), found above the running bundle
// (dist/, dist-test/…, or an installed extension's folder) or the current folder.
import { cpSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** examples/NAME holding `marker`, or undefined when neither place has it. */
export function findExamples(name: 'site' | 'workspace', marker: string): string | undefined {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'examples', name);
      if (existsSync(join(candidate, marker))) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

/** Copies a workspace's files to `to`, without its state (.rpa/) or exports (out/). */
export function copyWorkspaceFiles(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (src) => src === from || !['.rpa', 'out'].includes(basename(src)) });
}

/** A copy of the sample workspace in `parent`/rpa-sessions-sample (…-2, -3 when taken); returns its folder. */
export function copySampleWorkspace(from: string, parent: string): string {
  let target = join(parent, 'rpa-sessions-sample');
  for (let n = 2; existsSync(target); n++) target = join(parent, `rpa-sessions-sample-${n}`);
  copyWorkspaceFiles(from, target);
  return target;
}
