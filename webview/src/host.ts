// The webview's side of the panel protocol: requests to the extension host answered by id, host
// events to listeners, and the panel state VS Code keeps while the panel is hidden or reloaded.
import type { HostToWebview, PanelError, PanelRequest, PanelResultOf, WebviewToHost } from '../../runtime/src/panel-protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export class HostError extends Error {
  constructor(readonly error: PanelError) {
    super(error.message);
  }
}

type HostEvent = Exclude<HostToWebview, { type: 'reply' }>;

export class Host {
  private readonly api = acquireVsCodeApi();
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: HostError): void }>();
  private readonly listeners = new Set<(e: HostEvent) => void>();
  private nextId = 1;
  /** The id of the last request sent, so a caller can cancel it. */
  lastId = 0;

  constructor() {
    window.addEventListener('message', (ev: MessageEvent<HostToWebview>) => {
      const m = ev.data;
      if (m.type !== 'reply') return this.listeners.forEach((l) => l(m));
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.ok) w?.resolve(m.result);
      else w?.reject(new HostError(m.error));
    });
  }

  request<R extends PanelRequest>(req: R): Promise<PanelResultOf[R['method']]> {
    const id = (this.lastId = this.nextId++);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.api.postMessage({ type: 'request', id, ...req });
    });
  }

  ready(): void {
    this.api.postMessage({ type: 'ready' });
  }

  on(listener: (e: HostEvent) => void): void {
    this.listeners.add(listener);
  }

  state<S>(): Partial<S> {
    return (this.api.getState() as Partial<S> | undefined) ?? {};
  }

  saveState(state: unknown): void {
    this.api.setState(state);
  }
}
