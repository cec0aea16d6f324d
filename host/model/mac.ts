// One spelling for MAC addresses, whatever the source: CPEs report upper or lower case, with colons
// or dashes; people type aabbccddeeff or Cisco's aabb.ccdd.eeff. ERPNext stores, GenieACS searches
// and the diagnostic dedupes in the same form.

/** "aa-bb-cc-dd-ee-ff", "aabb.ccdd.eeff", "AABBCCDDEEFF" → "AA:BB:CC:DD:EE:FF"; undefined when it is not 12 hex digits. */
export function normalizeMac(input: unknown): string | undefined {
  const hex = String(input ?? '')
    .trim()
    .replace(/[\s:.\-]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return undefined;
  return hex.toUpperCase().match(/../g)!.join(':');
}
