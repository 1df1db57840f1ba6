// allowHosts on an agent: well-formed host patterns pass, malformed entries are invalid-value with a
// message saying what an entry looks like; the same parser decides which URLs a session may reach.
import * as assert from 'node:assert/strict';
import { hostAllowed, parseHostPattern } from '../../../language/src/host-patterns';
import { applyFix, expectCodes, expectDiagnostic, fixOf, MAIN, multiAgent, workspace } from './helpers';

const withHosts = (value: string) => multiAgent('Books').replace('  sessionTimeout: 30m\n', `  sessionTimeout: 30m\n  allowHosts: ${value}\n`);

describe('checks: allowHosts', () => {
  it('accepts host names, subdomain wildcards, IP addresses and ports', () => {
    expectCodes(workspace(withHosts('["books.example", "*.cdn.example", "127.0.0.1:8080", "[::1]", "localhost"]')), []);
  });

  for (const [entry, why] of [
    ['http://books.example', /not a host: allowHosts lists hosts, not URLs or paths/],
    ['books.example/path', /not URLs or paths/],
    ['books..example', /not a valid host name or IP address/],
    ['127.0.0.1:70000', /ports go from 1 to 65535/],
    ['books.*.example', /a wildcard may only open the entry/],
    ['*.10.0.0.1', /an IP address has no subdomains/],
    ['', /entry is empty/],
  ] as const) {
    it(`flags ${JSON.stringify(entry)} as invalid-value`, () => {
      const d = expectDiagnostic(workspace(withHosts(`["ok.example", ${JSON.stringify(entry)}]`)), 'invalid-value', `["ok.example", ${JSON.stringify(entry)}]`);
      assert.match(d.message, why);
    });
  }

  it('flags an empty list and words, and puts a single quoted host in brackets', () => {
    assert.match(expectDiagnostic(workspace(withHosts('[]')), 'invalid-value', '[]').message, /reach no host at all/);
    assert.match(expectDiagnostic(workspace(withHosts('[books]')), 'invalid-value', '[books]').message, /'books' is not a host in quotes/);
    const ws = workspace(withHosts('"books.example"'));
    assert.match(applyFix(ws, fixOf(expectDiagnostic(ws, 'invalid-value', '"books.example"')))[MAIN], /allowHosts: \["books.example"\]/);
  });

  it('matches URLs by host, subdomain and port', () => {
    const ok = (entries: string[], url: string) => hostAllowed(entries, new URL(url));
    assert.equal(ok(['books.example'], 'https://books.example/x'), true);
    assert.equal(ok(['books.example'], 'https://www.books.example/x'), false);
    assert.equal(ok(['*.books.example'], 'https://www.books.example/x'), true);
    assert.equal(ok(['*.books.example'], 'https://books.example/x'), false);
    assert.equal(ok(['books.example:8443'], 'https://books.example:8443/'), true);
    assert.equal(ok(['books.example:443'], 'https://books.example/'), true);
    assert.equal(ok(['books.example:80'], 'https://books.example/'), false);
    assert.equal(ok(['[::1]'], 'http://[::1]:9/'), true);
    assert.equal(ok(['BOOKS.example'], 'http://books.EXAMPLE/'), true);
    assert.equal(ok(['evil.example.attacker'], 'http://evil.example/'), false);
    assert.deepEqual(parseHostPattern('*.Books.example:81'), { pattern: { host: 'books.example', subdomains: true, port: 81 } });
  });
});
