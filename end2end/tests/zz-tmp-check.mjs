import { launch } from '/work/main/end2end/tests/support.mjs';
import { axeViolations } from '/work/main/end2end/tests/a11y.mjs';
const b = await launch();
for (const js of [true, false]) {
  const c = await b.newContext({ javaScriptEnabled: js });
  const p = await c.newPage();
  await p.setContent('<html lang="en"><head><title>t</title></head><body><main><h1>x</h1><input><img src="a.png"><p style="color:#eee;background:#fff">low</p></main></body></html>');
  console.log(js, (await axeViolations(p)).map(v => v.id));
  await p.setContent('<html lang="en"><head><title>t</title></head><body><main><h1>x</h1><label for=a>A</label><input id=a></main></body></html>');
  console.log(js, (await axeViolations(p)).map(v => v.id));
}
await b.close();
