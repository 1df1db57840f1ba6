// Which run configuration `rpa-sessions run FILE` runs without --run: FILE's only one (said so), else a
// usage error listing FILE's runs (bot, agent, sessions) or, when FILE has none, where the runs are.
import { property, sessionEntries, wordOf, type Declaration } from '../../../language/src/index';
import { pathToFileURL } from 'node:url';
import { CliError, type CliContext } from '../cli-context';
import { shownPath } from '../../../runtime/src/node/rpa-files';
import { quoteArg } from '../output/run-summary';
import { shownFileOf, type RuntimeWorkspace } from '../workspace/workspace-root';

function sessionsOf(run: Declaration): string {
  const named = sessionEntries(run).map((e) => e.id.value);
  if (named.length) return `sessions ${named.join(', ')}`;
  const value = property(run, 'sessions')?.value;
  const n = value?.kind === 'number' ? value.value : 1;
  return `${n} session${n === 1 ? '' : 's'}`;
}

function runLines(runs: readonly Declaration[]): string {
  const width = Math.max(...runs.map((r) => r.name.length));
  return runs.map((r) => `  ${r.name.padEnd(width)}  bot ${wordOf(property(r, 'bot')) ?? '?'} · agent ${wordOf(property(r, 'agent')) ?? '?'} · ${sessionsOf(r)}`).join('\n');
}

/** The run to run: `--run`, else the only run FILE declares (announced through `say`). */
export function chooseRun(ctx: CliContext, loaded: RuntimeWorkspace, file: string, run: string | undefined, say: (line: string) => void): string {
  if (run !== undefined) return run;
  const shown = shownPath(ctx.cwd, file);
  const all = loaded.ws.allDeclarations('run').filter((d) => d.name);
  const inFile = all.filter((d) => d.uri === pathToFileURL(file).href);
  if (inFile.length === 1) {
    say(`Running ${inFile[0].name}, the run configuration ${shown} declares.`);
    return inFile[0].name;
  }
  if (inFile.length) {
    throw new CliError(
      `${shown} declares ${inFile.length} run configurations; say which one with --run NAME:\n${runLines(inFile)}\n` +
        `For example: rpa-sessions run ${quoteArg(shown)} --run ${quoteArg(inFile[0].name)}`,
    );
  }
  if (!all.length) {
    throw new CliError(`${shown} declares no run configuration, and neither does the rest of its workspace. A run configuration names the bot and the agent to run, e.g. run Nightly { bot: FinanceBot, agent: BookScraper }.`);
  }
  const byFile = new Map<string, string[]>();
  for (const d of all) {
    const where = shownFileOf(loaded, d.uri);
    byFile.set(where, [...(byFile.get(where) ?? []), d.name]);
  }
  const places = [...byFile].map(([where, names]) => `${where} (${names.join(', ')})`).join(', ');
  const [firstFile, [firstRun]] = [...byFile][0];
  throw new CliError(`${shown} declares no run configuration. The workspace's run configurations are in ${places}: for example rpa-sessions run ${quoteArg(firstFile)} --run ${quoteArg(firstRun)}`);
}
