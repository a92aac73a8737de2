// What a browser receives around the page (issue 17): a title per page in the page's language, the
// browser's language on a first visit, the icons and manifest that put the site on a home screen,
// compressed and year-cached assets, and downloads that keep their (Chinese) names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, visit, signIn, DESKTOP } from './support.mjs';

/** A JavaScript-off page whose browser asks for `locale` (Accept-Language), without the cookie. */
async function pageIn(browser, locale) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP, locale });
  const page = await context.newPage();
  page.mode = 'ssr';
  return page;
}

const routes = [
  [null, '/login'], [null, '/register'], [null, '/eligibility'],
  ['applicant', '/applications'], ['handling', '/review'], ['hrss', '/dashboard'],
  ['talent_office', '/decisions'], ['hospital', '/verify'], ['admin', '/admin/routing'],
];

for (const [locale, lang, site] of [['zh-CN', 'zh-CN', '云聚英才卡'], ['en-US', 'en', 'Yunju Talent Card']]) {
  test(`each page is titled in the reader's language, which a first visit takes from the browser (${lang})`, async () => {
    const browser = await launch();
    try {
      const page = await pageIn(browser, locale);
      await visit(page, '/');
      assert.equal(await page.getAttribute('html', 'lang'), lang, 'the first visit follows Accept-Language');
      assert.equal(await page.title(), site);
      const titles = new Set();
      let signedIn = null;
      for (const [who, path] of routes) {
        if (who !== signedIn) {
          if (signedIn) await page.context().clearCookies();
          if (who) await signIn(page, who);
          signedIn = who;
        }
        await visit(page, path);
        assert.equal(await page.getAttribute('html', 'lang'), lang, path);
        const heading = (await page.textContent('h1')).trim();
        assert.equal(await page.title(), `${heading} · ${site}`, `${path}: the title names the page`);
        titles.add(await page.title());
      }
      assert.equal(titles.size, routes.length, 'no two pages share a title');
    } finally {
      await browser.close();
    }
  });
}

test('the site can go on a home screen: favicon, touch icon, manifest', async () => {
  const browser = await launch();
  try {
    const page = await pageIn(browser, 'zh-CN');
    await visit(page, '/');
    for (const rel of ['icon', 'apple-touch-icon', 'manifest']) {
      const href = await page.getAttribute(`link[rel="${rel}"]`, 'href');
      const res = await page.request.get(BASE + href);
      assert.equal(res.status(), 200, `${rel}: ${href}`);
    }
    const favicon = await page.request.get(`${BASE}/favicon.ico`);
    assert.equal(favicon.status(), 200);
    const manifest = await (await page.request.get(`${BASE}/manifest.webmanifest`)).json();
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, '/');
    assert.ok(manifest.name && manifest.short_name && manifest.theme_color);
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i) => i.sizes === size);
      assert.ok(icon, `an icon of ${size}`);
      const res = await page.request.get(BASE + icon.src);
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'image/png');
    }
  } finally {
    await browser.close();
  }
});

test('the WASM, JS and CSS arrive compressed and are kept for a year; pages are compressed', async () => {
  const browser = await launch();
  try {
    const page = await pageIn(browser, 'zh-CN');
    await visit(page, '/login');
    const assets = [
      await page.getAttribute('link[rel="modulepreload"]', 'href'),
      await page.getAttribute('link[rel="preload"][as="fetch"]', 'href'),
      await page.getAttribute('link[rel="stylesheet"]', 'href'),
    ];
    for (const href of assets) {
      assert.match(href, /^\/pkg\/yunju\.[0-9a-f]{16}\.(js|wasm|css)$/, 'named by a hash of the content');
      for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip']]) {
        const res = await page.request.get(BASE + href, { headers: { 'accept-encoding': accept } });
        assert.equal(res.status(), 200, href);
        assert.equal(res.headers()['content-encoding'], encoding, `${href} for ${accept}`);
        assert.equal(res.headers()['cache-control'], 'public, max-age=31536000, immutable', href);
      }
    }
    // Pages: gzip on the fly (Brotli per response costs too much CPU; server/src/lib.rs).
    const res = await page.request.get(`${BASE}/login`, { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(res.headers()['content-encoding'], 'gzip');
    assert.notEqual(res.headers()['cache-control'], 'public, max-age=31536000, immutable');
  } finally {
    await browser.close();
  }
});

test('a download keeps its Chinese name (RFC 6266), named in the reader\'s language', async () => {
  const browser = await launch();
  try {
    const page = await pageIn(browser, 'zh-CN');
    await signIn(page, 'handling');
    const zh = await page.request.get(`${BASE}/review/queue.csv`);
    assert.equal(zh.status(), 200);
    const disposition = zh.headers()['content-disposition'];
    assert.match(disposition, /^attachment; filename="queue-[^"]+\.csv"; filename\*=UTF-8''/);
    const name = decodeURIComponent(disposition.split("filename*=UTF-8''")[1]);
    assert.match(name, /^审核队列-.+\.csv$/, name);
    // What the browser saves: the Chinese name.
    await visit(page, '/review');
    const link = page.locator('a[href^="/review/queue.csv"]').first();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^审核队列-.+\.csv$/);
  } finally {
    await browser.close();
  }
});
