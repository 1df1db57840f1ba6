// What may appear where: every block's allowed properties, their value types and their documentation.
// Drives unknown-property / invalid-value / missing-property checks, completion and hover.

export type ValueType =
  | { kind: 'string' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'number'; min?: number; exclusiveMin?: number }
  | { kind: 'boolean' }
  | { kind: 'duration'; minMs?: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'reference'; target: 'bot' | 'agent' }
  | { kind: 'secret' }
  /** An input value: a string, number, duration or boolean. */
  | { kind: 'scalar' }
  /** A list of host patterns (host-patterns.ts), e.g. `["books.example", "127.0.0.1:8080"]`. */
  | { kind: 'hosts' };

export interface PropertySpec {
  kind: 'property';
  name: string;
  type: ValueType;
  doc: string;
  required?: boolean;
  /** Value written by completion and quick fixes when the user has not chosen one. */
  example?: string;
}

export interface BlockSpec {
  kind: 'block';
  name: string;
  doc: string;
  members: MemberSpec[];
  /** When set, any key is allowed and its value must have this type (the `input` block). */
  anyKey?: ValueType;
}

export interface ExportSpec {
  kind: 'export';
  name: 'export';
  doc: string;
  formats: readonly string[];
}

export interface StepsSpec {
  kind: 'steps';
  name: 'steps';
  doc: string;
  required: true;
}

export interface SessionSpec {
  kind: 'session';
  name: 'session';
  doc: string;
}

export type MemberSpec = PropertySpec | BlockSpec | ExportSpec | StepsSpec | SessionSpec;

const loginBlock = (doc: string): BlockSpec => ({
  kind: 'block',
  name: 'login',
  doc,
  members: [
    { kind: 'property', name: 'user', type: { kind: 'string' }, doc: 'The Windows user the bot signs in as, e.g. `"CORP\\\\svc-rpa"`.', example: '"CORP\\\\svc-rpa"' },
    {
      kind: 'property',
      name: 'password',
      type: { kind: 'secret' },
      doc: 'The bot user\'s password. Write `secret("ENV_NAME")` so it is read from the environment at run time; it is never logged, stored, exported or shown in the debugger.',
      example: 'secret("BOT_PASSWORD")',
    },
  ],
});

const SESSION_MODES = ['desktop', 'secure'] as const;

export const BOT_SPEC: BlockSpec = {
  kind: 'block',
  name: 'bot',
  doc: 'A bot: a Windows machine with the RPA Bot installed, on which run configurations are deployed.',
  members: [
    { kind: 'property', name: 'host', type: { kind: 'string' }, doc: 'The machine the bot runs on (host name).', example: '"WIN-RPA-01"' },
    {
      kind: 'property',
      name: 'mode',
      type: { kind: 'enum', values: SESSION_MODES },
      required: true,
      example: 'secure',
      doc: 'Session mode. `desktop`: processes run in the visible console session of a logged-in user, one at a time. `secure`: processes run in hidden desktop sessions only the bot can reach, several in parallel. The mode can\'t be switched while run configurations are deployed to the bot.',
    },
    {
      kind: 'property',
      name: 'licensedSecureSessions',
      type: { kind: 'integer', min: 1 },
      example: '1',
      doc: 'How many secure sessions the bot\'s licence allows. With one licensed secure session, sign the bot user out (don\'t disconnect) before deploying, and don\'t sign in as that user while a process runs.',
    },
    {
      kind: 'block',
      name: 'configurator',
      doc: 'RPA Bot Configurator: the bot\'s default session settings (login data and the maximum number of parallel secure sessions). Its limit restricts the number but does not overwrite the RPA Manager\'s.',
      members: [
        loginBlock('Default login data used by run configurations that do not set their own.'),
        { kind: 'property', name: 'maxSecureSessions', type: { kind: 'integer', min: 1 }, example: '1', doc: 'Maximum parallel secure sessions set in the Bot Configurator. The effective limit is the smallest of the Configurator\'s, the Manager\'s and the licensed count.' },
      ],
    },
    {
      kind: 'block',
      name: 'manager',
      doc: 'RPA Manager > Bot Management / Secure Session Assignment: the limit the Manager assigns to this bot.',
      members: [
        { kind: 'property', name: 'maxSecureSessions', type: { kind: 'integer', min: 1 }, example: '1', doc: 'Maximum parallel secure sessions assigned in the RPA Manager. The Bot Configurator can restrict it further but does not overwrite it.' },
        { kind: 'property', name: 'description', type: { kind: 'string' }, example: '"Contact: rpa-ops@example.com"', doc: 'Who owns the bot and whom to contact, as shown in the RPA Manager.' },
      ],
    },
    {
      kind: 'block',
      name: 'system',
      doc: 'System data of the bot machine. More secure sessions mean lower performance: check the OS, the RAM and the terminal server software.',
      members: [
        { kind: 'property', name: 'os', type: { kind: 'string' }, example: '"Windows Server 2022"', doc: 'Operating system of the bot machine.' },
        { kind: 'property', name: 'ramGb', type: { kind: 'number', exclusiveMin: 0 }, example: '16', doc: 'RAM of the bot machine in GB.' },
        { kind: 'property', name: 'ramPerSessionGb', type: { kind: 'number', exclusiveMin: 0 }, example: '4', doc: 'RAM one secure session needs, in GB; the limit × this must fit in `ramGb`.' },
        { kind: 'property', name: 'terminalServer', type: { kind: 'boolean' }, example: 'true', doc: 'Whether terminal server software (Remote Desktop Session Host) is installed; needed for more than one parallel secure session.' },
      ],
    },
  ],
};

export const EXPORT_FORMATS = ['database', 'csv', 'json', 'script'] as const;

export const AGENT_SPEC: BlockSpec = {
  kind: 'block',
  name: 'agent',
  doc: 'An agent: a data-extraction process that runs in sessions, each with its own ID, inputs and data.',
  members: [
    {
      kind: 'property',
      name: 'sessions',
      type: { kind: 'enum', values: ['single', 'multiple'] },
      example: 'multiple',
      doc: 'Support Sessions. `multiple`: the agent can run as many instances at once, each with a unique session ID, each seeing only its own status and data. `single`: one instance at a time.',
    },
    { kind: 'property', name: 'sessionTimeout', type: { kind: 'duration', minMs: 1 }, example: '30m', doc: 'Session timeout: cleanup of a session\'s data starts automatically this long after the session completes (unless `closeSession` cleans up at once).' },
    {
      kind: 'property',
      name: 'removeSession',
      type: { kind: 'enum', values: ['immediately', 'afterTimeout'] },
      example: 'afterTimeout',
      doc: 'Remove Session. `immediately`: internal session data is removed right after it has been exported externally (status stays until the timeout). `afterTimeout`: data stays until the session timeout passes.',
    },
    { kind: 'property', name: 'cleanupExternalSessionData', type: { kind: 'boolean' }, example: 'true', doc: 'Cleanup External Session Data (default true): also delete the session\'s rows from an external database export at cleanup. File exports and export scripts are never cleaned up: that is the user\'s responsibility.' },
    {
      kind: 'property',
      name: 'allowHosts',
      type: { kind: 'hosts' },
      example: '["127.0.0.1"]',
      doc:
        'The only hosts this agent\'s sessions may connect to, checked before each connection (redirects included): host names, `*.domain` for subdomains, IP addresses, each optionally with `:PORT`. ' +
        'Without it a session may reach any http(s) host. A page loaded over http(s) never leads to a `file:` URL; only the agent\'s own `open` steps may name one.',
    },
    { kind: 'block', name: 'input', doc: 'Per-session inputs with their defaults. A session entry or the command line (`--input k=v`) can override them; strings use them as `{name}` placeholders.', members: [], anyKey: { kind: 'scalar' } },
    { kind: 'export', name: 'export', formats: EXPORT_FORMATS, doc: 'Where extracted data goes after a session: `database PATH` (an SQLite file, one table per dataset with a session_id column), `csv PATH`, `json PATH` or `script PATH` (a JS module called with the records). PATH may use `{session}`.' },
    { kind: 'steps', name: 'steps', required: true, doc: 'What the agent does, one step per line: open, paginate, visit, extract, fill, click, submit, wait, log.' },
  ],
};

export const RUN_SPEC: BlockSpec = {
  kind: 'block',
  name: 'run',
  doc: 'A run configuration: runs an agent on a bot in one session mode, with a number of parallel sessions.',
  members: [
    { kind: 'property', name: 'bot', type: { kind: 'reference', target: 'bot' }, required: true, example: 'MyBot', doc: 'The bot this run configuration is deployed to.' },
    { kind: 'property', name: 'agent', type: { kind: 'reference', target: 'agent' }, required: true, example: 'MyAgent', doc: 'The agent this run configuration runs.' },
    { kind: 'property', name: 'mode', type: { kind: 'enum', values: SESSION_MODES }, example: 'secure', doc: 'Session mode of the run configuration. It can only be deployed to a bot in the same mode; omitted, it takes the bot\'s mode.' },
    { kind: 'property', name: 'sessions', type: { kind: 'integer', min: 1 }, example: '1', doc: 'How many sessions run in parallel at most. Omitted, it takes the bot\'s default (`configurator.maxSecureSessions`); a desktop run runs one session.' },
    { kind: 'property', name: 'timeout', type: { kind: 'duration', minMs: 1 }, example: '10m', doc: 'Run-time limit of each session; a session still running then is stopped and marked failed ("exceeded its run-time limit").' },
    loginBlock('Login data for this run configuration; omitted, the bot\'s default session settings (`configurator.login`) are used.'),
    { kind: 'session', name: 'session', doc: 'A session with a unique ID and its inputs (`session "travel-1" { category: "travel" }`). With session entries, the run runs exactly those sessions.' },
  ],
};

export const DECLARATION_SPECS = { bot: BOT_SPEC, agent: AGENT_SPEC, run: RUN_SPEC } as const;

export function findMemberSpec(block: BlockSpec, name: string): MemberSpec | undefined {
  return block.members.find((m) => m.name === name);
}

/** Describes a value type in words, for messages and hover. */
export function describeType(t: ValueType): string {
  switch (t.kind) {
    case 'string': return 'a string';
    case 'integer': return t.min !== undefined ? `a whole number ≥ ${t.min}` : 'a whole number';
    case 'number': return t.exclusiveMin !== undefined ? `a number > ${t.exclusiveMin}` : 'a number';
    case 'boolean': return '`true` or `false`';
    case 'duration': return 'a duration such as `500ms`, `45s`, `30m`, `2h`, `1d` or `1h30m`';
    case 'enum': return t.values.map((v) => `\`${v}\``).join(' or ');
    case 'reference': return `the name of ${t.target === 'agent' ? 'an' : 'a'} ${t.target}`;
    case 'secret': return '`secret("ENV_NAME")`';
    case 'scalar': return 'a string, number, duration or boolean';
    case 'hosts': return 'a list of hosts in quotes, e.g. `["books.example", "*.cdn.example", "127.0.0.1:8080"]`';
  }
}

/** Step keywords and field expression functions, with their documentation. */
export const STEP_DOCS: Record<string, { syntax: string; doc: string }> = {
  open: { syntax: 'open URL', doc: 'Navigate the session\'s browser to URL (http, https or file).' },
  paginate: { syntax: 'paginate next SELECTOR max N { … }', doc: 'Run the block on the current page, then follow the link SELECTOR, up to N pages.' },
  visit: { syntax: 'visit each SELECTOR [max N] { … }', doc: 'For each matching link, open it, run the block, and come back.' },
  extract: { syntax: 'extract DATASET [each SELECTOR] { field: EXPR … }', doc: 'Add one record (or one per matched element) to DATASET.' },
  fill: { syntax: 'fill SELECTOR with VALUE', doc: 'Set a form field\'s value.' },
  click: { syntax: 'click SELECTOR', doc: 'Click a link or button (follows links, submits forms through their submit buttons).' },
  submit: { syntax: 'submit SELECTOR', doc: 'Submit the form SELECTOR with its current values.' },
  wait: { syntax: 'wait DURATION', doc: 'Pause the session.' },
  log: { syntax: 'log "text {placeholder}"', doc: 'Write a line to the session log.' },
};

export const FIELD_FUNCTIONS: Record<string, { params: string[]; doc: string }> = {
  text: { params: ['SELECTOR'], doc: 'The text of the first element matching SELECTOR (whitespace collapsed).' },
  attr: { params: ['SELECTOR', 'NAME'], doc: 'The attribute NAME of the first element matching SELECTOR.' },
  html: { params: ['SELECTOR'], doc: 'The inner HTML of the first element matching SELECTOR.' },
  url: { params: ['SELECTOR'], doc: 'The absolute URL of the href or src of the first element matching SELECTOR.' },
  exists: { params: ['SELECTOR'], doc: 'Whether an element matches SELECTOR.' },
};

export const FIELD_TYPES = ['number', 'integer', 'boolean', 'date'] as const;

/** `object.member` expressions a field may use. */
export const MEMBER_OBJECTS: Record<string, { members?: string[]; doc: string }> = {
  input: { doc: 'A session input declared in the agent\'s `input` block.' },
  session: { members: ['id'], doc: '`session.id`: the ID of the running session.' },
  login: { members: ['user', 'password'], doc: 'The bot\'s login data; `login.password` is a secret: never logged, stored, exported or shown in the debugger.' },
};
