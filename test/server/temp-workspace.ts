// Throw-away workspace folders on disk for the server suites, and the sample workspace they start
// from: the SPEC's bot, agent and run spread over three files, checking clean.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { URI } from 'vscode-uri';
import { bookListingSteps } from '../fixtures/book-listing';

export const BOTS = `// Finance bot in the Frankfurt data centre.
// Contact rpa-ops@example.com before changing its limits.
bot FinanceBot {
  host: "WIN-RPA-01"
  mode: secure
  licensedSecureSessions: 4
  configurator {
    login { user: "CORP\\\\svc-rpa", password: secret("FINANCE_BOT_PASSWORD") }
    maxSecureSessions: 3
  }
  manager {
    maxSecureSessions: 4
    description: "Finance bot; contact rpa-ops@example.com"
  }
  system { os: "Windows Server 2022", ramGb: 32, ramPerSessionGb: 4, terminalServer: true }
}

bot ReportsBot {
  host: "WIN-RPA-02"
  mode: desktop
  manager { description: "Reports bot; contact rpa-ops@example.com" }
}
`;

export const AGENTS = `// Scrapes the catalogue of the example book shop, one category per session.
agent BookScraper {
  sessions: multiple
  sessionTimeout: 30m
  removeSession: afterTimeout
  cleanupExternalSessionData: true
  input { baseUrl: "http://127.0.0.1:8080", category: "travel" }
  export database "out/books-{session}.sqlite"

  steps {
${bookListingSteps(['category: input.category'])}
  }
}
`;

export const RUNS = `// Every night: three categories in parallel secure sessions.
run NightlyBooks {
  bot: FinanceBot
  agent: BookScraper
  mode: secure
  sessions: 3
  timeout: 10m
  session "travel-1" { category: "travel" }
  session "poetry-1" { category: "poetry" }
  session "crime-1" { category: "crime" }
}

run QuickBooks {
  bot: FinanceBot
  agent: BookScraper
}
`;

export class TempWorkspace {
  readonly dir: string;

  constructor(files: Record<string, string> = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'rpa-server-'));
    for (const [rel, text] of Object.entries(files)) this.write(rel, text);
  }

  /** The workspace with the sample bots, agents and runs. */
  static sample(extra: Record<string, string> = {}): TempWorkspace {
    return new TempWorkspace({ 'bots.rpa': BOTS, 'agents/books.rpa': AGENTS, 'runs.rpa': RUNS, ...extra });
  }

  path(rel: string): string {
    return join(this.dir, rel);
  }

  /** The URI the server uses for the file (VS Code's spelling). */
  uri(rel: string): string {
    return URI.file(this.path(rel)).toString();
  }

  write(rel: string, text: string): string {
    mkdirSync(dirname(this.path(rel)), { recursive: true });
    writeFileSync(this.path(rel), text);
    return this.uri(rel);
  }

  remove(rel: string): string {
    rmSync(this.path(rel), { recursive: true, force: true });
    return this.uri(rel);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
