// GenieACS device ids. The ACS builds `OUI-ProductClass-SerialNumber` (or `OUI-SerialNumber`)
// from the Inform and escapes each part: every character outside [A-Za-z0-9_] becomes %XX
// (upper-case hex of its UTF-8 bytes), so a '-' inside a serial is "%2D". In NBI URL paths the
// stored id is percent-encoded once more ('%' → '%25'); inside query JSON it is used as stored.

const PATH_SAFE = /[A-Za-z0-9_-]/;

function percentEncode(text: string, safe: RegExp): string {
  let out = '';
  for (const ch of text) {
    if (safe.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * One part of a device id escaped the way GenieACS stores it: "SR552NA084-0003269" →
 * "SR552NA084%2D0003269". Like GenieACS it works per UTF-16 code unit and does not pad the hex,
 * so control characters give a single digit ("%9" for a tab) — the id must match byte for byte.
 */
export function escapeIdPart(part: string): string {
  let out = '';
  for (let i = 0; i < part.length; i++) {
    const unit = part[i];
    if (/[A-Za-z0-9_]/.test(unit)) out += unit;
    else for (const byte of Buffer.from(unit, 'utf8')) out += `%${byte.toString(16).toUpperCase()}`;
  }
  return out;
}

export interface DeviceIdParts {
  oui: string;
  productClass?: string;
  serialNumber: string;
}

/** The id GenieACS gives a device with this Inform DeviceId; an empty product class is left out. */
export function buildDeviceId({ oui, productClass, serialNumber }: DeviceIdParts): string {
  const parts = [oui.trim(), (productClass ?? '').trim(), serialNumber.trim()].filter(Boolean);
  return parts.map(escapeIdPart).join('-');
}

/**
 * A value as one NBI URL path segment. The NBI's routes accept only [A-Za-z0-9-_%] there and
 * decode the segment once, so everything else — '%' included — is percent-encoded:
 * "00236a-SR552n-SR552NA084%2D0003269" → "00236a-SR552n-SR552NA084%252D0003269".
 */
export const pathSegment = (value: string): string => percentEncode(value, PATH_SAFE);

/** True when an id has only the characters a stored id can have, with well-formed %XX escapes. */
export const looksLikeStoredId = (id: string): boolean => /^(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2})+$/.test(id);
