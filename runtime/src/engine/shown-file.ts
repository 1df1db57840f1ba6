// How a declaration's file is named to users: relative to the workspace folder (agents/books.rpa),
// never as a file:// URI; the URI itself only when it is not a file of this machine.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export function shownFile(uri: string, baseDir: string): string {
  try {
    return relative(baseDir, fileURLToPath(uri)) || uri;
  } catch {
    return uri;
  }
}
