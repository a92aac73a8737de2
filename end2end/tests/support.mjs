// Shared by the browser tests: launching Debian's Chromium, signing in, valid test identities.
import { chromium } from 'playwright-core';
import { appendFileSync, mkdirSync } from 'node:fs';

export const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
export const PASSWORD = 'Demo@2026'; // the demo accounts' password (README)
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A browser context in one of the two modes: 'ssr' (JavaScript off) or 'hydrated'. */
export async function newPage(browser, mode, viewport) {
  const context = await browser.newContext({ javaScriptEnabled: mode === 'hydrated', viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.mode = mode;
  watchForPersonalData(page);
  return page;
}

// Issue 10, item 2: no personal data in any URL. Every URL a page requests is written to
// URL_LOG, and every name, ID number, phone, e-mail and password a test types, and every session
// token the server sets, to TYPED_LOG; the last test (zz-urls.test.mjs) looks for the one in the
// other, and in every line of the server's log.
export const URL_LOG = new URL('../.urls.log', import.meta.url);
export const TYPED_LOG = new URL('../.typed.log', import.meta.url);
const PERSONAL_FIELD = /#(full_name|id_number|phone|email|display_name|password)\b/;
// Issue 14, item 2: the session tokens the server hands out, which its log must never hold either.
const SESSION_COOKIE = /(?:^|\n|,\s*)(?:__Host-)?yj_session=([^;\s]{16,})/g;

function watchForPersonalData(page) {
  page.on('request', (request) => appendFileSync(URL_LOG, request.url() + '\n'));
  page.on('response', async (response) => {
    const set = await response.headerValue('set-cookie').catch(() => null);
    for (const m of (set || '').matchAll(SESSION_COOKIE)) appendFileSync(TYPED_LOG, m[1] + '\n');
  });
  const fill = page.fill.bind(page);
  page.fill = async (selector, value, options) => {
    if (PERSONAL_FIELD.test(selector) && String(value).trim().length >= 3) appendFileSync(TYPED_LOG, String(value).trim() + '\n');
    return fill(selector, value, options);
  };
}

/** Goes to a path; in the hydrated run, waits until the WASM has taken over the page. */
export async function visit(page, path) {
  await page.goto((page.base ?? BASE) + path);
  await settled(page);
}

/** After a navigation: in the hydrated run, clicks before hydration would be lost. */
export async function settled(page) {
  await page.waitForLoadState('load');
  if (page.mode === 'hydrated') {
    await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
  }
}

export async function signIn(page, username, password = PASSWORD) {
  await visit(page, '/login');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('main button[type=submit]');
  await page.waitForURL((url) => url.pathname !== '/login', { timeout: 15000 });
  await settled(page);
}

/** A browser for one test: `open(viewport)` makes a page in `mode` (kept in `pages` for the
 *  screenshots of a failure), `desk(who, base)` a desktop page signed in as that demo account (on the server at `base`,
 *  `BASE` unless another instance is named). */
export async function session(mode) {
  const browser = await launch();
  const pages = [];
  const open = async (viewport) => { const p = await newPage(browser, mode, viewport); pages.push(p); return p; };
  const desk = async (who, base = BASE) => { const p = await open(DESKTOP); p.base = base; await signIn(p, who); return p; };
  return { browser, pages, open, desk };
}

/** Runs `body`; on failure saves a screenshot of every page given, then rethrows. */
export async function withScreenshots(name, pages, body) {
  try {
    await body();
  } catch (e) {
    mkdirSync('screenshots', { recursive: true });
    for (const [i, p] of pages().entries()) {
      await p.screenshot({ path: `screenshots/${name}-${i}.png`, fullPage: true }).catch(() => {});
    }
    throw e;
  }
}

// GB 11643 resident ID: 17 digits and a check character.
export function residentId(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

// GB 32100 unified social credit code: 17 characters and a check character.
export function creditCode(first17) {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + chars.indexOf(c) * w[i], 0);
  return first17 + chars[(31 - (sum % 31)) % 31];
}

// A bank card number with a Luhn check digit.
export function cardNumber(body) {
  const sum = [...body].reverse().reduce((s, ch, i) => {
    let d = Number(ch);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    return s + d;
  }, 0);
  return body + String((10 - (sum % 10)) % 10);
}

/** The last day of the 5-year period for a card issued today in China (Art. 6). */
export function validUntilForToday() {
  const now = new Date(Date.now() + 8 * 3600 * 1000); // UTC+8
  const eve = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1));
  const y = eve.getUTCFullYear() + 5, m = eve.getUTCMonth();
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(eve.getUTCDate(), lastDay);
  return `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
