// Public surface of the language core: parsing, the AST, the workspace index and checks, formatting.
// Everything here is pure TypeScript with no editor, protocol or worker dependencies.
export * from './ast';
export { parse, type ParseError, type ParseResult } from './parse';
export { parseDuration, formatDuration, encodeString } from './literals';
export { comparePositions, containsPosition, positionAt } from './ranges';
export { splitLines } from './line-index';
export * from './diagnostics';
export * from './model';
export * from './schema';
export { Workspace, type WorkspaceFile, type DeploymentState, type SymbolIndex, type Location } from './workspace';
export { checkFile, checkWorkspace } from './checks';
export { closest, didYouMean } from './suggest';
export { format, formatEdits, formatRange, FORMAT_WIDTH, type FormatEdit, type FormatOptions, type FormatResult } from './format';
