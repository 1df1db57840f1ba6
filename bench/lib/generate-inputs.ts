// Generates the benchmark inputs in memory, deterministic for a seed: a realistic .rpa workspace
// (bots, agents with nested steps, runs with sessions, comments) and a same-sized JSON baseline.

// ---- A small seeded pseudo-random source (mulberry32), identical on every machine.

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function randomSource(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

// ---- The .rpa workspace.

export interface GeneratedFile {
  uri: string;
  text: string;
}

export interface GeneratedWorkspace {
  files: GeneratedFile[];
  lines: number;
  bytes: number;
}

const CATEGORIES = ['travel', 'poetry', 'crime', 'history', 'science', 'music', 'fantasy', 'romance'];
const OS = ['Windows Server 2022', 'Windows Server 2019', 'Windows 11 Enterprise'];

function bot(name: string, r: Random): string {
  const secure = r.chance(0.8);
  const licensed = secure ? r.int(2, 8) : 0;
  const configured = secure ? r.int(1, licensed) : 0;
  const lines = [
    `// ${name}: ${secure ? 'unattended' : 'attended'} bot in data centre ${r.pick(['FRA', 'AMS', 'DUB', 'NYC'])}.`,
    `// Owned by the finance automation team; escalate to rpa-ops@example.com.`,
    `bot ${name} {`,
    `  host: "WIN-RPA-${r.int(10, 99)}"`,
    `  mode: ${secure ? 'secure' : 'desktop'}                       // desktop | secure`,
  ];
  if (secure) lines.push(`  licensedSecureSessions: ${licensed}`);
  lines.push(
    '  configurator {                     // RPA Bot Configurator: default session settings',
    `    login { user: "CORP\\\\svc-${name.toLowerCase()}", password: secret("${name.toUpperCase()}_PASSWORD") }`,
  );
  if (secure) lines.push(`    maxSecureSessions: ${configured}`);
  lines.push('  }', '  manager {');
  if (secure) lines.push(`    maxSecureSessions: ${licensed}`);
  lines.push(
    `    description: "${name}; contact rpa-ops@example.com"`,
    '  }',
    `  system { os: "${r.pick(OS)}", ramGb: ${licensed * 8 + 16}, ramPerSessionGb: 4, terminalServer: true }`,
    '}',
  );
  return lines.join('\n');
}

function fields(r: Random, indent: string): string[] {
  const all = [
    'title: attr("h3 a", "title")',
    'price: text(".price_color") as number',
    'inStock: exists(".instock.availability")',
    'link: url("h3 a")',
    'rating: attr("p.star-rating", "class")',
    'summary: html(".product_main p")',
    'category: input.category',
    'sessionId: session.id',
    'source: "catalogue"',
    'published: text(".date") as date',
  ];
  const n = r.int(3, 7);
  return all.slice(0, n).map((f) => indent + f);
}

function agent(name: string, r: Random): string {
  const multiple = r.chance(0.85);
  const exportKind = r.pick(['database', 'csv', 'json', 'script'] as const);
  const exportPath = { database: 'out/{session}.sqlite', csv: 'out/{session}.csv', json: 'out/{session}.json', script: 'scripts/publish.js' }[exportKind];
  const lines = [
    `// ${name} extracts the catalogue, one category per session.`,
    `agent ${name} {`,
    `  sessions: ${multiple ? 'multiple' : 'single'}                 // Support Sessions: single | multiple`,
  ];
  if (multiple) lines.push(`  sessionTimeout: ${r.pick(['30m', '1h', '45s', '1h30m', '2h'])}`);
  lines.push(
    `  removeSession: ${exportKind === 'database' ? 'immediately' : 'afterTimeout'}`,
    `  cleanupExternalSessionData: ${exportKind === 'database'}`,
    `  input { baseUrl: "http://127.0.0.1:8080", category: "${r.pick(CATEGORIES)}", pages: ${r.int(1, 50)} }`,
    `  export ${exportKind} "${exportPath}"`,
    '',
    '  steps {',
    '    /* Sign in first: the catalogue is behind a login form. */',
    '    open "{baseUrl}/login.html"',
    '    fill "#username" with login.user',
    '    fill "#password" with login.password',
    '    click "button[type=submit]"',
    `    wait ${r.int(1, 9) * 100}ms`,
    '    open "{baseUrl}/catalogue/category/{category}/index.html"',
    '    log "scraping {category} from {baseUrl}"',
    `    paginate next "li.next a" max ${r.int(5, 50)} {`,
    '      extract books each "article.product_pod" {',
    ...fields(r, '        '),
    '      }',
    `      visit each "h3 a" max ${r.int(5, 20)} {`,
    '        extract details {',
    '          upc: text("table tr:nth-child(1) td")',
    '          description: text("#product_description + p")',
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
  );
  return lines.join('\n');
}

function run(name: string, botName: string, agentName: string, secure: boolean, sessions: number, ids: string[], r: Random): string {
  const lines = [`// Nightly run of ${agentName} on ${botName}.`, `run ${name} {`, `  bot: ${botName}`, `  agent: ${agentName}`];
  lines.push(`  mode: ${secure ? 'secure' : 'desktop'}`, `  sessions: ${sessions}`, `  timeout: ${r.pick(['10m', '30m', '1h'])}`);
  for (const id of ids) lines.push(`  session "${id}" { category: "${r.pick(CATEGORIES)}" }`);
  lines.push('}');
  return lines.join('\n');
}

/**
 * A workspace of at least `targetLines` lines in files of about `linesPerFile`, deterministic for a
 * seed. Runs refer to bots and agents declared in other files, as in a real workspace.
 */
export function generateWorkspace(targetLines: number, seed = 1, linesPerFile = 250): GeneratedWorkspace {
  const r = randomSource(seed);
  const files: GeneratedFile[] = [];
  let chunks: string[] = [];
  let fileLines = 0;
  let total = 0;
  let unit = 0;
  let sessionSeq = 0;
  const flush = () => {
    const text = chunks.join('\n\n') + '\n';
    files.push({ uri: `file:///bench/workspace/part-${String(files.length + 1).padStart(3, '0')}.rpa`, text });
    chunks = [];
    fileLines = 0;
  };
  while (total < targetLines) {
    const botName = `Bot${unit}`;
    const agentName = `Agent${unit}`;
    const botText = bot(botName, r);
    const secure = botText.includes('mode: secure');
    const limit = secure ? Number(/maxSecureSessions: (\d+)/.exec(botText)?.[1] ?? 1) : 1;
    const agentText = agent(agentName, r);
    const multiple = agentText.includes('sessions: multiple');
    const parts = [botText, agentText];
    for (let k = 0; k < r.int(1, 3); k++) {
      const sessions = multiple ? r.int(1, limit) : 1;
      const ids = multiple ? Array.from({ length: r.int(0, 3) }, () => `s-${++sessionSeq}`) : [];
      parts.push(run(`Run${unit}x${k}`, botName, agentName, secure, sessions, ids, r));
    }
    for (const p of parts) {
      const n = p.split('\n').length + 1;
      chunks.push(p);
      fileLines += n;
      total += n;
      if (fileLines >= linesPerFile) flush();
    }
    unit++;
  }
  if (chunks.length) flush();
  const lines = files.reduce((n, f) => n + f.text.split('\n').length - 1, 0);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  return { files, lines, bytes };
}

// ---- The JSON baseline: extracted records, as an agent session produces them.

/** A JSON array of book records whose UTF-8 size is `bytes` give or take one record. */
export function generateJson(bytes: number, seed = 7): string {
  const r = randomSource(seed);
  const records: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const rec = JSON.stringify({
      session_id: `s-${r.int(1, 500)}`,
      title: `A Light in the Attic, volume ${i}`,
      price: r.int(100, 9999) / 100,
      inStock: r.chance(0.7),
      link: `http://127.0.0.1:8080/catalogue/book_${i}/index.html`,
      rating: r.pick(['One', 'Two', 'Three', 'Four', 'Five']),
      tags: ['catalogue', r.pick(['travel', 'poetry', 'crime'])],
      details: { upc: `a${r.int(1e8, 9e8)}f`, description: 'It’s hard to imagine a world without it.' },
    });
    records.push(rec);
    size += Buffer.byteLength(rec) + 1;
  }
  return `[${records.join(',')}]`;
}
