// A bot password with awkward characters never leaks in any encoding: a hostile site echoes it raw,
// HTML-escaped, in hrefs (normalised by WHATWG URL) and in failing URLs; nothing the run writes holds it.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { secretForms } from '../../runtime/src/interpreter/secret-forms';
import { runCli, TempDir } from './cli-harness';

const PASSWORDS = [`it's a p&ss%+wörd "x"`, `100% +&= sure`, `ünï cødé/?#`, `<b>'quoted'</b>`];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Signs in with a GET form, then shows the password every way a careless or hostile site might. */
function startEchoSite(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const page = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><body>${body}</body></html>`);
    };
    if (u.pathname === '/login') return page(200, '<form id="f" action="/welcome" method="get"><input id="pw" name="pw"><button type="submit">Sign in</button></form>');
    if (u.pathname === '/welcome') {
      const pw = u.searchParams.get('pw') ?? '';
      return page(
        200,
        `<p class="echo">${esc(pw)}</p><p class="named">${pw.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>` +
          `<a class="raw" href="/next?p=${esc(pw)}">raw</a><a class="enc" href="/missing?p=${encodeURIComponent(pw)}">missing</a>` +
          `<a class="path" href="/missing/${esc(pw)}">path</a>`,
      );
    }
    return page(404, 'not here');
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
      }),
    ),
  );
}

const agent = (name: string, exportLine: string, tail: string) => `
agent ${name} {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "http://127.0.0.1:1" }
  ${exportLine}
  steps {
    open "{base}/login"
    fill "#pw" with login.password
    submit "form#f"
    log "signed in at {base}"
    extract page {
      echo: text(".echo")
      named: html(".named")
      rawLink: url("a.raw")
      rawHref: attr("a.raw", "href")
      encLink: url("a.enc")
      pathLink: url("a.path")
    }
    visit each "a.enc, a.path" {
      extract never { t: text("p") }
    }
    ${tail}
  }
}
run ${name}Run { bot: B, agent: ${name}, session "${name.toLowerCase()}-1" {} }
`;

const workspace = () => `
bot B {
  mode: secure
  licensedSecureSessions: 4
  configurator { login { user: "svc", password: secret("ECHO_PASSWORD") }, maxSecureSessions: 4 }
  manager { maxSecureSessions: 4, description: "secret tests" }
  system { terminalServer: true }
}
${agent('ToJson', 'export json "out/{session}.json"', '')}
${agent('ToCsv', 'export csv "out/{session}.csv"', '')}
${agent('ToDb', 'export database "out/all.sqlite"', '')}
${agent('Fails', '', 'click "a.enc"')}
`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('rpa-sessions: secrets in every encoding', function () {
  this.timeout(60_000);
  let site: Awaited<ReturnType<typeof startEchoSite>>;
  before(async () => {
    site = await startEchoSite();
  });
  after(() => site.close());

  for (const password of PASSWORDS) {
    it(`keeps ${JSON.stringify(password)} out of output, logs, errors, fields, the store and all three exports`, async () => {
      const tmp = new TempDir().write({ 'main.rpa': workspace() });
      try {
        const env = { ECHO_PASSWORD: password };
        const outputs: string[] = [];
        for (const run of ['ToJsonRun', 'ToCsvRun', 'ToDbRun', 'FailsRun']) {
          const r = await runCli(['run', 'main.rpa', '--run', run, '--input', `base=${site.url}`, '--json'], { cwd: tmp.path, env, timeoutMs: 30_000 });
          outputs.push(r.stdout, r.stderr);
          assert.equal(r.code, run === 'FailsRun' ? 1 : 0, r.stdout + r.stderr);
        }
        for (const args of [['sessions', 'list'], ['sessions', 'show', 'fails-1'], ['sessions', 'data', 'tojson-1', '--format', 'json']]) {
          const r = await runCli(args, { cwd: tmp.path, env });
          outputs.push(r.stdout, r.stderr);
        }
        const shown = outputs.join('\n');
        assert.match(shown, /"status":"failed"/, 'the failing session ran and failed');
        assert.match(shown, /HTTP 404/, 'its error names what went wrong');
        const written = filesUnder(tmp.path).map((f) => ({ f, text: readFileSync(f).toString('latin1') + readFileSync(f, 'utf8') }));
        assert.ok(written.some((w) => w.f.endsWith('.csv')) && written.some((w) => w.f.endsWith('.json')) && written.some((w) => w.f.endsWith('all.sqlite')));
        for (const form of secretForms(password).filter((f) => f.length >= 4)) {
          assert.ok(!shown.includes(form), `the form ${JSON.stringify(form)} reached the CLI output`);
          for (const w of written) assert.ok(!w.text.includes(form), `the form ${JSON.stringify(form)} reached ${w.f}`);
        }
      } finally {
        tmp.dispose();
      }
    });
  }
});
