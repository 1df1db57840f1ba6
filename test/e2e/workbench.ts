// Drives the VS Code workbench in headless Chromium with playwright-core: opens files, the Problems
// panel, completion, hovers and code lenses, always waiting on UI elements (bounded), never sleeping.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'e2e');
const UI_TIMEOUT = 30_000;

export class Workbench {
  private shots = 0;

  private constructor(private readonly browser: Browser, readonly page: Page) {}

  static async open(url: string, folder: string): Promise<Workbench> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.setDefaultTimeout(UI_TIMEOUT);
      await page.goto(`${url}?folder=${encodeURIComponent(folder)}`);
      await page.locator('.monaco-workbench').waitFor();
      return new Workbench(browser, page);
    } catch (err) {
      await browser.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Saves test-results/e2e/NN-name.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${String(++this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** The Explorer row of a file (the Explorer lists the workspace once it has loaded). */
  explorerItem(fileName: string): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor tab. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.page.locator('.monaco-workbench').click({ position: { x: 700, y: 5 } });
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.editor().locator('.view-lines').waitFor();
  }

  /** The active text editor. */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /**
   * The rendered editor line that starts with `prefix` (after indentation). Monaco renders spaces as
   * U+00A0 and inlay hints inside the line, so only the start of a line is reliable.
   */
  editorLine(prefix: string): Locator {
    const pattern = prefix.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
    return this.editor().locator('.view-line').filter({ hasText: new RegExp(`^\\s*${pattern}(?![\\w-])`) }).first();
  }

  /** The suggestion whose label is exactly `label` in the open suggest widget. */
  suggestion(widget: Locator, label: string): Locator {
    return widget.locator('.monaco-list-row .label-name').filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) }).first();
  }

  /** Moves the cursor to a 1-based line with Go to Line (Ctrl+G), which also scrolls it into view. */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.editor().locator('.view-lines').click();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and filters it to `filter`. */
  async showProblems(filter: string): Promise<Locator> {
    await this.page.keyboard.press('Control+Shift+M');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor();
    await this.panelFilter().fill(filter);
    return panel;
  }

  /** The filter box of the visible panel view (Problems, Output). */
  panelFilter(): Locator {
    return this.page.locator('.panel .viewpane-filter input').filter({ visible: true }).first();
  }

  /** Clears the visible panel view's filter, which hides Problems and Output lines that do not match it. */
  async clearPanelFilter(): Promise<void> {
    await this.panelFilter().fill('');
  }

  /** A Problems row whose text contains every fragment. */
  problem(panel: Locator, ...fragments: string[]): Locator {
    let row = panel.locator('.monaco-list-row');
    for (const f of fragments) row = row.filter({ hasText: f });
    return row.first();
  }

  /** Types text at the end of the active editor, on a new line, without any key triggering a suggestion. */
  async appendLine(text: string): Promise<void> {
    await this.editor().locator('.view-lines').click();
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.insertText(text);
  }

  /** Asks for completion at the cursor (Ctrl+Space) and returns the suggest widget. */
  async triggerCompletion(): Promise<Locator> {
    await this.page.keyboard.press('Control+Space');
    const widget = this.page.locator('.suggest-widget.visible');
    await widget.waitFor();
    return widget;
  }

  /** Hovers the editor token with exactly this text on the line starting with `linePrefix`; returns the hover. */
  async hoverToken(linePrefix: string, token: string): Promise<Locator> {
    const span = this.editorLine(linePrefix).locator('span span', { hasText: new RegExp(`^${escapeRegExp(token)}$`) }).first();
    await span.hover();
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor();
    return hover;
  }

  /**
   * Puts the keyboard focus in the active editor, scrolled to the top. VS Code computes code lenses
   * only while the editor has focus (a blur cancels the pending request), as when a user clicks into a
   * file. The click lands on the editor's visible top line, right of any code lens link.
   */
  async focusEditor(): Promise<void> {
    await this.editor().click({ position: { x: 600, y: 10 } });
    await this.page.keyboard.press('Control+Home');
  }

  /** The code lens links shown in the active editor. */
  codeLenses(): Locator {
    return this.editor().locator('.codelens-decoration');
  }

  /** Clicks `title` (Run, Debug, Deploy) in the first run's code lens of the active editor. */
  async clickRunLens(title: string): Promise<void> {
    await this.focusEditor();
    const lens = this.codeLenses().filter({ hasText: 'Deploy' }).first();
    await lens.locator('a', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }).first().click();
  }

  /** The button `title` of a notification toast. */
  notificationButton(toast: Locator, title: string): Locator {
    return toast.locator('.monaco-button', { hasText: title }).first();
  }

  /** Dismisses every notification, so the next one waited for is a new one. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden' });
  }

  /** Waits (up to `timeout` ms) until the notification toast containing `fragment` is shown and its fade-in has finished. */
  async notification(fragment: string, timeout = UI_TIMEOUT): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: fragment }).first();
    await toast.waitFor({ timeout });
    await this.page.locator('.notifications-toasts').evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    return toast;
  }

  /** Runs a command by its title from the Command Palette (F1). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Shows an output channel (Output: Show Output Channels…) and returns the Output view's editor. */
  async showOutputChannel(name: string): Promise<Locator> {
    await this.runCommand('Output: Show Output Channels...');
    const input = this.page.locator('.quick-input-widget input');
    await input.fill(name);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${escapeRegExp(name)}`) }).first().waitFor();
    await this.page.keyboard.press('Enter');
    return this.outputView();
  }

  /** The text editor of the Output view. */
  outputView(): Locator {
    return this.page.locator('.pane-body.output-view .monaco-editor .view-lines').first();
  }

  /** The Run and Debug view's Call Stack rows that contain `text` (threads and their frames). */
  callStackRow(text: string | RegExp): Locator {
    return this.page.locator('.debug-call-stack .monaco-list-row', { hasText: text }).first();
  }

  /** The Run and Debug view's Variables rows that contain `text` (scopes and variables). */
  variablesRow(text: string | RegExp): Locator {
    return this.page.locator('.debug-variables .monaco-list-row', { hasText: text }).first();
  }

  /** The Debug Console's lines (shown first). */
  async showDebugConsole(): Promise<Locator> {
    await this.runCommand('Debug Console: Focus on Debug Console View');
    return this.page.locator('.repl').first();
  }

  /** The RPA Sessions status bar item. */
  statusItem(): Locator {
    return this.page.locator('.statusbar-item[id$="rpa.status"]').first();
  }

  /** The activity bar item of a view container, by its title. */
  activityItem(title: string): Locator {
    return this.page.locator(`.part.activitybar .action-item a[aria-label^="${title}"]`).first();
  }

  /** Opens a view container from its activity bar item (unless it is open already) and returns its tree rows. */
  async showSideBarView(title: string): Promise<Locator> {
    const item = this.activityItem(title);
    await item.waitFor();
    // Clicking the item of the container already shown would hide the side bar.
    if (!(await item.locator('xpath=..').getAttribute('class'))?.split(' ').includes('checked')) await item.click();
    const rows = this.page.locator('.part.sidebar .monaco-list-row');
    await rows.first().waitFor();
    return rows;
  }

  /** The side bar tree row whose label is exactly `label` (its description and icon are inside it). */
  sideBarRow(label: string): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();
  }

  /** Clicks a tree row's inline action (shown on hover) by its title. */
  async clickRowAction(row: Locator, title: string): Promise<void> {
    await row.hover();
    await row.locator(`.actions .action-label[aria-label^="${title}"]`).first().click();
  }

  /** Right-clicks a tree row and chooses `item` in its context menu. */
  async rowContextMenu(row: Locator, item: string): Promise<void> {
    await row.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    // A click right after the menu opened can be taken for the end of the right-click: hover, then Enter.
    await menu.locator('.action-item', { hasText: new RegExp(`^\\s*${escapeRegExp(item)}`) }).first().hover();
    await menu.locator('.action-item.focused', { hasText: new RegExp(`^\\s*${escapeRegExp(item)}`) }).waitFor();
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
  }

  /** The text box of the quick input (VS Code's own save dialog in the browser) once its value ends with `suffix`. */
  async quickInputEndingWith(suffix: string): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await this.page.waitForFunction((end) => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith(end), suffix);
    return input;
  }

  /** The modal dialog (a confirmation) that is shown now. */
  async dialog(): Promise<Locator> {
    const box = this.page.locator('.monaco-dialog-box').first();
    await box.waitFor();
    return box;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
