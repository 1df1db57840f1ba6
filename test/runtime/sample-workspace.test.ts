// The sample workspace the walkthrough copies: every .rpa file, none of a copy's state (.rpa/) or exports
// (out/), and a second copy next to the first rather than over it.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copySampleWorkspace, findExamples } from '../../runtime/src/node/examples';

describe('the sample workspace copy', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rpa-sample-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the bots, agents and runs of examples/workspace, but not its state or exports', () => {
    const source = join(dir, 'source');
    mkdirSync(join(source, '.rpa'), { recursive: true });
    mkdirSync(join(source, 'out'), { recursive: true });
    mkdirSync(join(source, 'agents'), { recursive: true });
    writeFileSync(join(source, 'runs.rpa'), 'run R { bot: B, agent: A }\n');
    writeFileSync(join(source, 'agents', 'a.rpa'), 'agent A { steps { log "x" } }\n');
    writeFileSync(join(source, '.rpa', 'sessions.sqlite'), 'state');
    writeFileSync(join(source, 'out', 'books.csv'), 'rows');
    const first = copySampleWorkspace(source, dir);
    assert.equal(first, join(dir, 'rpa-sessions-sample'));
    assert.deepEqual(readdirSync(first).sort(), ['agents', 'runs.rpa']);
    assert.ok(existsSync(join(first, 'agents', 'a.rpa')));
    assert.equal(copySampleWorkspace(source, dir), join(dir, 'rpa-sessions-sample-2'), 'a second copy goes next to the first');
  });

  it('finds the shipped sample above the running bundle', () => {
    const found = findExamples('workspace', 'runs.rpa');
    assert.ok(found && existsSync(join(found, 'bots.rpa')), String(found));
  });
});
