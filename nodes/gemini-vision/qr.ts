// The local path: a QR code on the label is decoded here (jsQR), without sending the photo
// anywhere, and its text is read for serial, MAC and model. Vendors write it in several ways:
// "SN:HWTC1A2B3C4D;MAC:A0B1C2D3E4F5", JSON, "key=value&...", one value per line, or just the serial.
import jsQRModule from 'jsqr';
import type { Options as JsQrOptions, QRCode } from 'jsqr';
import { decodePixels, downscale } from './image.ts';
import type { ImageInput } from './image.ts';

// jsqr is CommonJS with `exports.default`: Node hands us either the function or the module object.
type JsQr = (data: Uint8ClampedArray, width: number, height: number, options?: JsQrOptions) => QRCode | null;
const jsQR = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as unknown as JsQr;

/** The text of the first QR code found in the image; undefined when there is none (or it is not PNG/JPEG). */
export function decodeQr(image: ImageInput): string | undefined {
  const pixels = decodePixels(image);
  if (!pixels) return undefined;
  const small = downscale(pixels);
  const found = jsQR(small.data, small.width, small.height, { inversionAttempts: 'attemptBoth' });
  if (found?.data) return found.data;
  // A small code in a big photo may only survive at full resolution.
  if (small !== pixels) return jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'dontInvert' })?.data || undefined;
  return undefined;
}

export interface QrFields {
  serialNumber?: string;
  macAddress?: string;
  model?: string;
}

const KEYS: Record<keyof QrFields, RegExp> = {
  serialNumber: /^(s\/?n|serial(\s*(no|number|num))?|gpon\s*sn|pon\s*sn|ont\s*sn|sn\s*code|serialnumber|serial_number)$/i,
  macAddress: /^(mac(\s*(address|addr|id))?|wan\s*mac|lan\s*mac|base\s*mac|macaddress|mac_address|ethernet)$/i,
  model: /^(model(\s*(no|number|name))?|type|product|pn|model_name|device)$/i,
};

const MAC_IN_TEXT = /(?<![0-9a-f])([0-9a-f]{2}([:-])(?:[0-9a-f]{2}\2){4}[0-9a-f]{2}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})(?![0-9a-f])/i;
const GPON_SERIAL_IN_TEXT = /\b([A-Z]{4}[0-9A-F]{8})\b/;

function fieldFor(key: string): keyof QrFields | undefined {
  const k = key.trim().replace(/[\s_-]+/g, ' ');
  return (Object.keys(KEYS) as (keyof QrFields)[]).find((f) => KEYS[f].test(k) || KEYS[f].test(k.replace(/ /g, '')));
}

function fromPairs(pairs: [string, unknown][]): QrFields {
  const out: QrFields = {};
  for (const [key, value] of pairs) {
    const f = fieldFor(key);
    if (f && out[f] === undefined && (typeof value === 'string' || typeof value === 'number') && String(value).trim()) out[f] = String(value).trim();
  }
  return out;
}

/** Serial, MAC and model as the QR text states them (not yet validated). */
export function fieldsFromQr(content: string): QrFields {
  const text = content.trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return fromPairs(Object.entries(parsed));
    } catch {
      // not JSON after all
    }
  }
  const pairs: [string, string][] = [];
  for (const piece of text.split(/[;\n\r&|,]+/)) {
    const m = /^\s*([A-Za-z][\w /-]{0,24}?)\s*[:=]\s*(.+?)\s*$/.exec(piece);
    if (m) pairs.push([m[1], m[2]]);
  }
  const out = fromPairs(pairs);
  // Unlabelled values: a MAC by its shape, a GPON serial by its shape, or the whole text as the serial.
  out.macAddress ??= MAC_IN_TEXT.exec(text)?.[1];
  out.serialNumber ??= GPON_SERIAL_IN_TEXT.exec(text)?.[1];
  if (!out.serialNumber && !pairs.length && /^[A-Za-z0-9-]{6,32}$/.test(text) && text !== out.macAddress) out.serialNumber = text;
  return out;
}
