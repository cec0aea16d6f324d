// Test images made on the spot: QR codes drawn by `qrcode` (PNG, or re-encoded as JPEG), and label
// photos without a code, drawn with pngjs so that each seed gives different bytes (the fake Gemini
// "reads" a label by looking its bytes up in what the test scripted).
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

export const qrPng = (text: string): Promise<Buffer> => QRCode.toBuffer(text, { type: 'png', margin: 4, scale: 6, errorCorrectionLevel: 'M' });

export async function qrJpeg(text: string, quality = 90): Promise<Buffer> {
  const png = PNG.sync.read(await qrPng(text));
  return jpeg.encode({ data: png.data, width: png.width, height: png.height }, quality).data;
}

/** A white label with dark "text" bars and a border; no QR code anywhere. */
export function labelPng(seed: number, width = 360, height = 200): Buffer {
  const png = new PNG({ width, height });
  let state = seed * 2654435761 || 1;
  const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const set = (x: number, y: number, v: number) => {
    const i = (y * width + x) * 4;
    png.data[i] = png.data[i + 1] = png.data[i + 2] = v;
    png.data[i + 3] = 255;
  };
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) set(x, y, x < 4 || y < 4 || x >= width - 4 || y >= height - 4 ? 40 : 245);
  for (let row = 0; row < 5; row++) {
    let x = 20;
    const y0 = 24 + row * 34;
    while (x < width - 40) {
      const w = 4 + Math.floor(random() * 14);
      for (let y = y0; y < y0 + 16; y++) for (let dx = 0; dx < w; dx++) set(x + dx, y, 30);
      x += w + 3 + Math.floor(random() * 6);
    }
  }
  return PNG.sync.write(png);
}
