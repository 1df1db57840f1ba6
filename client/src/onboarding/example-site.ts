// rpa.serveExampleSite: serves the example book catalogue on 127.0.0.1:8080 from the extension host, so
// the sample workspace's runs work without a terminal; the same command stops it.
import * as vscode from 'vscode';
import { startSiteServer, type SiteServer } from '../../../runtime/src/node/site-server';
import type { Ctx } from '../ctx';
import { guarded } from '../runtime/refusal';

/** The port the sample workspace's agents read the site on (`input { baseUrl: "http://127.0.0.1:8080" }`). */
const SAMPLE_PORT = 8080;

export const serveExampleSiteCommand = (ctx: Ctx) => {
  let site: SiteServer | undefined;
  ctx.push({ dispose: () => void site?.close() });
  return guarded(ctx.output, 'Serve the example site', async () => {
    if (site) {
      await site.close();
      site = undefined;
      void vscode.window.showInformationMessage('RPA Sessions: stopped serving the example site.');
      return;
    }
    site = await startSiteServer({ port: SAMPLE_PORT }); // a taken port is a user error that says so
    const { username, password } = site.demoLogin;
    ctx.output.info(`Serving the example site on ${site.url}.`);
    void vscode.window.showInformationMessage(
      `RPA Sessions: the example site is served on ${site.url} (loopback only) until you run this command again. ` +
        `MonthEndOrders signs in as ${username}: when its run asks for BOOKS_PASSWORD, enter ${password}.`,
    );
  });
};
