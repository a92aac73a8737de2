// Helpers that walk the application wizard (issue 3) the way an applicant does.
import assert from 'node:assert/strict';
import { settled } from './support.mjs';

// The smallest files the server accepts, judged by content (magic bytes).
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
export const PDF = Buffer.from('%PDF-1.4\n% test document\n');
// A Windows program renamed to .pdf: starts with "MZ".
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);

/** Clicks `selector` and waits for the page it leads to (every form here is a plain POST). */
export async function submitForm(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 20000 }), page.click(selector)]);
  await settled(page);
}

/** The id of the application whose page is open. */
export function applicationPath(page) {
  const m = new URL(page.url()).pathname.match(/^\/applications\/(\d+)/);
  assert.ok(m, `not on an application page: ${page.url()}`);
  return `/applications/${m[1]}`;
}

/** Opens a section from the task list. */
export async function openSection(page, section) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`[data-testid=task-${section}]`)]);
  await settled(page);
}

/** Uploads a file to the document slot `kind` of the open section page. */
export async function upload(page, kind, name, mimeType, buffer) {
  const slot = page.locator(`[data-testid=doc-${kind}]`);
  await slot.locator('input[type=file]').setInputFiles({ name, mimeType, buffer });
  const big = buffer.length > 10 * 1024 * 1024;
  if (big && page.mode === 'hydrated') {
    // The island refuses it before sending a byte.
    await slot.locator('button[type=submit]').click();
    return;
  }
  await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 30000 }), slot.locator('button[type=submit]').click()]);
  await settled(page);
}

/** Fills every section with valid answers and uploads, from the task list; ends on the task list. */
export async function fillValidApplication(page, { idNumber, creditCode, birthDate = '1990-03-07', category = '5', name = '张三明', industry = 'software' }) {
  await openSection(page, 'personal');
  await page.fill('#full_name', name);
  await page.check('#gender-0');
  await page.fill('#birth_date', birthDate);
  await page.fill('#nationality', '中国');
  await page.selectOption('#id_type', 'resident_id');
  await page.fill('#id_number', idNumber);
  await page.fill('#phone', '13800138000');
  await page.fill('#email', 'zhang@example.cn');
  await submitForm(page, 'main form:has(#full_name) button[type=submit]');
  // Saved; the page asks for the ID photo at once.
  await upload(page, 'photo', 'photo.png', 'image/png', PNG);
  await page.goto(page.url().replace(/\/applications\/(\d+).*$/, '/applications/$1'));
  await settled(page);

  await openSection(page, 'employer');
  await page.fill('#employer_name', '广州白云示范科技有限公司');
  await page.fill('#credit_code', creditCode);
  await page.check('#employer_type-0');
  await page.selectOption('#industry', industry);
  await page.fill('#registered_on', '2015-03-01');
  await page.check('#registered_in_district-0');
  await page.check('#pays_tax_in_district-0');
  await submitForm(page, 'main form:has(#employer_name) button[type=submit]');

  await openSection(page, 'category');
  await page.selectOption('#talent_category', category);
  await page.fill('#honour', '区产业领军人才（2024 年）');
  await submitForm(page, 'main form:has(#honour) button[type=submit]');
  // The category's evidence is asked for right away.
  await upload(page, 'talent_proof', '证书.pdf', 'application/pdf', PDF);
  await page.goto(page.url().replace(/\/applications\/(\d+).*$/, '/applications/$1'));
  await settled(page);

  await openSection(page, 'residence');
  await page.fill('#months_in_district', '12');
  await submitForm(page, 'main form:has(#months_in_district) button[type=submit]');

  await openSection(page, 'family');
  await page.check('#done');
  await submitForm(page, 'main form:has(#done) button[type=submit]');

  await openSection(page, 'declaration');
  await page.check('#agreed');
  await submitForm(page, 'main form:has(#agreed) button[type=submit]');
  for (const s of ['personal', 'employer', 'category', 'residence', 'family', 'declaration']) {
    assert.match(await page.textContent(`[data-testid=state-${s}]`), /已完成/, `section ${s} is not complete`);
  }
}

/** From the task list: check answers, submit; returns the reference. */
export async function checkAndSubmit(page) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('a[href$="/check"]')]);
  await settled(page);
  await submitForm(page, '[data-testid=submit]');
  assert.match(new URL(page.url()).pathname, /\/submitted$/);
  return (await page.textContent('[data-testid=reference]')).trim();
}
