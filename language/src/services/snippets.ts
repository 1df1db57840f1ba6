// Snippet texts for completion: a new bot, agent and run, and one per step keyword. Tab stops use
// the VS Code snippet syntax; names already declared in the workspace become choices.

/** Escapes text so a snippet inserts it literally. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

function choice(index: number, names: string[], fallback: string): string {
  const usable = names.filter((n) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(n));
  return usable.length ? `\${${index}|${usable.join(',')}|}` : `\${${index}:${fallback}}`;
}

export const DECLARATION_SNIPPETS: Record<'bot' | 'agent' | 'run', (bots: string[], agents: string[]) => string> = {
  bot: () =>
    [
      '// ${1:What this bot is for and where it runs.}',
      'bot ${2:MyBot} {',
      '\thost: "${3:WIN-RPA-01}"',
      '\tmode: ${4|secure,desktop|}',
      '\tlicensedSecureSessions: ${5:2}',
      '\tconfigurator {',
      '\t\tlogin { user: "${6:CORP\\\\\\\\svc-rpa}", password: secret("${7:BOT_PASSWORD}") }',
      '\t\tmaxSecureSessions: ${8:2}',
      '\t}',
      '\tmanager {',
      '\t\tmaxSecureSessions: ${9:2}',
      '\t\tdescription: "${10:Owner and contact}"',
      '\t}',
      '\tsystem { os: "Windows Server 2022", ramGb: 16, ramPerSessionGb: 4, terminalServer: true }',
      '}',
    ].join('\n'),
  agent: () =>
    [
      'agent ${1:MyAgent} {',
      '\tsessions: ${2|multiple,single|}',
      '\tsessionTimeout: ${3:30m}',
      '\tinput { ${4:baseUrl}: "${5:http://127.0.0.1:8080}" }',
      '\texport ${6|database,csv,json,script|} "${7:out/data.sqlite}"',
      '\tsteps {',
      '\t\topen "{${4}\\}/${8:index.html}"',
      '\t\textract ${9:items} each "${10:.item}" {',
      '\t\t\t${11:title}: text("${12:h2}")',
      '\t\t}',
      '\t}',
      '}',
    ].join('\n'),
  run: (bots, agents) =>
    [
      'run ${1:MyRun} {',
      `\tbot: ${choice(2, bots, 'MyBot')}`,
      `\tagent: ${choice(3, agents, 'MyAgent')}`,
      '\tsessions: ${4:1}',
      '\ttimeout: ${5:10m}',
      '}',
    ].join('\n'),
};

export const STEP_SNIPPETS: Record<string, string> = {
  open: 'open "${1:https://example.com/}"',
  paginate: 'paginate next "${1:li.next a}" max ${2:10} {\n\t$0\n}',
  visit: 'visit each "${1:a.detail}" {\n\t$0\n}',
  extract: 'extract ${1:dataset} each "${2:.item}" {\n\t${3:field}: text("${4:selector}")\n}',
  fill: 'fill "${1:#username}" with ${2:login.user}',
  click: 'click "${1:button}"',
  submit: 'submit "${1:form}"',
  wait: 'wait ${1:1s}',
  log: 'log "${1:message}"',
};
