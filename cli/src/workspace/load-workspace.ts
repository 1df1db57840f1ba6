// Builds ONE language-core Workspace from the .rpa files under the user's paths (declarations are
// global across files), with the deployment state of the `.rpa/bots.json` files next to them.
import { existsSync, readFileSync } from 'node:fs';
import { Workspace, type DeploymentState } from '../../../language/src/index';
import { deploymentStateOf, mergeDeploymentStates } from '../../../language/src/bot-state/bot-state';
import { parseBotStateFile } from '../../../language/src/bot-state/bot-state-codec';
import { isUserError } from '../../../runtime/src/user-error';
import { CliProblems } from '../cli-context';
import { describeFsError, readRpaFiles, shownPath, type FoundFile, type LoadedFile } from '../../../runtime/src/node/rpa-files';
import { botStateCandidates } from '../../../runtime/src/node/workspace-scope';

/**
 * Loads every state file found for `files`; several (one per sub-workspace) are merged, since all
 * files form one workspace. A malformed file is a problem: the deployment state would be a guess.
 * Undefined when there is no state file: nothing is deployed as far as `check` knows.
 */
export function loadDeploymentState(files: readonly FoundFile[], cwd: string): DeploymentState | undefined {
  const sources = botStateCandidates(files).filter((path) => existsSync(path));
  const states: DeploymentState[] = [];
  const problems: string[] = [];
  for (const path of sources) {
    const shown = shownPath(cwd, path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      problems.push(`${shown}: cannot read the bot state: ${describeFsError(err)}. Check that you may read it.`);
      continue;
    }
    try {
      states.push(deploymentStateOf(parseBotStateFile(text, shown)));
    } catch (err) {
      if (!isUserError(err)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length) throw new CliProblems(problems);
  return mergeDeploymentStates(states);
}

export interface LoadedWorkspace {
  ws: Workspace;
  files: LoadedFile[];
}

/** Reads the files (CliProblems for any unusable one) and loads them with their deployment state. */
export function loadWorkspace(paths: readonly string[], cwd: string): LoadedWorkspace {
  const { files, problems } = readRpaFiles(paths, cwd);
  if (problems.length) throw new CliProblems(problems);
  const ws = new Workspace(loadDeploymentState(files, cwd));
  for (const f of files) ws.setFile(f.uri, f.text);
  return { ws, files };
}
