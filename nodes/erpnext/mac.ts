// MAC addresses as people type them (aa-bb-cc-dd-ee-ff, aabbccddeeff, AA:BB:..., aabb.ccdd.eeff)
// in the one form Service Equipment stores: upper case, colon-separated.

/** "aa-bb-cc-dd-ee-ff" → "AA:BB:CC:DD:EE:FF"; undefined when it is not 12 hex digits. */
export function normalizeMac(input: unknown): string | undefined {
  const hex = String(input ?? '')
    .trim()
    .replace(/[\s:.\-]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return undefined;
  return hex.toUpperCase().match(/../g)!.join(':');
}
