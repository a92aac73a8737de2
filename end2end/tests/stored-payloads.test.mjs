// Issue 14, item 7: hostile values a user stores are shown as text, never run — with JavaScript off
// and hydrated. A display name and a full name carrying script are saved, then shown by the header,
// the task list, the personal section (echoed after a refusal), the check-answers page, and a
// reviewer's queue search. No script of theirs runs (no dialog, no flag set), and the text reads
// as typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, visit, settled, withScreenshots, residentId, PHONE } from './support.mjs';
import { submitForm, applicationPath, openSection } from './wizard.mjs';

const NAME = '<img src=x onerror="window.__xss=1;alert(1)">';
const FULL_NAME = '"><script>window.__xss=2;alert(2)</script>';
const SEARCH = '</title><svg onload=window.__xss=3>';

/** No payload ran on this page: no dialog opened, no flag set. */
async function nothingRan(page, where, dialogs) {
  assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
  if (page.mode === 'hydrated') {
    assert.equal(await page.evaluate(() => window.__xss ?? null), null, `${where}: a stored payload ran`);
  }
  assert.equal(await page.locator('script:has-text("__xss")').count(), 0, `${where}: the payload is a script element`);
  assert.equal(await page.locator('img[src="x"], svg[onload]').count(), 0, `${where}: the payload is markup`);
}

for (const mode of ['ssr', 'hydrated']) {
  test(`stored hostile values are shown as text, never run (${mode})`, async () => {
    const { browser, pages, open, desk } = await session(mode);
    const stamp = `${Date.now()}`.slice(-9);
    try {
      await withScreenshots(`stored-payloads-${mode}`, () => pages, async () => {
        const phone = await open(PHONE);
        const dialogs = [];
        phone.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });

        await visit(phone, '/register');
        await phone.fill('#username', `e2e.xss.${mode}.${stamp}`);
        await phone.fill('#display_name', NAME);
        await phone.fill('#password', 'a long password');
        await submitForm(phone, 'main button[type=submit]');
        await visit(phone, '/applications/new');
        await submitForm(phone, 'main button[type=submit]');
        const app = applicationPath(phone);
        assert.equal((await phone.textContent('[data-testid=who]')).split(' · ')[0].trim(), NAME, 'the header shows the name as typed');
        await nothingRan(phone, 'task list', dialogs);

        await openSection(phone, 'personal');
        await phone.fill('#full_name', FULL_NAME);
        await phone.fill('#id_number', residentId(`44011119900307${stamp.slice(-3)}`));
        await phone.fill('#email', 'xss@example.cn');
        await submitForm(phone, 'main form:has(#full_name) button[type=submit]');
        // Refused or kept, the field holds the text as typed and nothing ran.
        assert.equal(await phone.inputValue('#full_name'), FULL_NAME);
        await nothingRan(phone, 'personal section', dialogs);
        for (const path of [app, `${app}/check`, '/applications', '/inbox']) {
          await visit(phone, path);
          await nothingRan(phone, path, dialogs);
        }

        const official = await desk('handling');
        const officialDialogs = [];
        official.on('dialog', async (d) => { officialDialogs.push(d.message()); await d.dismiss(); });
        await visit(official, `/review?q=${encodeURIComponent(SEARCH)}`);
        assert.equal(await official.inputValue('#q'), SEARCH, 'the search reads as typed');
        assert.match(await official.title(), /审核|Review|云聚英才卡/);
        await nothingRan(official, 'review queue', officialDialogs);
        await settled(official);
      });
    } finally {
      await browser.close();
    }
  });
}
