// How one .rpa file names another in a message: its path relative to the first file's folder
// (`bots.rpa`, `../agents/books.rpa`), never a file:// URI; other schemes keep their URI.
function pathSegments(uri: string): string[] | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? url.pathname.split('/').map(decodeURIComponent) : undefined;
  } catch {
    return undefined;
  }
}

export function relativeUri(from: string, to: string): string {
  const a = pathSegments(from);
  const b = pathSegments(to);
  if (!a || !b) return to;
  const dirA = a.slice(0, -1);
  let common = 0;
  while (common < dirA.length && common < b.length - 1 && dirA[common] === b[common]) common++;
  return [...Array<string>(dirA.length - common).fill('..'), ...b.slice(common)].join('/');
}
