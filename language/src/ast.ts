// The typed AST of .rpa files: every node and every property carries its source range.
// Built from the CST by cst-to-ast.ts; read by the checks, the formatter, the server and the runtime.

/** 0-based line and UTF-16 character, as in LSP; offset is the index into the text. */
export interface Position {
  line: number;
  character: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Node {
  range: Range;
}

export interface StringValue extends Node {
  kind: 'string';
  /** The decoded text (escapes applied). */
  value: string;
  /** Placeholders `{name}` with the range of each name inside the literal. */
  placeholders: Placeholder[];
  /** Escape problems found while decoding. */
  problems: ValueProblem[];
}

export interface Placeholder {
  name: string;
  range: Range;
}

export interface ValueProblem {
  message: string;
  range: Range;
}

export interface NumberValue extends Node {
  kind: 'number';
  value: number;
  text: string;
}

export interface DurationValue extends Node {
  kind: 'duration';
  text: string;
  /** Milliseconds, or undefined when the text is not a valid duration. */
  ms: number | undefined;
}

export interface BooleanValue extends Node {
  kind: 'boolean';
  value: boolean;
}

/** A bare name: an enum word (`secure`) or a reference (`FinanceBot`). */
export interface WordValue extends Node {
  kind: 'word';
  value: string;
}

/** `object.member`, for example `input.category`, `session.id` or `login.user`. */
export interface MemberValue extends Node {
  kind: 'member';
  object: string;
  member: string;
  objectRange: Range;
  memberRange: Range;
}

/** `name(arg, …)`: `secret("ENV")` in properties, `text(".x")` and friends in fields. */
export interface CallValue extends Node {
  kind: 'call';
  callee: string;
  calleeRange: Range;
  args: Value[];
}

export interface ListValue extends Node {
  kind: 'list';
  items: Value[];
}

/** What recovery left where a value was missing. */
export interface MissingValue extends Node {
  kind: 'missing';
}

export type Value =
  | StringValue
  | NumberValue
  | DurationValue
  | BooleanValue
  | WordValue
  | MemberValue
  | CallValue
  | ListValue
  | MissingValue;

export interface Property extends Node {
  kind: 'property';
  key: string;
  keyRange: Range;
  value: Value;
}

/** A nested property block such as `configurator { … }` or `input { … }`. */
export interface Block extends Node {
  kind: 'block';
  key: string;
  keyRange: Range;
  members: Member[];
}

/** `session "id" { input: value … }` inside a run. */
export interface SessionEntry extends Node {
  kind: 'session';
  key: string;
  keyRange: Range;
  id: StringValue;
  members: Member[];
}

/** `export FORMAT PATH` inside an agent (any `key word value` entry parses to this shape). */
export interface ExportEntry extends Node {
  kind: 'export';
  key: string;
  keyRange: Range;
  format: string;
  formatRange: Range;
  path: Value;
}

export interface StepsBlock extends Node {
  kind: 'steps';
  keyRange: Range;
  steps: Step[];
}

export type Member = Property | Block | SessionEntry | ExportEntry | StepsBlock;

export interface StepBase extends Node {
  /** Range of the step keyword; a breakpoint sits on this line. */
  keywordRange: Range;
}

export interface OpenStep extends StepBase {
  kind: 'open';
  url: Value;
}

export interface PaginateStep extends StepBase {
  kind: 'paginate';
  next: Value;
  max: Value;
  body: Step[];
}

export interface VisitStep extends StepBase {
  kind: 'visit';
  selector: Value;
  max?: Value;
  body: Step[];
}

export interface Field extends Node {
  kind: 'field';
  name: string;
  nameRange: Range;
  expr: Value;
  as?: { type: string; range: Range };
}

export interface ExtractStep extends StepBase {
  kind: 'extract';
  dataset: string;
  datasetRange: Range;
  each?: Value;
  fields: Field[];
}

export interface FillStep extends StepBase {
  kind: 'fill';
  selector: Value;
  value: Value;
}

export interface ClickStep extends StepBase {
  kind: 'click';
  selector: Value;
}

export interface SubmitStep extends StepBase {
  kind: 'submit';
  selector: Value;
}

export interface WaitStep extends StepBase {
  kind: 'wait';
  duration: Value;
}

export interface LogStep extends StepBase {
  kind: 'log';
  message: Value;
}

export type Step = OpenStep | PaginateStep | VisitStep | ExtractStep | FillStep | ClickStep | SubmitStep | WaitStep | LogStep;

export type DeclarationKind = 'bot' | 'agent' | 'run';

export interface Declaration extends Node {
  kind: DeclarationKind;
  keywordRange: Range;
  name: string;
  nameRange: Range;
  members: Member[];
  /** Text of the `//` comment lines directly above the declaration, without the slashes. */
  doc?: string;
  /** The file the declaration was read from (set by the workspace index). */
  uri: string;
}

export interface Comment extends Node {
  kind: 'line' | 'block';
  text: string;
}

export interface RpaFile {
  uri: string;
  declarations: Declaration[];
  comments: Comment[];
}
