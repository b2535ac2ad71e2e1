/**
 * Draws the phone app's icons (web/public/assets/icon-192.png, icon-512.png): a white ledger page
 * with ruled lines and a tick on the app's blue, full-bleed so launchers may mask it to any shape.
 * Plain Node (zlib's deflate for the PNG), no image library. Run after changing the drawing:
 *   node web/make-icons.mjs
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x1d, 0x4e, 0xd8];
const WHITE = [0xff, 0xff, 0xff];
const LINE = [0x93, 0xc5, 0xfd];
const TICK = [0x16, 0xa3, 0x4a];

/** The colour at (x, y) of a unit square, 0..1 each way. */
function colourAt(x, y) {
  // The page: a rounded rectangle in the middle, leaving the outer 20 % for masks to cut.
  const [left, right, top, bottom, r] = [0.28, 0.72, 0.22, 0.78, 0.04];
  const dx = Math.max(left + r - x, 0, x - (right - r));
  const dy = Math.max(top + r - y, 0, y - (bottom - r));
  if (x < left || x > right || y < top || y > bottom || dx * dx + dy * dy > r * r) return BLUE;
  // The tick, bottom right: two strokes.
  const stroke = (ax, ay, bx, by, w) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) < w;
  };
  if (stroke(0.5, 0.64, 0.56, 0.7, 0.022) || stroke(0.56, 0.7, 0.67, 0.56, 0.022)) return TICK;
  // Ruled lines: the ledger.
  for (const line of [0.32, 0.4, 0.48, 0.56]) if (Math.abs(y - line) < 0.012 && x > 0.34 && x < (line === 0.56 ? 0.46 : 0.66)) return LINE;
  return WHITE;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size) {
  // Four samples a pixel, averaged: smooth edges.
  const rows = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y += 1) {
    rows[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x += 1) {
      const sum = [0, 0, 0];
      for (const [sx, sy] of [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]]) {
        const c = colourAt((x + sx) / size, (y + sy) / size);
        for (let i = 0; i < 3; i += 1) sum[i] += c[i];
      }
      for (let i = 0; i < 3; i += 1) rows[y * (size * 3 + 1) + 1 + x * 3 + i] = Math.round(sum[i] / 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

for (const size of [192, 512]) writeFileSync(new URL(`public/assets/icon-${size}.png`, import.meta.url), png(size));
