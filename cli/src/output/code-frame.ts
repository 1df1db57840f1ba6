// The code frame under a `check` finding: the source line with carets under the range, clipped to a
// window around the range so a very long line (minified or generated) prints a bounded excerpt.
import { splitLines, type Range } from '../../../language/src/index';

/** The most characters of a source line a frame shows. */
export const FRAME_WIDTH = 120;
/** How much of the line before the range a clipped frame keeps. */
const LEAD = 40;

/**
 * The caret line under `text` for characters [from, to) (UTF-16 columns, as in the AST): tabs are
 * kept so the carets line up in any terminal, and one code point gets one caret.
 */
export function underline(text: string, from: number, to: number): { pad: string; carets: string } {
  const start = Math.min(from, text.length);
  const pad = Array.from(text.slice(0, start), (ch) => (ch === '\t' ? '\t' : ' ')).join('');
  const width = Math.max(1, Array.from(text.slice(start, Math.max(start, Math.min(to, text.length)))).length);
  return { pad, carets: '^'.repeat(width) };
}

/** At most FRAME_WIDTH characters of `text` around [from, to), with '…' where it was cut; columns moved along. */
export function clipLine(text: string, from: number, to: number): { text: string; from: number; to: number } {
  if (text.length <= FRAME_WIDTH) return { text, from, to };
  const start = notInPair(text, Math.max(0, Math.min(from - LEAD, text.length - FRAME_WIDTH)));
  const end = notInPair(text, Math.min(text.length, start + FRAME_WIDTH));
  const head = start > 0 ? '…' : '';
  const shift = head.length - start;
  return { text: head + text.slice(start, end) + (end < text.length ? '…' : ''), from: from + shift, to: Math.min(to, end) + shift };
}

/** Moves a cut off the low half of a surrogate pair. */
function notInPair(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return at > 0 && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}

export interface FrameLines {
  /** The 1-based line number as shown. */
  number: string;
  source: string;
  pad: string;
  carets: string;
}

const linesCache = new WeakMap<object, string[]>();

/** The frame of a range in a file's text (a range over several lines is underlined to the end of its first line). */
export function codeFrame(file: { text: string }, range: Range): FrameLines | undefined {
  let lines = linesCache.get(file);
  if (!lines) {
    lines = splitLines(file.text);
    linesCache.set(file, lines);
  }
  const { start, end } = range;
  const line = lines[start.line];
  if (line === undefined) return undefined;
  const clipped = clipLine(line, start.character, end.line === start.line ? end.character : line.length);
  return { number: String(start.line + 1), source: clipped.text, ...underline(clipped.text, clipped.from, clipped.to) };
}
