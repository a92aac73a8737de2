// The applicant's journey on a phone (issue 3), with JavaScript off and hydrated:
// self-check → sign up → task list → every section (and each kind of bad input) → uploads →
// check answers → submit → the handling dept returns one section → the applicant corrects it →
// resubmits → the case is back with the stage that returned it. axe-core checks every page.
// RULES.md Art. 3 (eligibility), Art. 5(1) (apply online), Art. 6(2) (declaration).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, visit, settled, signIn, withScreenshots, residentId, creditCode, PHONE, DESKTOP } from './support.mjs';
import { submitForm, applicationPath, openSection, upload, checkAndSubmit, PNG, PDF, EXE } from './wizard.mjs';
import { expectAccessible } from './a11y.mjs';

for (const mode of ['ssr', 'hydrated']) {
  test(`an applicant applies, is asked to correct one section, and resubmits (${mode})`, async () => {
    const { browser, pages, open } = await session(mode);
    const stamp = `${Date.now()}`.slice(-9);
    const idNumber = residentId(`44011119880215${stamp.slice(-3)}`);
    const a11y = async (page) => expectAccessible(page, `${new URL(page.url()).pathname} (${mode})`);
    try {
      await withScreenshots(`journey-${mode}`, () => pages, async () => {
        const phone = await open(PHONE);

        // 1. Self-check, no sign-in: too few months is named, with its article.
        await visit(phone, '/eligibility');
        await a11y(phone);
        await phone.check('#employer_type-0');
        await phone.check('#registered_and_taxed-0');
        await phone.check('#operating_over_a_year-0');
        await phone.fill('#months_in_district', '5');
        await phone.selectOption('#talent_category', '5');
        await submitForm(phone, 'main form button[type=submit]');
        assert.match(await phone.textContent('[data-testid=verdict]'), /暂不符合[\s\S]*第三条[\s\S]*最少月数：\s*6/);
        assert.equal(await phone.inputValue('#months_in_district'), '5', 'the answer typed was lost');
        await phone.fill('#months_in_district', '12');
        await submitForm(phone, 'main form button[type=submit]');
        assert.match(await phone.textContent('[data-testid=verdict]'), /您可以申领/);
        await a11y(phone);

        // 2. Start → sign up (with the ID number) → back to the start, answers carried.
        await Promise.all([phone.waitForNavigation(), phone.click('[data-testid=verdict] a.button')]);
        await settled(phone);
        await a11y(phone);
        await Promise.all([phone.waitForNavigation(), phone.click('main a[href^="/register"]')]);
        await settled(phone);
        await a11y(phone);
        await phone.fill('#username', `e2e.j.${mode}.${stamp}`);
        await phone.fill('#display_name', '张三明');
        await phone.fill('#password', 'a long password');
        await phone.fill('#id_number', idNumber);
        await submitForm(phone, 'main button[type=submit]');
        assert.match(new URL(phone.url()).pathname + new URL(phone.url()).search, /^\/applications\/new\?employer_type=district_enterprise/);
        await submitForm(phone, 'main button[type=submit]');
        const app = applicationPath(phone);
        await a11y(phone);
        // The self-check's answers are in the draft: the residence section is already complete.
        assert.match(await phone.textContent('[data-testid=state-residence]'), /已完成/);
        assert.match(await phone.textContent('[data-testid=state-category]'), /未完成/);
        assert.match(await phone.textContent('[data-testid=state-personal]'), /未开始/);

        // 3. Personal details: every bad value is named at once and nothing typed is lost.
        await openSection(phone, 'personal');
        await a11y(phone);
        const wrongId = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
        const longName = '名'.repeat(5000);
        await phone.fill('#full_name', longName);
        await phone.check('#gender-1');
        await phone.fill('#birth_date', '2031-01-01');
        await phone.fill('#nationality', '');
        await phone.selectOption('#id_type', 'resident_id');
        await phone.fill('#id_number', wrongId);
        if (mode === 'hydrated') {
          // The same parser, compiled to WASM, answers as soon as the field is left.
          await phone.press('#id_number', 'Tab');
          await phone.waitForSelector('#id_number-error:has-text("校验位")');
        }
        await phone.fill('#phone', '12345');
        await phone.fill('#email', 'not-an-email');
        await submitForm(phone, 'main form:has(#full_name) button[type=submit]');
        assert.match(await phone.textContent('#full_name-error'), /过长|超过|字/);
        assert.match(await phone.textContent('#birth_date-error'), /不能晚于今天/);
        assert.match(await phone.textContent('#id_number-error'), /校验位/);
        assert.match(await phone.textContent('#phone-error'), /手机号/);
        assert.match(await phone.textContent('#email-error'), /邮箱/);
        assert.match(await phone.textContent('#nationality-error'), /必填/);
        assert.equal(await phone.inputValue('#id_number'), wrongId, 'the ID typed was lost');
        assert.equal((await phone.inputValue('#full_name')).length, 5000, 'the name typed was lost');
        assert.ok(await phone.isChecked('#gender-1'), 'the gender chosen was lost');
        await a11y(phone);
        // Rare characters, emoji and markup are a name like any other, and shown as text.
        const name = '张𠀀㐂<b>明</b>😀';
        await phone.fill('#full_name', name);
        await phone.fill('#birth_date', '1988-02-15');
        await phone.fill('#nationality', '中国');
        await phone.fill('#id_number', idNumber);
        await phone.fill('#phone', '13800138000');
        await phone.fill('#email', 'zhang@example.cn');
        await submitForm(phone, 'main form:has(#full_name) button[type=submit]');
        // Saved; the ID photo is still missing, so the page asks for it at once.
        assert.equal(new URL(phone.url()).pathname, `${app}/personal`);
        assert.match(await phone.textContent('[data-testid=doc-photo]'), /未上传/);
        // The ID photo must be a picture: a PDF is refused.
        await upload(phone, 'photo', 'photo.pdf', 'application/pdf', PDF);
        assert.match(await phone.textContent('[data-testid=doc-photo] .field-error'), /JPEG 或 PNG/);
        await upload(phone, 'photo', 'photo.png', 'image/png', PNG);
        assert.match(await phone.textContent('[data-testid=doc-photo]'), /已上传/);

        // 4. Employer: a wrong credit-code check character, then right.
        await visit(phone, `${app}/employer`);
        await a11y(phone);
        const code = creditCode('91440111MA59J0B00');
        const wrongCode = code.slice(0, 17) + (code[17] === '1' ? '2' : '1');
        await phone.fill('#employer_name', '广州白云示范科技有限公司');
        await phone.fill('#credit_code', wrongCode);
        await phone.check('#employer_type-0');
        await phone.selectOption('#industry', 'software');
        await phone.fill('#registered_on', '2015-03-01');
        await phone.check('#registered_in_district-0');
        await phone.check('#pays_tax_in_district-0');
        await submitForm(phone, 'main form:has(#employer_name) button[type=submit]');
        assert.match(await phone.textContent('#credit_code-error'), /校验/);
        assert.equal(await phone.inputValue('#employer_name'), '广州白云示范科技有限公司');
        await phone.fill('#credit_code', code);
        // Signed out meanwhile (another tab): the form comes back with what was typed, and says so.
        const other = await phone.context().newPage();
        other.mode = mode;
        await other.goto(phone.url());
        await submitForm(other, 'header button[type=submit]');
        await other.close();
        await submitForm(phone, 'main form:has(#employer_name) button[type=submit]');
        assert.match(await phone.textContent('main .error-summary'), /登录已过期/);
        assert.equal(await phone.inputValue('#credit_code'), code, 'the typed code was lost when the session ended');
        assert.equal(await phone.inputValue('#employer_name'), '广州白云示范科技有限公司');
        assert.ok(await phone.isChecked('#pays_tax_in_district-0'));
        const again = await phone.context().newPage();
        again.mode = mode;
        await signIn(again, `e2e.j.${mode}.${stamp}`, 'a long password');
        await again.close();
        await submitForm(phone, 'main form:has(#employer_name) button[type=submit]');
        assert.match(await phone.textContent('[data-testid=state-employer]'), /已完成/);

        // 5. Category and its evidence: an .exe renamed .pdf and an 11 MB file are refused.
        await openSection(phone, 'category');
        await phone.fill('#honour', '区产业领军人才（2024 年）');
        await submitForm(phone, 'main form:has(#honour) button[type=submit]');
        assert.match(new URL(phone.url()).pathname, /\/category$/, 'the missing evidence is asked for at once');
        await upload(phone, 'talent_proof', '证书.pdf', 'application/pdf', EXE);
        assert.match(await phone.textContent('[data-testid=doc-talent_proof] .field-error'), /PDF、JPEG 或 PNG/);
        // Hydrated, the page refuses it before sending a byte (issue 18, item 5): no upload leaves.
        const posts = [];
        const onRequest = (r) => { if (r.method() === 'POST') posts.push(r.url()); };
        phone.on('request', onRequest);
        await upload(phone, 'talent_proof', 'big.pdf', 'application/pdf', Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024, 0x20)]));
        await phone.waitForSelector('[data-testid=doc-talent_proof] .field-error:has-text("10 MB")');
        phone.off('request', onRequest);
        if (mode === 'hydrated') assert.deepEqual(posts, [], 'the 11 MB file was sent');
        else assert.equal(posts.length, 1, 'without JavaScript the server says it');
        await upload(phone, 'talent_proof', '证书.pdf', 'application/pdf', PDF);
        assert.match(await phone.textContent('[data-testid=doc-talent_proof]'), /已上传/);
        await a11y(phone);

        // Months in the district (Art. 3): fewer than 6 is refused.
        await visit(phone, `${app}/residence`);
        await a11y(phone);
        await phone.fill('#months_in_district', '5');
        await submitForm(phone, 'main form:has(#months_in_district) button[type=submit]');
        assert.match(await phone.textContent('#months_in_district-error'), /6 个月/);
        await phone.fill('#months_in_district', '12');
        await submitForm(phone, 'main form:has(#months_in_district) button[type=submit]');

        // 6. Family: a child with a passport, then "that is everyone".
        await visit(phone, `${app}/family`);
        await a11y(phone);
        await phone.fill('#full_name', '张小明');
        await phone.check('#relation-1');
        await phone.fill('#birth_date', '2016-09-01');
        await phone.selectOption('#id_type', 'passport');
        await phone.fill('#id_number', 'E12345678');
        await submitForm(phone, 'main form:has(#relation-1) button[type=submit]');
        assert.match(await phone.textContent('[data-testid=dependents]'), /张小明/);
        await phone.check('#done');
        await submitForm(phone, 'main form:has(#done) button[type=submit]');

        // 7. Declaration (Art. 6(2)): required.
        await openSection(phone, 'declaration');
        await a11y(phone);
        assert.match(await phone.textContent('[data-testid=declaration-text]'), /第六条/);
        await submitForm(phone, 'main form:has(#agreed) button[type=submit]');
        assert.match(await phone.textContent('#agreed-error'), /确认/);
        await phone.check('#agreed');
        await submitForm(phone, 'main form:has(#agreed) button[type=submit]');
        for (const s of ['personal', 'employer', 'category', 'residence', 'family', 'declaration']) {
          assert.match(await phone.textContent(`[data-testid=state-${s}]`), /已完成/, s);
        }

        // 8. Check answers (markup shown as text, never run), submit, confirmation.
        await Promise.all([phone.waitForNavigation(), phone.click('a[href$="/check"]')]);
        await settled(phone);
        await a11y(phone);
        assert.ok((await phone.textContent('main')).includes(name), 'the name is not shown as typed');
        assert.equal(await phone.locator('main b').count(), 0, 'markup in a name was rendered');
        await submitForm(phone, '[data-testid=submit]');
        await a11y(phone);
        const reference = (await phone.textContent('[data-testid=reference]')).trim();
        assert.match(reference, /^YJ-\d{4}-\d{6}$/);

        // 9. The handling department returns it: the months section needs checking.
        const desk = await open(DESKTOP);
        await signIn(desk, 'handling');
        await Promise.all([desk.waitForNavigation(), desk.click(`a:text-is("${reference}")`)]);
        await settled(desk);
        await desk.click('details.return-reasons summary');
        await desk.fill('#reason_residence', '请核实每年在区工作月数，并与劳动合同一致。');
        await submitForm(desk, 'button[value=return]');

        // 10. The applicant sees why, per section, in the task list and the inbox; corrects; resubmits.
        await visit(phone, app);
        await a11y(phone);
        assert.match(await phone.textContent('[data-testid=status]'), /退回修改/);
        assert.match(await phone.textContent('[data-testid=reason-residence]'), /核实每年在区工作月数/);
        assert.match(await phone.textContent('[data-testid=state-residence]'), /需修改/);
        await visit(phone, '/applications');
        await a11y(phone);
        await visit(phone, '/inbox');
        await a11y(phone);
        assert.match(await phone.textContent('[data-testid=inbox]'), /退回修改[\s\S]*核实每年在区工作月数/);
        await visit(phone, app);
        await openSection(phone, 'residence');
        assert.match(await phone.textContent('[data-testid=section-reason]'), /核实/);
        await phone.fill('#months_in_district', '10');
        await submitForm(phone, 'main form:has(#months_in_district) button[type=submit]');
        const ref2 = await checkAndSubmit(phone);
        assert.equal(ref2, reference);
        await visit(phone, app);
        // Back with the stage that returned it (pre-review), not at the start of another queue.
        assert.match(await phone.textContent('[data-testid=status]'), /预审中/);
        assert.match(await phone.textContent('[data-testid=timeline]'), /重新提交/);
      });
    } finally {
      await browser.close();
    }
  });
}
