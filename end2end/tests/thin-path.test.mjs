// The walking skeleton in a real browser (issue 2): an applicant registers on a phone, applies and
// submits; the handling dept, the industry dept, HRSS and the talent office each pass it from their
// queue; the bank records a card number; a hospital verifies the card. Once with JavaScript off
// (pure SSR forms) and once hydrated. RULES.md Art. 3, 5, 6; SYSTEM.md "Verification".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, session, visit, settled, signIn, withScreenshots, residentId, creditCode, cardNumber,
  validUntilForToday, PHONE, DESKTOP,
} from './support.mjs';
import { submitForm, applicationPath, fillValidApplication, checkAndSubmit } from './wizard.mjs';

for (const mode of ['ssr', 'hydrated']) {
  test(`thin path from application to verified card (${mode})`, async () => {
    const { browser, pages, open } = await session(mode);
    const stamp = `${Date.now()}`.slice(-9);
    const idNumber = residentId(`44011119900307${stamp.slice(-3)}`);
    const card = cardNumber(`6222${stamp}${mode === 'ssr' ? '01' : '02'}`);
    try {
      await withScreenshots(`thin-path-${mode}`, () => pages, async () => {
        // Applicant, on a phone: register.
        const phone = await open(PHONE);
        await visit(phone, '/register');
        await phone.fill('#username', `e2e.${mode}.${stamp}`);
        await phone.fill('#display_name', '张三明');
        await phone.fill('#password', 'a long password');
        await phone.click('main button[type=submit]');
        await phone.waitForURL('**/applications');
        await settled(phone);

        // Start an application and fill every section (the wizard's own test covers bad input).
        await phone.click('a[href="/applications/new"]');
        await phone.waitForURL('**/applications/new');
        await settled(phone);
        await submitForm(phone, 'main button[type=submit]');
        const caseUrl = applicationPath(phone);
        await fillValidApplication(phone, { idNumber, creditCode: creditCode('91440111MA59E2E00') });
        const reference = await checkAndSubmit(phone);
        assert.match(reference, /^YJ-\d{4}-\d{6}$/);
        await visit(phone, caseUrl);
        assert.match(await phone.textContent('[data-testid=status]'), /预审中/);

        // Each reviewing body passes it from its own queue, with an opinion (Art. 5(2)–(5)).
        for (const [who, command, next] of [
          ['handling', 'pass', '初审中'],
          ['industry_kgxj', 'pass', '复审中'],
          ['hrss', 'pass', '待审定'],
          ['talent_office', 'approve', '待送银行制卡'],
        ]) {
          const desk = await open(DESKTOP);
          await signIn(desk, who);
          assert.equal(new URL(desk.url()).pathname, '/review');
          await desk.click(`a:text-is("${reference}")`);
          await desk.waitForURL(/\/review\/\d+$/);
          await settled(desk);
          await desk.fill('#opinion', `${who}：材料齐全，同意。`);
          await desk.click(`button[value=${command}]`);
          await desk.waitForURL((url) => url.pathname === '/review');
          await settled(desk);
          await visit(phone, caseUrl);
          assert.match(await phone.textContent('[data-testid=status]'), new RegExp(next), `after ${who}`);
        }

        // HRSS sends it to the bank (Art. 5(6)); the bank records the card number; the Talent
        // Office issues it (Art. 5(7)) for 5 years (Art. 6).
        const hrss = await open(DESKTOP);
        await signIn(hrss, 'hrss');
        await visit(hrss, '/cards/orders');
        await hrss.click('[data-testid=send-batch]');
        await hrss.waitForSelector('[data-testid=no-approved]');
        const bank = await open(DESKTOP);
        await signIn(bank, 'bank');
        const order = bank.locator(`section.order[data-reference="${reference}"]`);
        await order.locator('input[name=card_number]').fill(card);
        await order.locator('form:has(input[name=card_number]) button[type=submit]').click();
        await bank.waitForSelector(`section.order[data-reference="${reference}"]`, { state: 'detached' });
        await visit(phone, caseUrl);
        assert.match(await phone.textContent('[data-testid=status]'), /待发卡/);
        const office = await open(DESKTOP);
        await signIn(office, 'talent_office');
        await visit(office, '/cards/issue');
        await office.click('[data-testid=issue-cards]');
        await office.waitForSelector('[data-testid=no-made-cards]');

        await visit(phone, caseUrl);
        assert.match(await phone.textContent('[data-testid=status]'), /已发卡/);
        assert.equal((await phone.textContent('[data-testid=card-number]')).trim(), card);
        assert.equal((await phone.textContent('[data-testid=valid-until]')).trim(), validUntilForToday());

        // A hospital checks the card: valid, the masked name, its own services only.
        const counter = await open(DESKTOP);
        await signIn(counter, 'hospital');
        const check = async (cardNo, id) => {
          await counter.fill('#card_number', cardNo);
          await counter.fill('#id_number', id);
          const before = counter.url();
          await counter.click('form:has(#card_number) button[type=submit]');
          await counter.waitForURL((url) => /^\/verify$/.test(url.pathname) && url.search.startsWith('?v=') && url.href !== before);
          await settled(counter);
          // The verdict of this very check, not the one before it.
          const checkId = new URL(counter.url()).searchParams.get('v');
          const verdict = counter.locator(`[data-testid=verdict][data-check="${checkId}"]`);
          await verdict.waitFor();
          return verdict;
        };
        let verdict = await check(card, idNumber);
        assert.match(await verdict.textContent(), /有效/);
        assert.equal((await counter.textContent('[data-testid=masked-name]')).trim(), '张*明');
        assert.match(await verdict.textContent(), /医疗保健/);
        assert.doesNotMatch(await counter.content(), new RegExp(idNumber), 'the ID number is shown to the provider');

        // A wrong ID and an unknown card get the very same answer.
        const wrong = residentId(`44011119850101${stamp.slice(-3)}`);
        const answers = [];
        for (const [c, id] of [[card, wrong], [cardNumber(`6299${stamp}99`), idNumber]]) {
          verdict = await check(c, id);
          answers.push((await verdict.textContent()).trim());
        }
        assert.match(answers[0], /无效/);
        assert.equal(answers[0], answers[1]);
      });
    } finally {
      await browser.close();
    }
  });
}

test('every page offers English and remembers it', async () => {
  const browser = await launch();
  try {
    const page = await newPage(browser, 'ssr', DESKTOP);
    await visit(page, '/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await page.click('[data-testid=lang-switch]');
    await page.waitForSelector('html[lang=en]');
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.match(await page.textContent('h1'), /Sign in/);
    await visit(page, '/register');
    assert.match(await page.textContent('h1'), /Create an account/);
  } finally {
    await browser.close();
  }
});
