// Reads a PNG as a browser canvas writes it (8-bit RGBA or RGB, not interlaced) into its pixels,
// for tests that look at a picture's colours. Fails on anything else.
import * as assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  /** 4 bytes per pixel (RGBA), row by row. */
  rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk; fails unless the bytes start like a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(bytes);
  assert.deepEqual([...b.subarray(0, 8)], SIGNATURE, 'the PNG signature');
  assert.equal(b.toString('latin1', 12, 16), 'IHDR', 'the first chunk of a PNG is IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function pngPixels(bytes: Uint8Array): Pixels {
  const { width, height } = pngSize(bytes);
  const b = Buffer.from(bytes);
  const depth = b[24];
  const colourType = b[25];
  assert.equal(depth, 8, 'bit depth');
  assert.ok(colourType === 6 || colourType === 2, `colour type ${colourType} (RGBA or RGB expected)`);
  assert.equal(b[28], 0, 'not interlaced');
  const channels = colourType === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let at = 8; at < b.length; ) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(b.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  const data = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  assert.equal(data.length, height * (stride + 1), 'the size of the image data');
  const raw = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = data[y * (stride + 1) + 1 + x];
      const a = x >= channels ? raw[y * stride + x - channels] : 0;
      const up = y > 0 ? raw[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? raw[(y - 1) * stride + x - channels] : 0;
      const predicted = [0, a, up, (a + up) >> 1, paeth(a, up, c)][filter];
      assert.ok(predicted !== undefined, `unknown filter ${filter} in row ${y}`);
      raw[y * stride + x] = (v + predicted) & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: raw };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([raw[i * 3], raw[i * 3 + 1], raw[i * 3 + 2], 255], i * 4);
  return { width, height, rgba };
}

/** How many pixels are clearly coloured (not a grey: the channels differ by more than `spread`). */
export function colouredPixels(p: Pixels, spread = 60): number {
  let n = 0;
  for (let i = 0; i < p.rgba.length; i += 4) {
    const r = p.rgba[i];
    const g = p.rgba[i + 1];
    const bl = p.rgba[i + 2];
    if (Math.max(r, g, bl) - Math.min(r, g, bl) > spread) n++;
  }
  return n;
}
