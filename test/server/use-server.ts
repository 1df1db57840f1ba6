// One language server over stdio on a throw-away workspace for a server suite: the mocha hooks start
// it (on the sample workspace unless told otherwise) and stop it and delete the folder afterwards.
import type { ClientCapabilities } from 'vscode-languageserver-protocol/node';
import { live, useFixture, type FixtureScope } from '../support/live-fixture';
import { LspClient } from './lsp-client';
import { TempWorkspace } from './temp-workspace';

export interface ServerFixture {
  ws: TempWorkspace;
  client: LspClient;
}

export interface ServerOptions {
  /** The workspace folder the server opens; the sample workspace by default. */
  workspace?: () => TempWorkspace;
  /** A fresh server for every test, or one for the whole suite (the default). */
  scope?: FixtureScope;
  /** What the client announces (a VS Code-like set by default). */
  capabilities?: ClientCapabilities;
}

/** Registers the hooks and returns stand-ins for the running workspace and client. */
export function useServer(options: ServerOptions = {}): ServerFixture {
  const { workspace = () => TempWorkspace.sample(), scope = 'suite', capabilities } = options;
  const current = useFixture<ServerFixture>(
    async () => {
      const ws = workspace();
      try {
        return { ws, client: await LspClient.start({ folders: [ws.dir], capabilities }) };
      } catch (e) {
        ws.cleanup();
        throw e;
      }
    },
    async ({ ws, client }) => {
      await client.stop();
      ws.cleanup();
    },
    scope,
  );
  return {
    ws: live(() => current()?.ws, 'the test workspace'),
    client: live(() => current()?.client, 'the language server client'),
  };
}
