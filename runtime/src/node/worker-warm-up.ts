// Warms a new session worker before its first session: one small agent run against a loopback page
// inside the worker, so module initialisation and JIT happen in the pool, not in a user's session.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Field, Range, Step, StringValue, Value } from '../../../language/src/ast';
import type { StepHost } from '../interpreter/host';
import { runAgentSteps } from '../interpreter/run-steps';
import { HttpFetcher } from './http-fetcher';

const AT: Range = { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } };

const str = (value: string): StringValue => ({ kind: 'string', value, placeholders: [], problems: [], range: AT });
const call = (callee: string, ...args: string[]): Value => ({ kind: 'call', callee, calleeRange: AT, args: args.map(str), range: AT });
const field = (name: string, expr: Value, as?: string): Field => ({ kind: 'field', name, nameRange: AT, expr, as: as ? { type: as, range: AT } : undefined, range: AT });

/** `open URL` then `extract warm each "li" { … }` with every kind of field expression. */
function warmUpSteps(url: string): Step[] {
  return [
    { kind: 'open', url: str(url), range: AT, keywordRange: AT },
    {
      kind: 'extract',
      dataset: 'warm',
      datasetRange: AT,
      each: str('li'),
      fields: [
        field('n', call('text', 'span'), 'number'),
        field('a', call('attr', 'a', 'title')),
        field('u', call('url', 'a')),
        field('h', call('html', 'span')),
        field('e', call('exists', 'b'), 'boolean'),
      ],
      range: AT,
      keywordRange: AT,
    },
  ];
}

const PAGE = '<!doctype html><html><body><ul>' + Array.from({ length: 20 }, (_, i) => `<li><span>${i}</span><a title="t" href="/p/${i}">x</a></li>`).join('') + '</ul></body></html>';

/** Runs the warm-up session; resolves when done (a failure only means the first session is slower). */
export async function warmUpWorker(): Promise<void> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'warm=1; Path=/' });
    res.end(PAGE);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const fetcher = new HttpFetcher();
  const controller = new AbortController();
  const host: StepHost = {
    fetcher,
    record: () => undefined,
    log: () => undefined,
    progress: () => undefined,
    sleep: async () => undefined,
    signal: controller.signal,
  };
  try {
    await runAgentSteps(warmUpSteps(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`), { id: 'warm-up', inputs: {} }, host);
  } finally {
    fetcher.close();
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}
