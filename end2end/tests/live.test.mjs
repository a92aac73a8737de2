// Issue 15: live pages. Two officials of the handling department work the same queue in two
// browser contexts: A passes a case; B's queue marks it and drops it without a reload, and B's
// open case page says it changed and reloads keeping the opinion B had typed. The applicant's
// page, open on a phone, shows the new status without a reload, and HRSS's dashboard its figures;
// the same again with B on another server process of the same database (BASE_URL_2, started by
// scripts/test.sh). Then the queue's search as one types, "also open by", and the keys.
// Hydrated only: with JavaScript off the pages are the plain ones every other test walks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { session, visit, settled, withScreenshots, residentId, creditCode, PHONE, BASE } from './support.mjs';
import { submitForm, applicationPath, fillValidApplication, checkAndSubmit } from './wizard.mjs';
import { expectAccessible } from './a11y.mjs';

const DATABASE = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/yunju_e2e';

const SECOND = process.env.BASE_URL_2;

/** A second official of the handling department (the demo has one account per body): the same
 *  password, another account. */
function secondHandlingOfficial() {
  execFileSync('psql', [DATABASE, '-qc',
    `INSERT INTO users (username, password_hash, role, display_name)
     SELECT 'handling.b', password_hash, role, '经办部门 预审员乙' FROM users WHERE username = 'handling'
     ON CONFLICT (username) DO NOTHING`]);
}

/** An applicant files a case on a phone (`n` keeps the ID numbers of one run apart); the phone's
 *  page, the case's address and its reference. */
async function fileCase(open, stamp, n) {
  const phone = await open(PHONE);
  await visit(phone, '/register');
  await phone.fill('#username', `live.${stamp}.${n}`);
  await phone.fill('#display_name', '林一帆');
  await phone.fill('#password', 'a long password');
  await submitForm(phone, 'main button[type=submit]');
  await visit(phone, '/applications/new');
  await submitForm(phone, 'main button[type=submit]');
  const app = applicationPath(phone);
  const serial = String((Number(stamp.slice(-3)) + 331 * n) % 1000).padStart(3, '0');
  await fillValidApplication(phone, {
    idNumber: residentId(`44011119900307${serial}`), creditCode: creditCode('91440111MA59E2E00'), name: '林一帆',
  });
  const reference = await checkAndSubmit(phone);
  await visit(phone, app);
  assert.match(await phone.textContent('[data-testid=status]'), /预审中/);
  return { phone, app, reference };
}

for (const [n, where, bBase] of [[1, 'one server', BASE], [2, 'two server processes', SECOND]]) {
  test(`a colleague's pass shows on the other official's queue and case page, and on the applicant's page, without a reload (hydrated, ${where})`,
    { skip: !bBase && 'BASE_URL_2 not set (scripts/test.sh starts a second instance)' }, async () => {
      const { browser, pages, open, desk } = await session('hydrated');
      const stamp = `${Date.now()}`.slice(-9);
      try {
        await withScreenshots(`live-${n}`, () => pages, async () => {
          secondHandlingOfficial();
          // The applicant files a case on a phone and keeps its page open.
          const { phone, reference } = await fileCase(open, stamp, n);

          // B: the queue, searched for the case, and the case itself in another tab, an opinion typed.
          const b = await desk('handling.b', bBase);
          await visit(b, `/review?q=${encodeURIComponent(reference)}`);
          const row = b.locator('table.queue tbody tr');
          assert.equal(await row.count(), 1);
          const caseId = await row.getAttribute('data-case');
          const bCase = await desk('handling.b', bBase);
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
}

test('the queue follows its search as one types, takes its keys, and a case page says who else has it open (hydrated)', async () => {
  const { browser, pages, open, desk } = await session('hydrated');
  const stamp = `${Date.now()}`.slice(-9);
  const presence = (page) => page.evaluate(() => document.querySelector('[data-live-presence]')?.textContent ?? '');
  try {
    await withScreenshots('live-3', () => pages, async () => {
      secondHandlingOfficial();
      const { reference } = await fileCase(open, stamp, 3);

      // B searches the queue as it types: the list follows without a reload, the address with it.
      const b = await desk('handling.b');
      await visit(b, '/review');
      const all = await b.locator('table.queue tbody tr').count();
      await b.evaluate(() => { window.notReloaded = true; });
      const shows = (q, n) => b.waitForFunction(([q, n]) => (new URL(location.href).searchParams.get('q') ?? '') === q
        && document.querySelectorAll('table.queue tbody tr').length === n, [q, n], { timeout: 4000 });
      await b.locator('#q').pressSequentially('无此案件', { delay: 40 });
      await shows('无此案件', 0);
      await b.waitForFunction(() => /列表已更新：0 件/.test(document.querySelector('[data-live-filter-status]')?.textContent ?? ''), null, { timeout: 2000 });
      // Emptied, the whole queue again, and an address without the search.
      await b.fill('#q', '');
      await shows('', all);
      assert.equal(new URL(b.url()).search, '');
      await b.locator('#q').pressSequentially(reference, { delay: 40 });
      await shows(reference, 1);
      assert.match(await b.textContent('table.queue tbody tr'), new RegExp(reference));
      assert.ok(await b.evaluate(() => window.notReloaded === true), 'no reload');
      assert.equal(await b.inputValue('#q'), reference, 'what was typed stays');
      await b.waitForFunction(() => /列表已更新：1 件/.test(document.querySelector('[data-live-filter-status]')?.textContent ?? ''), null, { timeout: 2000 });
      const caseId = await b.locator('table.queue tbody tr').getAttribute('data-case');
      // The address gives the same list when reloaded (or shared).
      await b.reload();
      await settled(b);
      assert.equal(await b.locator('table.queue tbody tr').count(), 1);
      assert.equal(await b.inputValue('#q'), reference);

      // The keys: j selects the first row, o opens it; on the case page c goes to the opinion box.
      await b.keyboard.press('j');
      assert.equal(await b.evaluate(() => document.activeElement?.closest('tr')?.dataset.case), caseId);
      await Promise.all([b.waitForNavigation(), b.keyboard.press('o')]);
      await settled(b);
      assert.equal(new URL(b.url()).pathname, `/review/${caseId}`);
      await b.keyboard.press('c');
      assert.equal(await b.evaluate(() => document.activeElement?.id), 'opinion');
      // In a box a key is the text's.
      await b.keyboard.type('?j');
      assert.equal(await b.inputValue('#opinion'), '?j');
      assert.equal(await b.locator('#keys-help[open]').count(), 0);
      // Out of it, ? shows the help, a modal dialog (axe-checked); ? again, or Escape, closes it.
      await b.evaluate(() => document.activeElement.blur());
      await b.keyboard.press('?');
      await b.waitForSelector('#keys-help[open]');
      await expectAccessible(b, 'the keyboard help (hydrated)');
      await b.keyboard.press('?');
      await b.waitForSelector('#keys-help:not([open])', { state: 'attached' });
      // j on a case page opens the next case of the queue it came from (kept for the tab); not
      // with an opinion typed, which would be lost.
      await b.evaluate((id) => sessionStorage.setItem('yunju-queue', `/review/${id}\n/review/999999999`), caseId);
      await b.keyboard.press('j');
      await b.waitForTimeout(300);
      assert.equal(new URL(b.url()).pathname, `/review/${caseId}`);
      assert.equal(await b.inputValue('#opinion'), '?j');
      await b.fill('#opinion', '');
      await b.evaluate(() => document.activeElement.blur());
      await Promise.all([b.waitForNavigation(), b.keyboard.press('j')]);
      assert.equal(new URL(b.url()).pathname, '/review/999999999');
      await visit(b, `/review/${caseId}`);
      // Switched off in the help, a key is only a key (WCAG 2.1.4).
      await b.click('[data-keys-open]');
      await b.uncheck('#keys-on');
      await b.keyboard.press('Escape');
      await b.keyboard.press('c');
      assert.notEqual(await b.evaluate(() => document.activeElement?.id), 'opinion', 'switched off');

      // A opens the same case: it says at once that a colleague of the handling department has it
      // open, since when; B's page hears of A at its next beat (every 20 s).
      const a = await desk('handling');
      await visit(a, `/review/${caseId}`);
      await a.waitForFunction(() => /^也在查看此案件：经办部门的同事（\d\d:\d\d 起）$/.test(document.querySelector('[data-live-presence]')?.textContent ?? ''), null, { timeout: 5000 });
      assert.doesNotMatch(await presence(a), /预审员乙/, 'a body, never a name');
      await expectAccessible(a, '/review/{id} saying who else has it open (hydrated)');
      await b.waitForFunction(() => /^也在查看此案件：经办部门的同事/.test(document.querySelector('[data-live-presence]')?.textContent ?? ''), null, { timeout: 25000 });
      // B closes the page: at A's next beat, nobody else.
      await b.close({ runBeforeUnload: true });
      await a.waitForFunction(() => (document.querySelector('[data-live-presence]')?.textContent ?? 'x') === '', null, { timeout: 25000 });
    });
  } finally {
    await browser.close();
  }
});
