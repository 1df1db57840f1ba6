// Completion ranks first the enum value that would raise no diagnostic: a bot's mode is the one its
// deployed run configurations were deployed in (switching it would be mode-switch-while-deployed).
import { strict as assert } from 'node:assert';
import { complete } from '../../language/src/services/index';
import { MAIN, workspace } from './checks/helpers';

describe('completion: ranking values that fit', () => {
  it("puts a deployed bot's deployed mode first", () => {
    const text = 'bot Deployed {\n  mode: \n}\n';
    const ws = workspace(text, { Deployed: [{ run: 'Nightly', mode: 'secure' }] });
    const items = complete(ws, MAIN, { line: 1, character: 8 });
    const ranked = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
    assert.deepEqual(ranked, ['secure', 'desktop']);
  });
});
