// Answers the panel webview's messages with the data service (no VS Code here, so the headless
// harness uses it too); what needs VS Code (save dialogs, closing a session) comes in as actions.
import type { ExportFormat, GridSource, HostToWebview, PanelError, PanelRequestMessage, WebviewToHost } from '../../../runtime/src/panel-protocol';
import { PanelCallError, type PanelDataService } from '../../../runtime/src/node/panel-data/panel-data-service';

export interface PanelActions {
  /** The file to export to (a save dialog), or undefined when the user cancelled. */
  exportFile(source: GridSource, format: ExportFormat): Promise<string | undefined>;
  /** Closes the session after the user confirmed; false when they did not. */
  closeSession(sessionId: string): Promise<boolean>;
}

function panelError(e: unknown): PanelError {
  if (e instanceof PanelCallError) return e.error;
  const code = e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : 'internal';
  return { code, message: e instanceof Error ? e.message : String(e) };
}

export class PanelRouter {
  /** Requests in flight that can be stopped (queries), by request id. */
  private readonly stoppable = new Map<number, AbortController>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly service: PanelDataService,
    private readonly actions: PanelActions,
    private readonly post: (m: HostToWebview) => void,
  ) {
    this.subscription = service.onChanged((e) => post({ type: 'changed', generation: e.generation, sessions: e.sessions }));
  }

  async handle(m: WebviewToHost): Promise<void> {
    if (m.type !== 'request') return;
    try {
      this.post({ type: 'reply', id: m.id, ok: true, result: await this.answer(m) });
    } catch (e) {
      this.post({ type: 'reply', id: m.id, ok: false, error: panelError(e) });
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const c of this.stoppable.values()) c.abort();
  }

  private async answer(m: PanelRequestMessage): Promise<unknown> {
    const s = this.service;
    switch (m.method) {
      case 'sessions':
        return s.call('sessions', []);
      case 'datasets':
        return s.call('datasets', [m.sessionId]);
      case 'tables':
        return s.call('tables', []);
      case 'page':
        return s.call('page', [m.request]);
      case 'query': {
        const controller = new AbortController();
        this.stoppable.set(m.id, controller);
        try {
          return await s.call('query', [m.sql], { signal: controller.signal });
        } finally {
          this.stoppable.delete(m.id);
        }
      }
      case 'cancel':
        this.stoppable.get(m.requestId)?.abort();
        return this.stoppable.has(m.requestId);
      case 'export': {
        const file = await this.actions.exportFile(m.source, m.format);
        return file && { file, rows: (await s.call('export', [m.source, m.format, file])).rows };
      }
      case 'closeSession': {
        const closed = await this.actions.closeSession(m.sessionId);
        if (closed) await s.call('refresh', []);
        return closed;
      }
    }
  }
}
