// Where a folder's sessions find secret("NAME") in VS Code: the extension host's environment, then the
// env file the rpa.envFile setting names, then what the user entered (VS Code's SecretStorage, never
// settings or files). Each folder gets one environment object, refilled in place when any source changes.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseEnv } from 'node:util';
import * as vscode from 'vscode';

const KEY_PREFIX = 'rpa.secret.';
/** The names of the secrets entered so far (SecretStorage cannot list its keys). */
const NAMES_KEY = 'rpa.secretNames';

export type SecretSource = 'environment' | 'env file' | 'secret storage';

export class SecretEnv {
  private readonly envs = new Map<string, NodeJS.ProcessEnv>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  /** The folder's environment (the same object every time, so a runtime opened with it sees later fills). */
  async environment(folder: vscode.WorkspaceFolder): Promise<NodeJS.ProcessEnv> {
    const key = folder.uri.toString();
    const env = this.envs.get(key) ?? {};
    this.envs.set(key, env);
    await this.fill(folder, env);
    return env;
  }

  /** Keeps `value` as the secret NAME in VS Code's secret storage, for every folder. */
  async store(name: string, value: string): Promise<void> {
    await this.secrets.store(KEY_PREFIX + name, value);
    const names = new Set(this.state.get<string[]>(NAMES_KEY, []));
    names.add(name);
    await this.state.update(NAMES_KEY, [...names]);
  }

  /** Where NAME is set for this folder, if anywhere. */
  async sourceOf(folder: vscode.WorkspaceFolder, name: string): Promise<SecretSource | undefined> {
    if (process.env[name] !== undefined) return 'environment';
    if (this.envFile(folder).values[name] !== undefined) return 'env file';
    return (await this.secrets.get(KEY_PREFIX + name)) !== undefined ? 'secret storage' : undefined;
  }

  /** The env file rpa.envFile names (relative to the folder), read now; a file that can't be read gives nothing and a reason. */
  envFile(folder: vscode.WorkspaceFolder): { path?: string; values: Record<string, string>; problem?: string } {
    const setting = vscode.workspace.getConfiguration('rpa', folder).get<string>('envFile', '').trim();
    if (!setting) return { values: {} };
    const path = isAbsolute(setting) ? setting : join(folder.uri.fsPath, setting);
    try {
      return { path, values: parseEnv(readFileSync(path, 'utf8')) as Record<string, string> };
    } catch (err) {
      return { path, values: {}, problem: `the env file ${path} (setting rpa.envFile) can't be read: ${(err as Error).message}` };
    }
  }

  private async fill(folder: vscode.WorkspaceFolder, env: NodeJS.ProcessEnv): Promise<void> {
    const stored: Record<string, string> = {};
    for (const name of this.state.get<string[]>(NAMES_KEY, [])) {
      const value = await this.secrets.get(KEY_PREFIX + name);
      if (value !== undefined) stored[name] = value;
    }
    for (const k of Object.keys(env)) delete env[k];
    Object.assign(env, stored, this.envFile(folder).values, process.env);
  }
}
