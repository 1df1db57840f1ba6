// The `rpa` debug type's launch attributes: what a launch.json entry (or the Debug code lens) may say,
// checked with clear errors, and the run it names resolved in the program's workspace.
import { dirname, isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Workspace } from '../../../language/src/workspace';
import type { DebugLaunch } from '../../../runtime/src/debug/session-debugger';
import type { InputValue } from '../../../runtime/src/session-types';
import { RpaUserError } from '../../../runtime/src/user-error';

export interface RpaLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The .rpa file that declares the run configuration. */
  program: string;
  /** The workspace folder (default: the program's folder). */
  workspace?: string;
  /** The run configuration (optional when the program declares exactly one). */
  run?: string;
  sessionIds?: string[];
  inputs?: Record<string, InputValue>;
  stopOnEntry?: boolean;
  /** Close the finished sessions whose IDs the run needs, first (CloseSession). */
  replaceSessions?: boolean;
}

function problem(message: string): RpaUserError {
  return new RpaUserError('invalid-workspace', `The launch configuration is not usable: ${message}`);
}

/** Checks the attributes' types; returns the workspace folder to open. */
export function launchFolder(args: Partial<RpaLaunchArguments>): string {
  if (typeof args.program !== 'string' || !args.program.endsWith('.rpa') || !isAbsolute(args.program)) {
    throw problem(`"program" must be the absolute path of an .rpa file, e.g. "\${workspaceFolder}/runs.rpa" (got ${JSON.stringify(args.program)}).`);
  }
  if (args.workspace !== undefined && (typeof args.workspace !== 'string' || !isAbsolute(args.workspace))) {
    throw problem(`"workspace" must be the absolute path of a folder (got ${JSON.stringify(args.workspace)}).`);
  }
  if (args.run !== undefined && typeof args.run !== 'string') throw problem('"run" must be the name of a run configuration.');
  if (args.sessionIds !== undefined && (!Array.isArray(args.sessionIds) || args.sessionIds.some((s) => typeof s !== 'string'))) {
    throw problem('"sessionIds" must be a list of session IDs of the run, e.g. ["travel-1"].');
  }
  if (args.inputs !== undefined && (typeof args.inputs !== 'object' || args.inputs === null || Object.values(args.inputs).some((v) => !['string', 'number', 'boolean'].includes(typeof v)))) {
    throw problem('"inputs" must map input names to strings, numbers or booleans, e.g. { "category": "poetry" }.');
  }
  const folder = args.workspace ?? dirname(args.program);
  const rel = relative(folder, args.program);
  if (rel.startsWith('..') || isAbsolute(rel)) throw problem(`the program ${args.program} is not inside the workspace ${folder}.`);
  return folder;
}

/** The run to debug: the one named, else the program's only run. */
export function resolveLaunch(ws: Workspace, args: RpaLaunchArguments): DebugLaunch {
  const uri = pathToFileURL(args.program).href;
  const file = ws.getFile(uri);
  if (!file) throw problem(`${args.program} is not one of the workspace's .rpa files (is it saved, and inside the workspace?).`);
  const runs = file.ast.declarations.filter((d) => d.kind === 'run' && d.name).map((d) => d.name);
  let run = args.run;
  if (run === undefined) {
    if (runs.length !== 1) {
      throw problem(
        runs.length ? `${args.program} declares ${runs.length} run configurations (${runs.join(', ')}): say which one with "run".` : `${args.program} declares no run configuration: point "program" at the file with the run.`,
      );
    }
    run = runs[0];
  }
  return {
    run,
    sessionIds: args.sessionIds,
    inputs: args.inputs,
    stopOnEntry: args.stopOnEntry === true,
    noDebug: args.noDebug === true,
    replaceSessions: args.replaceSessions === true,
  };
}
