// textDocument/definition and textDocument/references: bots and agents named by runs, agent inputs
// used in placeholders, `input.NAME` and session entries, across every file of the workspace.
import type { Location } from 'vscode-languageserver/node';
import { definition, references } from '../../../language/src/services/index';
import type { Location as CoreLocation } from '../../../language/src/index';
import type { Feature, ServerContext } from '../context';
import { toRange } from '../convert';

function toLocations(ctx: ServerContext, list: CoreLocation[]): Location[] {
  return list.map((l) => ({ uri: ctx.clientUri(l.uri), range: toRange(l.range) }));
}

export const definitionFeature: Feature = {
  capabilities: () => ({ definitionProvider: true }),
  register(ctx) {
    ctx.connection.onDefinition((params, token) =>
      ctx.request(params.textDocument.uri, token, [], (_file, key) => toLocations(ctx, definition(ctx.ws, key, params.position))),
    );
  },
};

export const referencesFeature: Feature = {
  capabilities: () => ({ referencesProvider: true }),
  register(ctx) {
    ctx.connection.onReferences((params, token) =>
      ctx.request(
        params.textDocument.uri,
        token,
        [],
        (_file, key) => toLocations(ctx, references(ctx.ws, key, params.position, params.context.includeDeclaration)),
        { yieldFirst: true },
      ),
    );
  },
};
