// Position-based language services over the workspace index: plain data with the AST's Range type,
// no protocol types. The language server translates them to LSP; other surfaces may reuse them.
export { offsetAt, positionOf, type LineCharacter } from './context';
export { leafAt, symbolAt, type NamedSymbol } from './locate';
export { complete, type CompletionEntry, type CompletionKind } from './completion';
export { hover, declarationHover, type HoverResult } from './hover';
export { definition, references, occurrences, type Occurrence } from './navigation';
export { prepareRename, rename, type PrepareRenameResult, type RenameResult } from './rename';
export { declarationSymbol, workspaceSymbols, type OutlineKind, type OutlineSymbol, type WorkspaceSymbolEntry } from './symbols';
export { declarationTokens, gapTokens, semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES, type SemanticToken, type TokenModifier, type TokenType } from './semantic-tokens';
export { foldingRanges, type FoldingRegion } from './folding';
export { codeLenses, inlayHints, RUN_COMMANDS, type CodeLensData, type InlayHintData } from './run-annotations';
export { linkSignature } from './link-signature';
export { reparse, type Parsed } from './reparse';
