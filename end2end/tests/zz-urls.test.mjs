// Issue 10, item 2: no personal data in any URL, ever — in clear, percent-encoded or base64 — in
// what the browser requested during every browser test before this one (JavaScript off and
// hydrated: support.mjs records both) and in the server's own request log. Runs last (file order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { TYPED_LOG, URL_LOG } from './support.mjs';

const lines = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

/** Every way a value can sit in a URL: as typed, percent-decoded, and inside a base64 parameter. */
function readings(url) {
  const out = [url];
  let decoded = url;
  try { decoded = decodeURIComponent(url.replaceAll('+', ' ')); } catch { /* a broken escape: keep as is */ }
  out.push(decoded);
  // Each parameter's value (and each path segment), in either base64 alphabet, padded or not.
  const values = decoded.split(/[?&#]/).map((pair) => pair.slice(pair.indexOf('=') + 1));
  for (const part of [...values, ...decoded.split(/[?&=#/]/)]) {
    if (part.length >= 8 && /^[A-Za-z0-9_\-+/ ]+={0,2}$/.test(part)) {
      out.push(Buffer.from(part.replaceAll(' ', '+').replaceAll('-', '+').replaceAll('_', '/'), 'base64').toString('utf8'));
    }
  }
  return out;
}

test('no name, ID number, phone, e-mail, password or session token appears in a URL or in the server log', () => {
  const typed = [...new Set(lines(TYPED_LOG))];
  const urls = lines(URL_LOG);
  assert.ok(urls.length > 100, `only ${urls.length} URLs were recorded: did the other tests run?`);
  assert.ok(typed.length > 5, `only ${typed.length} personal values were recorded`);
  // Every line of the server's log (issue 14: JSON lines in this run), without its timestamp (whose
  // microseconds once read "12345", a phone number typed in the journey) and, as text, its colours.
  const withoutTime = (l) => {
    try {
      const o = JSON.parse(l);
      // What the server makes up itself: the time, the request's random id, its latency (a
      // random id once read "12345", a phone number typed in the journey).
      delete o.timestamp;
      if (o.span) delete o.span.id;
      if (o.fields) delete o.fields.ms;
      return JSON.stringify(o);
    } catch {
      return l.replace(/\x1B\[[0-9;]*m/g, '').replace(/^\S+\s+/, '');
    }
  };
  // Both instances' logs (the second serves the live test's official on another process).
  const serverLog = [process.env.SERVER_LOG, process.env.SERVER_LOG_2].filter(Boolean).flatMap((f) => lines(f).map(withoutTime));
  assert.ok(!process.env.SERVER_LOG || serverLog.filter((l) => l.includes('"request"')).length > 100, 'the server logged no requests');
  const found = [];
  for (const [where, list] of [['browser', urls], ['server log', serverLog]]) {
    for (const url of list) {
      const seen = readings(url);
      for (const value of typed) {
        if (seen.some((r) => r.includes(value))) found.push(`${where}: ${value} in ${url.slice(0, 200)}`);
      }
    }
  }
  assert.deepEqual(found, [], found.join('\n'));
});
