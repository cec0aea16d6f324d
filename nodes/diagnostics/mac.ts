// One spelling for MAC addresses from every source (CPEs report upper or lower case, with colons or
// dashes, the bridge whatever the modem's UI shows), so hosts and mesh nodes dedupe by MAC.

/** "aa-bb-cc-dd-ee-ff", "aabb.ccdd.eeff", "AABBCCDDEEFF" → "AA:BB:CC:DD:EE:FF"; undefined when it is not 12 hex digits. */
export function normalizeMac(input: unknown): string | undefined {
  const hex = String(input ?? '')
    .trim()
    .replace(/[\s:.\-]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return undefined;
  return hex.toUpperCase().match(/../g)!.join(':');
}
