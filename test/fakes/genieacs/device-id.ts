// GenieACS device ids (integration-apis.md §2.4; lib/util.ts generateDeviceId): OUI-ProductClass-
// SerialNumber (or OUI-SerialNumber without a product class), each part escaped so that only
// [A-Za-z0-9_] stays literal; everything else becomes %XX of its UTF-8 bytes, uppercase hex.
// In URL paths the id is percent-encoded once more, so "%2D" travels as "%252D".

export interface DeviceIdParts {
  oui: string;
  productClass?: string;
  serialNumber: string;
}

// GenieACS works per UTF-16 code unit and does not pad: a lone surrogate half becomes %EF%BF%BD
// and a byte below 0x10 a single digit ("%9" for a tab). Both quirks are kept.
export function escapeIdPart(part: string): string {
  let out = '';
  for (let i = 0; i < part.length; i++) {
    const unit = part[i];
    if (/^[A-Za-z0-9_]$/.test(unit)) out += unit;
    else for (const byte of Buffer.from(unit, 'utf8')) out += `%${byte.toString(16).toUpperCase()}`;
  }
  return out;
}

export function deviceIdOf(parts: DeviceIdParts): string {
  const head = escapeIdPart(parts.oui);
  const serial = escapeIdPart(parts.serialNumber);
  return parts.productClass ? `${head}-${escapeIdPart(parts.productClass)}-${serial}` : `${head}-${serial}`;
}

/** The id as a URL path segment: the escaped id percent-encoded again ("%" → "%25"). */
export function deviceIdPathSegment(id: string): string {
  return encodeURIComponent(id);
}
