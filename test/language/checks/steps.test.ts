// The shape of steps and field expressions: argument types, field functions and their arity, `as`
// types, member expressions, max bounds, wait durations, duplicate fields, secrets kept out of data.
import * as assert from 'node:assert/strict';
import { bookListingSteps } from '../../fixtures/book-listing';
import { MAIN, applyFix, expectCodes, expectDiagnostic, expectNo, fixOf, workspace } from './helpers';

/** An agent whose steps are `body` (inputs baseUrl and category are declared). */
function agent(body: string) {
  return workspace(`agent Books {
  input { baseUrl: "http://127.0.0.1:8080", category: "travel" }
  steps {
${body}
  }
}
`);
}

const LOGIN_AND_SCRAPE = `    open "{baseUrl}/login.html"
    fill "input[name=username]" with login.user
    fill "input[name=password]" with login.password
    submit "form#login"
    wait 500ms
    log "logged in for {category}"
${bookListingSteps(
  ['category: input.category', 'session: session.id', 'source: "books.toscrape"'],
  `      visit each "h3 a" max 20 {
        extract details { upc: text("table tr:nth-child(1) td"), body: html("#product_description + p") }
      }`,
)}
    click "a.logout"`;

describe('checks: steps', () => {
  it('accepts every step and field form of the language', () => {
    expectCodes(agent(LOGIN_AND_SCRAPE), []);
  });

  it('flags an agent whose steps block is empty', () => {
    expectDiagnostic(agent(''), 'invalid-value', 'steps');
  });

  describe('field expressions', () => {
    it('flags an unknown field function and suggests the closest', () => {
      const ws = agent(LOGIN_AND_SCRAPE.replace('text(".price_color")', 'txt(".price_color")'));
      const d = expectDiagnostic(ws, 'invalid-value', 'txt');
      assert.match(applyFix(ws, fixOf(d))[MAIN], /price: text\("\.price_color"\) as number/);
    });

    it('flags wrong argument counts and non-string selectors', () => {
      const ws = agent(LOGIN_AND_SCRAPE.replace('attr("h3 a", "title")', 'attr("h3 a")').replace('exists(".instock.availability")', 'exists(3)'));
      const arity = expectDiagnostic(ws, 'invalid-value', 'attr("h3 a")');
      assert.match(arity.message, /attr\(SELECTOR, NAME\) takes 2 arguments, not 1/);
      expectDiagnostic(ws, 'invalid-value', '3');
    });

    it('flags an `as` type outside number, integer, boolean and date', () => {
      const ws = agent(LOGIN_AND_SCRAPE.replace('as number', 'as nummber'));
      const d = expectDiagnostic(ws, 'invalid-value', 'nummber');
      assert.equal(fixOf(d).edits[0].newText, 'number');
      expectDiagnostic(agent(LOGIN_AND_SCRAPE.replace('as number', 'as string')), 'invalid-value', 'string');
    });

    it('flags session.x other than id and login.x other than user/password', () => {
      const ws = agent(LOGIN_AND_SCRAPE.replace('session.id', 'session.name').replace('with login.user', 'with login.usr'));
      expectDiagnostic(ws, 'invalid-value', 'name');
      const d = expectDiagnostic(ws, 'invalid-value', 'usr');
      assert.equal(fixOf(d).edits[0].newText, 'user');
    });

    it('flags an unknown object such as inputs.x', () => {
      const d = expectDiagnostic(agent(LOGIN_AND_SCRAPE.replace('input.category', 'inputs.category')), 'invalid-value', 'inputs');
      assert.equal(fixOf(d).edits[0].newText, 'input');
    });

    it('refuses to extract login.password into a dataset', () => {
      const d = expectDiagnostic(agent(LOGIN_AND_SCRAPE.replace('session: session.id', 'pw: login.password')), 'invalid-value', 'login.password');
      assert.match(d.message, /secret.*never logged, stored, exported/);
    });

    it('flags bare words and numbers as field values', () => {
      expectDiagnostic(agent(LOGIN_AND_SCRAPE.replace('"books.toscrape"', 'books')), 'invalid-value', 'books');
    });

    it('flags a duplicate field name as duplicate-property and removes it', () => {
      const ws = agent(LOGIN_AND_SCRAPE.replace('upc: text("table tr:nth-child(1) td")', 'upc: text("td"), upc: text("table tr:nth-child(1) td")'));
      const d = expectDiagnostic(ws, 'duplicate-property', 'upc');
      assert.ok(d.related?.length === 1);
      assert.match(applyFix(ws, fixOf(d))[MAIN], /extract details \{ upc: text\("td"\), , body/);
    });

    it('flags a field named session_id, which every record already has', () => {
      expectDiagnostic(agent(LOGIN_AND_SCRAPE.replace('session: session.id', 'session_id: session.id')), 'invalid-value', 'session_id');
    });

    it('flags an extract without fields', () => {
      expectDiagnostic(agent('    extract nothing { }'), 'invalid-value', 'nothing');
    });
  });

  describe('step arguments', () => {
    it('requires max bounds to be whole numbers ≥ 1', () => {
      const ws = agent(LOGIN_AND_SCRAPE.replace('max 50', 'max 0').replace('max 20', 'max 2.5'));
      assert.equal(fixOf(expectDiagnostic(ws, 'invalid-value', '0')).edits[0].newText, '1');
      expectDiagnostic(ws, 'invalid-value', '2.5');
    });

    it('requires wait to have a duration, fixing a bare number to seconds', () => {
      const ws = agent(LOGIN_AND_SCRAPE.replace('wait 500ms', 'wait 2'));
      assert.equal(fixOf(expectDiagnostic(ws, 'invalid-value', '2')).edits[0].newText, '2s');
      expectDiagnostic(agent(LOGIN_AND_SCRAPE.replace('wait 500ms', 'wait "soon"')), 'invalid-value', '"soon"');
      expectDiagnostic(agent(LOGIN_AND_SCRAPE.replace('wait 500ms', 'wait 0s')), 'invalid-value', '0s');
    });

    it('requires string selectors and URLs, and refuses unsupported URL schemes and empty selectors', () => {
      const ws = agent(LOGIN_AND_SCRAPE.replace('click "a.logout"', 'click logout').replace('"li.next a"', '""').replace('"{baseUrl}/login.html"', '"ftp://127.0.0.1/login"'));
      const bare = expectDiagnostic(ws, 'invalid-value', 'logout');
      assert.equal(fixOf(bare).edits[0].newText, '"logout"');
      expectDiagnostic(ws, 'invalid-value', '""');
      expectDiagnostic(ws, 'invalid-value', '"ftp://127.0.0.1/login"');
    });

    it('accepts http, https and file URLs', () => {
      const urls = ['http://127.0.0.1:8080/', 'https://example.com/', 'file:///tmp/site/index.html'];
      expectNo(agent(urls.map((u) => `    open "${u}"`).join('\n')), 'invalid-value');
    });

    it('requires log messages to be strings and fill values to be strings or inputs', () => {
      const ws = agent(LOGIN_AND_SCRAPE.replace('log "logged in for {category}"', 'log login.password').replace('with login.user', 'with 42'));
      expectDiagnostic(ws, 'invalid-value', 'login.password');
      expectDiagnostic(ws, 'invalid-value', '42');
    });

    it('reports bad escapes in step strings', () => {
      expectDiagnostic(agent('    log "a\\qb"'), 'invalid-value', '\\q');
    });
  });
});
