// Hosts the Sessions panel bundle in headless Chromium without VS Code: a loopback page with the real
// HTML and CSP, acquireVsCodeApi shimmed, and its messages answered by the real router and data service.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../client/src/panel/panel-html';
import { PanelRouter, type PanelActions } from '../../client/src/panel/panel-router';
import { PanelDataService } from '../../runtime/src/node/panel-data/panel-data-service';
import type { HostToWebview, WebviewToHost } from '../../runtime/src/panel-protocol';

const DIST = join(__dirname, '..', '..', 'dist');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

/** What VS Code gives a webview: postMessage to the host, and state kept across reloads (sessionStorage here). */
const VSCODE_SHIM = `
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__rpaHost(JSON.stringify(m)),
  getState: () => JSON.parse(sessionStorage.getItem('rpa-state') || 'null'),
  setState: (s) => sessionStorage.setItem('rpa-state', JSON.stringify(s)),
});
document.addEventListener('DOMContentLoaded', () => {
  document.documentElement.style.cssText = '--vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-foreground: #cccccc; --vscode-editor-background: #1e1e1e; --vscode-focusBorder: #007fd4; --vscode-button-background: #0e639c; --vscode-button-foreground: #ffffff; --vscode-list-activeSelectionBackground: #04395e';
  document.body.classList.add('vscode-dark');
});
`;

export interface PanelHarness {
  browser: Browser;
  page: Page;
  /** Files the export save dialog "chose", in order. */
  exports: string[];
  /** Console errors and CSP violations the page reported. */
  problems: string[];
  service: PanelDataService;
  close(): Promise<void>;
}

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = join(DIST, url.pathname.replace(/^\/dist\//, ''));
    if (url.pathname === '/') {
      const origin = `http://${req.headers.host}`;
      res.writeHead(200, { 'content-type': 'text/html' }).end(panelHtml({ cspSource: origin, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/dist/webview.css`, title: 'Sessions' }));
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (url.pathname.startsWith('/dist/') && existsSync(file)) {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function openPanelHarness(storeDir: string, exportDir: string): Promise<PanelHarness> {
  const server = await serve();
  const service = new PanelDataService({ storeDir, workerScript: join(DIST, 'panel-data-worker.js'), settleMs: 50 });
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const exports: string[] = [];
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.stack ?? e.message));
  const actions: PanelActions = {
    exportFile: async (source, format) => {
      const file = join(exportDir, `export-${exports.length + 1}-${source.kind}.${format}`);
      exports.push(file);
      return file;
    },
    closeSession: async () => false,
  };
  // Messages the service sends after the page closed (a last `changed`) have nowhere to go.
  const post = (m: HostToWebview) => void page.evaluate((msg) => window.postMessage(msg, '*'), m).catch(() => undefined);
  const router = new PanelRouter(service, actions, post);
  await page.exposeFunction('__rpaHost', (json: string) => router.handle(JSON.parse(json) as WebviewToHost));
  await page.addInitScript(VSCODE_SHIM);
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return {
    browser,
    page,
    exports,
    problems,
    service,
    close: async () => {
      router.dispose();
      await browser.close();
      await service.close();
      await new Promise((r) => server.close(r));
    },
  };
}
