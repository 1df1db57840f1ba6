// Breakpoint hit conditions: `3` stops on the third hit only, `>= 3` (also > < <= ==) on the hits that
// compare so, `% 2` on every second hit. Hits are counted per session (each session is a thread).

export type HitTest = (hits: number) => boolean;

const FORM = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/;

/** The test for a hit condition, or a message saying what a hit condition looks like. */
export function parseHitCondition(text: string): { test: HitTest } | { error: string } {
  const m = FORM.exec(text);
  if (!m) return { error: `${JSON.stringify(text)} is not a hit count: write 3 (the third hit), >= 3, > 3, < 3, <= 3 or % 2 (every second hit)` };
  const n = Number(m[2]);
  switch (m[1]) {
    case undefined:
    case '==': return { test: (hits) => hits === n };
    case '>=': return { test: (hits) => hits >= n };
    case '<=': return { test: (hits) => hits <= n };
    case '>': return { test: (hits) => hits > n };
    case '<': return { test: (hits) => hits < n };
    default:
      if (n === 0) return { error: '% 0 never matches: use % 1 for every hit, % 2 for every second one' };
      return { test: (hits) => hits % n === 0 };
  }
}
