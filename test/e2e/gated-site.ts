// A gate on 127.0.0.1 in front of the example site for the end-to-end test: while it is held, requests
// wait until the test releases them, so a run is still going when the test looks at its progress.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export class GatedSite {
  private readonly waiting: Array<() => void> = [];
  private held = false;

  private constructor(
    private readonly server: http.Server,
    /** The gate's base URL (what the workspace's agents use), without a trailing slash. */
    readonly url: string,
  ) {}

  /**
   * Listens on `port` (0: any free port) and forwards every request to `target` (the site server).
   * Rejects with EADDRINUSE when the port is taken.
   */
  static async start(target: string, port: number): Promise<GatedSite> {
    let gate: GatedSite | undefined;
    const server = http.createServer((req, res) => void gate?.forward(target, req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    gate = new GatedSite(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return gate;
  }

  /** From now on, requests wait until release(). */
  hold(): void {
    this.held = true;
  }

  /** Lets every waiting request through, and the ones after them. */
  release(): void {
    this.held = false;
    for (const go of this.waiting.splice(0)) go();
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async forward(target: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.held) await new Promise<void>((go) => this.waiting.push(go));
    if (res.destroyed) return; // the session was cancelled while its request waited
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (err) => res.destroy(err));
    req.pipe(upstream);
  }
}
