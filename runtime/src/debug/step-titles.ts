// How the debugger names a step and the block it runs in: `extract books each "article.product_pod"`,
// `paginate next "li.next a" · page 3`, `visit each "h3 a" · link 7 of 20`.
import type { Step, Value } from '../../../language/src/ast';
import type { BlockFrame } from '../interpreter/host';

function text(v: Value | undefined): string {
  if (!v) return '';
  switch (v.kind) {
    case 'string': return JSON.stringify(v.value);
    case 'number':
    case 'duration': return v.text;
    case 'member': return `${v.object}.${v.member}`;
    case 'word': return v.value;
    default: return '…';
  }
}

/** A step as one line: its keyword and what it acts on. */
export function stepTitle(step: Step): string {
  switch (step.kind) {
    case 'open': return `open ${text(step.url)}`;
    case 'paginate': return `paginate next ${text(step.next)}`;
    case 'visit': return `visit each ${text(step.selector)}`;
    case 'extract': return `extract ${step.dataset}${step.each ? ` each ${text(step.each)}` : ''}`;
    case 'fill': return `fill ${text(step.selector)} with ${text(step.value)}`;
    case 'click': return `click ${text(step.selector)}`;
    case 'submit': return `submit ${text(step.selector)}`;
    case 'wait': return `wait ${text(step.duration)}`;
    case 'log': return `log ${text(step.message)}`;
  }
}

/** An enclosing paginate or visit block with where it is: the page, or the link of how many. */
export function blockTitle(block: BlockFrame): string {
  const where = block.step.kind === 'visit' ? `link ${block.iteration + 1}${block.total !== undefined ? ` of ${block.total}` : ''}` : `page ${block.iteration + 1}`;
  return `${stepTitle(block.step)} · ${where}`;
}
