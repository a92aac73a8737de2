// Issue 18: axe (no serious or critical violation) on the pages no journey test checks — sign-in,
// the provider's check, the bank, the administration, the decisions, the claim page — and one
// English page of each role. JavaScript off: what every user gets first.
import { test } from 'node:test';
import { DESKTOP, PHONE, launch, newPage, signIn, visit, withScreenshots } from './support.mjs';
import { expectAccessible } from './a11y.mjs';

const PAGES = [
  [null, ['/login', '/register', '/eligibility', '/api-docs', '/policy']],
  ['applicant', ['/applications', '/claim', '/inbox', '/my-card']],
  ['agent', ['/applications', '/notices']],
  ['handling', ['/review']],
  ['industry_kgxj', ['/review', '/adjustments']],
  ['hrss', ['/review?stage=bank_refused', '/dashboard', '/cards/orders', '/adjustments']],
  ['talent_office', ['/decisions', '/dashboard', '/cards/issue']],
  ['bank', ['/bank']],
  ['hospital', ['/verify', '/notices']],
  ['admin', ['/admin', '/admin/deadlines', '/admin/routing', '/admin/api-keys', '/admin/organisations', '/admin/policy']],
];

for (const lang of ['zh', 'en']) {
  test(`every role's pages are accessible (${lang})`, { timeout: 240000 }, async () => {
    const browser = await launch();
    const pages = [];
    try {
      await withScreenshots(`a11y-roles-${lang}`, () => pages, async () => {
        for (const [who, paths] of PAGES) {
          // The English run checks the first page of each role only.
          const visitPaths = lang === 'en' ? paths.slice(0, 1) : paths;
          const page = await newPage(browser, 'ssr', who && who !== 'applicant' ? DESKTOP : PHONE);
          pages.push(page);
          await page.context().addCookies([{ name: 'lang', value: lang, url: new URL(process.env.BASE_URL ?? 'http://127.0.0.1:3000').origin }]);
          if (who) await signIn(page, who);
          for (const path of visitPaths) {
            await visit(page, path);
            await expectAccessible(page, `${path} as ${who ?? 'nobody'} (${lang})`);
          }
          await page.context().close();
        }
      });
    } finally {
      await browser.close();
    }
  });
}
