// Chromium (Debian's /usr/bin/chromium) driven by playwright-core, plus helpers for the VS Code workbench.
import { mkdirSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export async function launchBrowser(profileDir, logFile) {
  mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1600, height: 1000 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') log.write(`[${m.type()}] ${m.text()}\n`); });
  page.on('pageerror', (e) => log.write(`[pageerror] ${e.message}\n`));
  return { context, page, close: async () => { await context.close().catch(() => {}); log.end(); } };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (async, returns a value or undefined/false) until truthy; throws `what` with the last state. */
export async function poll(probe, { timeoutMs = 30_000, everyMs = 500, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last !== undefined && last !== false ? ` (last: ${JSON.stringify(last)})` : ''}`);
    await sleep(everyMs);
  }
}

export async function waitForWorkbench(page, timeoutMs = 90_000) {
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  // the explorer or at least the activity bar is rendered once the workbench has restored
  await page.waitForSelector('.part.activitybar, .part.statusbar', { timeout: timeoutMs });
}

/** Runs a command by its palette title: F1, type, pick the first match (or the exact `label`). */
export async function runCommand(page, title, { label, timeoutMs = 15_000 } = {}) {
  await closeQuickInput(page);
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  try {
    await input.waitFor({ state: 'visible', timeout: 5_000 });
  } catch {
    // The keys went somewhere else (a webview or a widget that kept the focus): click the side bar's title, press again.
    await page.keyboard.press('Escape');
    await page.locator('.part.sidebar .composite.title, .part.statusbar').first().click({ position: { x: 10, y: 5 } }).catch(() => {});
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
  }
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label ?? title }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
}

/** Quick Open (Ctrl+P) a file by name. */
export async function quickOpen(page, name) {
  // A file created after an earlier Quick Open may be missing from the file-search results for a while: ask again.
  for (let attempt = 1; ; attempt++) {
    await closeQuickInput(page);
    await focusWorkbench(page);
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(name);
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: attempt < 4 ? 5_000 : 15_000 });
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
      await page.keyboard.press('Escape');
      await sleep(1000);
    }
  }
  // Click the row that names the file: Enter opens the top row, which a fuzzy match or a recently opened file can take.
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await page.locator(`.tabs-container .tab[aria-label*="${name}"], .tabs-container .tab:has-text("${name}")`).first()
    .waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** Takes the keyboard focus out of a webview (a panel that handles its own keys), back to the workbench. */
export async function focusWorkbench(page) {
  await page.evaluate(() => {
    const active = document.activeElement;
    if (active && active.tagName === 'IFRAME') active.blur();
  });
}

export async function closeQuickInput(page) {
  if (await page.locator('.quick-input-widget').isVisible().catch(() => false)) await page.keyboard.press('Escape');
}

/** Picks an item in an open quick pick (after a command asked for a choice). */
export async function pickQuickItem(page, text, timeoutMs = 30_000) {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
}

/** Visible notification toasts' texts. */
export async function notifications(page) {
  return page.locator('.notifications-toasts .notification-list-item-message')
    .evaluateAll((els) => els.map((e) => (e.innerText || e.textContent || '').trim()));
}

/**
 * The content frame of a webview whose document matches `selector`: VS Code nests it as
 * iframe.webview.ready → #active-frame. Polls every frame of the page.
 */
export async function webviewFrame(page, selector, timeoutMs = 60_000) {
  return poll(async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const found = await frame.$(selector).catch(() => null);
      if (found) return frame;
    }
    return undefined;
  }, { timeoutMs, what: `a webview containing ${selector}` });
}

/** Closes editors and the bottom panel so the next view gets the whole editor area (best effort). */
export async function tidy(page) {
  try { await runCommand(page, 'View: Close All Editors', { timeoutMs: 5000 }); } catch { await closeQuickInput(page); }
  if (await page.locator('.part.panel').isVisible().catch(() => false)) {
    try { await runCommand(page, 'View: Hide Panel', { timeoutMs: 5000 }); } catch { await closeQuickInput(page); }
  }
}

export async function screenshot(page, file) {
  mkdirSync(path.dirname(file), { recursive: true });
  await page.mouse.move(800, 995); // no hover tooltips in the picture
  await sleep(300);
  await page.screenshot({ path: file });
  return file;
}
