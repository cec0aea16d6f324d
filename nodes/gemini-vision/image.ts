// The image an item brings: from a binary property (a Webhook upload with "Raw Body", a file
// node) or a base64 parameter; its type from its first bytes, and, for PNG and JPEG, its pixels
// for the local QR decoder.
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { NodeOperationError } from '../../host/model/errors.ts';

export interface ImageInput {
  bytes: Buffer;
  mimeType: string;
  fileName?: string;
}

export interface Pixels {
  /** RGBA, 4 bytes a pixel. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** What Gemini accepts as an image part. */
export const GEMINI_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif'];

/** The image type from its signature; undefined when it is none we know. */
export function sniffMimeType(bytes: Buffer): string | undefined {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') {
    const brand = bytes.toString('latin1', 8, 12);
    if (['heic', 'heix', 'hevc', 'heim', 'heis'].includes(brand)) return 'image/heic';
    if (['mif1', 'msf1', 'heif'].includes(brand)) return 'image/heif';
  }
  if (bytes.length >= 6 && bytes.toString('latin1', 0, 3) === 'GIF') return 'image/gif';
  return undefined;
}

const DATA_URL = /^data:([\w/+.-]+)?(;[\w=-]+)*;base64,/i;

function fromBase64(ctx: IExecuteFunctions, i: number): ImageInput {
  const node = ctx.getNode().name;
  const raw = String(ctx.getNodeParameter('base64Image', i, '') ?? '').trim();
  if (!raw) throw new NodeOperationError(node, '"Base64 Image" is empty', { parameter: 'base64Image', itemIndex: i, description: 'Give the image as base64 (a data: URL works too), e.g. {{ $json.photo }}.' });
  const declared = DATA_URL.exec(raw)?.[1];
  const text = raw.replace(DATA_URL, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text))
    throw new NodeOperationError(node, '"Base64 Image" is not base64 text', { parameter: 'base64Image', itemIndex: i, description: 'Expected the bytes of a PNG, JPEG, WebP or HEIC image in base64.' });
  const bytes = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  const given = String(ctx.getNodeParameter('mimeType', i, '') ?? '').trim();
  return { bytes, mimeType: sniffMimeType(bytes) ?? (given || declared || '') };
}

function fromBinary(ctx: IExecuteFunctions, i: number): ImageInput {
  const node = ctx.getNode().name;
  const property = String(ctx.getNodeParameter('binaryPropertyName', i, 'data') ?? 'data').trim() || 'data';
  const binary = ctx.getInputData()[i]?.binary ?? {};
  const entry = binary[property] as IBinaryData | undefined;
  if (!entry?.data) {
    const have = Object.keys(binary);
    throw new NodeOperationError(node, `Item ${i} has no binary property "${property}"`, {
      parameter: 'binaryPropertyName',
      itemIndex: i,
      description: have.length
        ? `It has: ${have.join(', ')}. Set "Binary Property" to one of them.`
        : 'Send the photo as the request body to a Webhook node with the option "Raw Body" on (it becomes binary property "data"), or choose Input: Base64.',
    });
  }
  const bytes = Buffer.from(entry.data, 'base64');
  const declared = String(entry.mimeType ?? '').split(';')[0].trim().toLowerCase();
  return { bytes, mimeType: sniffMimeType(bytes) ?? declared, fileName: entry.fileName };
}

/** The item's image, checked to be one Gemini reads. */
export function readImage(ctx: IExecuteFunctions, i: number): ImageInput {
  const source = String(ctx.getNodeParameter('inputType', i, 'binary'));
  const image = source === 'base64' ? fromBase64(ctx, i) : fromBinary(ctx, i);
  if (!image.bytes.length) throw new NodeOperationError(ctx.getNode().name, `The image of item ${i} is empty`, { itemIndex: i });
  if (!GEMINI_IMAGE_TYPES.includes(image.mimeType))
    throw new NodeOperationError(ctx.getNode().name, `Item ${i} is not a PNG, JPEG, WebP or HEIC image (${image.mimeType || 'unknown type'})`, {
      itemIndex: i,
      description: `Its first bytes are ${image.bytes.subarray(0, 8).toString('hex')}. Gemini reads image/png, image/jpeg, image/webp, image/heic and image/heif.`,
    });
  return image;
}

// Phone photos run to 12 MP; QR codes stay readable at this size and jsQR stays fast.
const MAX_SIDE = 1600;

/** Box-averages the image down so its longer side is at most MAX_SIDE pixels. */
export function downscale(p: Pixels, maxSide = MAX_SIDE): Pixels {
  const factor = Math.ceil(Math.max(p.width, p.height) / maxSide);
  if (factor <= 1) return p;
  const width = Math.floor(p.width / factor);
  const height = Math.floor(p.height / factor);
  const out = new Uint8ClampedArray(width * height * 4);
  const n = factor * factor;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += p.data[((y * factor + dy) * p.width + x * factor + dx) * 4 + c];
        out[(y * width + x) * 4 + c] = sum / n;
      }
  return { data: out, width, height };
}

/** RGBA pixels of a PNG or JPEG; undefined for other types or a file that does not decode. */
export function decodePixels(image: ImageInput): Pixels | undefined {
  try {
    if (image.mimeType === 'image/png') {
      const png = PNG.sync.read(image.bytes);
      return { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height };
    }
    if (image.mimeType === 'image/jpeg') {
      const img = jpeg.decode(image.bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 50, maxMemoryUsageInMB: 512 });
      return { data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), width: img.width, height: img.height };
    }
  } catch {
    // A broken file: Gemini gets the chance to say what it sees.
  }
  return undefined;
}
