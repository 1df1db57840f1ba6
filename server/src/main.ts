// Entry point of the bundled language server (dist/server.js): connects over stdio (`--stdio`) or
// Node IPC (`--node-ipc`, as VS Code starts it) and starts serving.
import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { MessageCounter } from './background';
import { startServer } from './server';

const messages = new MessageCounter();

function connect(argv: readonly string[]): Connection | undefined {
  const options = { messageStrategy: messages.strategy };
  if (argv.includes('--stdio')) return createConnection(ProposedFeatures.all, process.stdin, process.stdout, options);
  if (argv.includes('--node-ipc')) {
    if (!process.send) return undefined;
    return createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process), options);
  }
  return undefined;
}

const connection = connect(process.argv.slice(2));
if (!connection) {
  process.stderr.write(
    'rpa-sessions language server: choose how to talk to the editor: `node dist/server.js --stdio`, or ' +
      '`--node-ipc` when started by an editor as a Node child process with an IPC channel (as VS Code does).\n',
  );
  process.exit(2);
}
startServer(connection, messages);
