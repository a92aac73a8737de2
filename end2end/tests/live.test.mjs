// Issue 15: live pages. Two officials of the handling department work the same queue in two
// browser contexts: A passes a case; B's queue marks it and drops it without a reload, and B's
// open case page says it changed and reloads keeping the opinion B had typed. The applicant's
// page, open on a phone, shows the new status without a reload, and HRSS's dashboard its figures. Hydrated only: with JavaScript
// off the pages are the plain ones every other test walks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { session, visit, withScreenshots, residentId, creditCode, PHONE } from './support.mjs';
import { submitForm, applicationPath, fillValidApplication, checkAndSubmit } from './wizard.mjs';
import { expectAccessible } from './a11y.mjs';

const DATABASE = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/yunju_e2e';

test('a colleague\'s pass shows on the other official\'s queue and case page, and on the applicant\'s page, without a reload (hydrated)', async () => {
  const { browser, pages, open, desk } = await session('hydrated');
  const stamp = `${Date.now()}`.slice(-9);
  try {
    await withScreenshots('live', () => pages, async () => {
      // A second official of the handling department (the demo has one account per body): the
      // same password, another account.
      execFileSync('psql', [DATABASE, '-qc',
        `INSERT INTO users (username, password_hash, role, display_name)
         SELECT 'handling.b', password_hash, role, '经办部门 预审员乙' FROM users WHERE username = 'handling'
         ON CONFLICT (username) DO NOTHING`]);

      // The applicant files a case on a phone and keeps its page open.
      const phone = await open(PHONE);
      await visit(phone, '/register');
      await phone.fill('#username', `live.${stamp}`);
      await phone.fill('#display_name', '林一帆');
      await phone.fill('#password', 'a long password');
      await submitForm(phone, 'main button[type=submit]');
      await visit(phone, '/applications/new');
      await submitForm(phone, 'main button[type=submit]');
      const app = applicationPath(phone);
      await fillValidApplication(phone, {
        idNumber: residentId(`44011119900307${stamp.slice(-3)}`), creditCode: creditCode('91440111MA59E2E00'), name: '林一帆',
      });
      const reference = await checkAndSubmit(phone);
      await visit(phone, app);
      assert.match(await phone.textContent('[data-testid=status]'), /预审中/);

      // B: the queue, searched for the case, and the case itself in another tab, an opinion typed.
      const b = await desk('handling.b');
      await visit(b, `/review?q=${encodeURIComponent(reference)}`);
      const row = b.locator('table.queue tbody tr');
      assert.equal(await row.count(), 1);
      const caseId = await row.getAttribute('data-case');
      const bCase = await desk('handling.b');
      await visit(bCase, `/review/${caseId}`);
      const typed = `乙的意见 ${stamp}：单位资格待核。`;
      await bCase.fill('#opinion', typed);

      // HRSS has the dashboard open.
      const dash = await desk('hrss');
      await visit(dash, '/dashboard');
      const stagesBefore = await dash.textContent('[data-testid=chart-stages]');

      // A passes it.
      const a = await desk('handling');
      await visit(a, `/review/${caseId}`);
      await a.fill('#opinion', '材料齐全，同意报送。');
      await submitForm(a, 'button[value=pass]');
      assert.equal(new URL(a.url()).pathname, '/review');
      const passed = Date.now();

      // B's queue: marked, said, and gone within 2 s, without a reload.
      await b.waitForSelector(`tr[data-case="${caseId}"][data-live-gone]`, { state: 'attached', timeout: 2000 });
      assert.match(await b.textContent('[data-live-note]'), new RegExp(`${reference}.*已由他人处理`));
      await b.waitForSelector(`tr[data-case="${caseId}"]`, { state: 'detached', timeout: Math.max(100, 2000 - (Date.now() - passed)) + 1000 });
      assert.ok(Date.now() - passed < 3000, `the row dropped out ${Date.now() - passed} ms after the pass`);
      await expectAccessible(b, '/review with a live note (hydrated)');

      // B's case page says it changed, B's opinion still in its box; shown again (no reload), it
      // has the case at first review, with nothing left for B to press.
      await bCase.waitForSelector('[data-live-note] button', { timeout: 2000 });
      assert.match(await bCase.textContent('[data-live-note]'), /此案件刚有变化/);
      assert.equal(await bCase.inputValue('#opinion'), typed);
      await expectAccessible(bCase, '/review/{id} with a live note (hydrated)');
      await bCase.click('[data-live-note] button');
      await bCase.waitForFunction(() => /初审中/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 3000 });
      assert.equal(await bCase.locator('button[value=pass]').count(), 0);
      assert.equal(await bCase.evaluate(() => document.activeElement?.tagName), 'H1', 'focus goes to the heading');

      // The dashboard's figures follow (the same chart component, rendered again by the server).
      await dash.waitForFunction((before) => document.querySelector('[data-testid=chart-stages]')?.textContent !== before, stagesBefore, { timeout: 4000 });
      await expectAccessible(dash, '/dashboard shown again (hydrated)');

      // The applicant's page follows: the new status, without a reload.
      await phone.waitForFunction(() => /初审中/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 3000 });
      assert.match(await phone.textContent('main'), /审核通过 → 初审中/, 'the timeline shows the step');
    });
  } finally {
    await browser.close();
  }
});
