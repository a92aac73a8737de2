// Chromium's fake camera playing a QR code (issue 12): the holder's e-card, as the counter's
// camera would see it on the phone's screen.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const W = 640, H = 480, SCALE = 8;

/**
 * A Y4M video (what --use-file-for-fake-video-capture plays) of the QR code drawn by the server
 * as SVG: `qrcode`'s path is one `M{x} {y}h{w}v{h}H{x}V{y}` per run of dark modules.
 */
export function y4mOfQrSvg(svg) {
  const [, vw, vh] = svg.match(/viewBox="0 0 (\d+) (\d+)"/).map(Number);
  const y = Buffer.alloc(W * H, 235); // white (video range)
  const left = Math.floor((W - vw * SCALE) / 2), top = Math.floor((H - vh * SCALE) / 2);
  for (const [, x, yy, w, h] of svg.matchAll(/M(\d+) (\d+)h(\d+)v(\d+)/g)) {
    for (let row = Number(yy) * SCALE; row < (Number(yy) + Number(h)) * SCALE; row++) {
      y.fill(16, (top + row) * W + left + Number(x) * SCALE, (top + row) * W + left + (Number(x) + Number(w)) * SCALE);
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]);
}

/** A Chromium whose camera shows `svg` (permission granted). */
export async function browserWithCamera(svg) {
  const file = join(tmpdir(), `yunju-ecard-${process.pid}-${Date.now()}.y4m`);
  writeFileSync(file, y4mOfQrSvg(svg));
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
  });
}
