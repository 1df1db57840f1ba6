// Public surface of the step interpreter: run an agent's steps in a session, plus the pieces a host,
// a debugger or a benchmark uses on their own (page parsing and selectors, conversions, errors).
export { runAgentSteps, type RunSummary } from './run-steps';
export { convert, parseNumber, type FieldType } from './convert';
export { parsePage, queryAll, queryOne, textOf, attrOf, linkOf, inspect, type Page } from './page';
export { FetchError, StepError, Redactor, REDACTED, type FetchFailure } from './errors';
export * from './host';
