// A stopped session's call stack as DAP shows it: the step it stopped before on top, then each
// paginate / visit block around it with its page or link, each at its step's range in the agent's file.
import type { Step } from '../../../language/src/ast';
import type { BlockFrame, StepFrame } from '../../../runtime/src/interpreter/host';
import { blockTitle, stepTitle } from '../../../runtime/src/debug/step-titles';

/** One frame: the current step (no iteration) or an enclosing block. */
export type Frame = { step: Step; block?: BlockFrame };

/** Innermost first, as DAP lists frames: the step the session waits before, then the blocks out to the agent's steps. */
export function framesOf(frame: StepFrame): Frame[] {
  return [{ step: frame.step }, ...[...frame.stack].reverse().map((block) => ({ step: block.step, block }))];
}

export function frameTitle(f: Frame): string {
  return f.block ? blockTitle(f.block) : stepTitle(f.step);
}

/**
 * Where the frame's step is (0-based): a one-line step whole; a block (paginate, visit, a long extract)
 * from its keyword to the end of its first line, so the editor marks the step rather than the whole block.
 */
export function frameRange(step: Step, text: string): { line: number; column: number; endLine: number; endColumn: number } {
  const start = step.keywordRange.start;
  const end = step.range.end;
  if (end.line === start.line) return { line: start.line, column: start.character, endLine: end.line, endColumn: end.character };
  const lineEnd = text.indexOf('\n', start.offset);
  const header = text.slice(start.offset, lineEnd < 0 ? text.length : lineEnd).replace(/\s*\{?\s*(\/\/.*)?$/, '');
  return { line: start.line, column: start.character, endLine: start.line, endColumn: start.character + header.length };
}
