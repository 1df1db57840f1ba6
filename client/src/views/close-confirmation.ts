// What "Close session" asks before it goes ahead (Sequentum's CloseSession): what is removed now
// (records, logs, a database export's rows) and what is kept (status, exported files), in words.
import { plural } from '../../../runtime/src/node/run-report';
import type { SessionInfo } from '../../../runtime/src/session-types';
import type { CleanupPolicy } from '../../../runtime/src/store/store-api';

export interface CloseConfirmation {
  message: string;
  detail: string;
  button: string;
}

export function closeConfirmation(info: SessionInfo, datasets: ReadonlyArray<{ dataset: string; count: number }>, policy: CleanupPolicy | undefined): CloseConfirmation {
  const total = datasets.reduce((n, d) => n + d.count, 0);
  const records = datasets.length
    ? `its ${plural(total, 'record')} in the session store (${datasets.map((d) => `${d.dataset} ${d.count}`).join(', ')})`
    : info.recordsRemovedAt !== undefined
      ? 'what is left of it in the session store (its records were already removed after the export)'
      : 'its entry in the session store (it has no records)';
  const removed = [records, 'its log lines'];
  const kept = [`its status line (${info.id} closed), so the sessions list still says it was closed`];
  const target = policy?.export;
  if (target?.format === 'database') {
    if (policy!.cleanupExternalSessionData) removed.push(`its rows in the database export ${target.path} (Cleanup External Session Data is on)`);
    else kept.push(`its rows in the database export ${target.path} (Cleanup External Session Data is off)`);
  } else if (target && target.format !== 'script') kept.push(`the ${target.format.toUpperCase()} files it was exported to (${target.path})`);
  const running = info.status === 'queued' || info.status === 'running' ? `It is still ${info.status}: it is cancelled first. ` : '';
  return {
    message: `Close session "${info.id}" (${info.status})?`,
    detail:
      `${running}Removed now: ${removed.join('; ')}.\n` +
      `Kept: ${kept.join('; ')}.\n` +
      `Its session ID "${info.id}" can be used again by the next run. This can't be undone.`,
    button: 'Close Session',
  };
}
