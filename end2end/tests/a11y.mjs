// axe-core inside the browser tests (issue 3: 0 serious or critical violations on every applicant
// page). axe runs in the page itself, so it sees exactly what the applicant gets, CSS included.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** The violations of the page as it is now, of the given impacts. */
export async function axeViolations(page, { impacts = ['serious', 'critical'] } = {}) {
  const target = await scriptablePage(page);
  await target.evaluate(AXE_SOURCE);
  const violations = await target.evaluate((tags) => window.axe.run(document, { runOnly: tags }).then((r) => r.violations), RULES);
  if (target !== page) await target.context().close();
  return violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }));
}

/**
 * Where the page's own JavaScript is off (the 'ssr' runs) Playwright cannot evaluate in it, so
 * axe runs on a copy: the same HTML without its scripts (as the JavaScript-off user gets it), the
 * same stylesheet (via <base>), the same viewport, in a context where only axe's script runs.
 */
async function scriptablePage(page) {
  if (page.mode !== 'ssr') return page;
  const url = new URL(page.url());
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/<link rel="modulepreload"[^>]*>/gi, '')
    .replace(/<head>/i, `<head><base href="${url.origin}/">`);
  const context = await page.context().browser().newContext({ viewport: page.viewportSize(), locale: 'zh-CN' });
  const copy = await context.newPage();
  await copy.setContent(html, { waitUntil: 'load' });
  return copy;
}

/** Fails with each violation (rule, help, the first nodes) if there is any serious or critical one. */
export async function expectAccessible(page, label) {
  const found = await axeViolations(page);
  const lines = found.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html}`).join('\n    ')}`);
  assert.equal(found.length, 0, `accessibility violations on ${label}:\n  ${lines.join('\n  ')}`);
}
