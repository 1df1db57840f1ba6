// How a debugger starts sessions on the engine: the debug options of each session's job (from its
// agent: the breakpoints in the agent's file) and where the session's stops are reported.
import type { Declaration } from '../../../language/src/ast';
import type { DebugOptions, DebugStop } from '../debug/debug-types';

export interface DebugRequest {
  /** The options a session of this agent starts with (its file's breakpoints, stop on entry, step failures). */
  options(agent: Declaration): DebugOptions;
  /** The session stopped; it waits until the debugger resumes it through engine.debugControl(id). */
  onStopped(sessionId: string, stop: DebugStop): void;
}
