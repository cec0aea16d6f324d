// Where the variable picker inserts an expression: the text field that last had focus (an
// expression editor or a plain input). Fields register on focus; the picker calls
// insertIntoActive, and copies to the clipboard when no field is registered.
export interface InsertTarget {
  /** Inserts at the cursor (replacing the selection) and keeps the field's value in sync. */
  insert(text: string): void;
  /** A short label for the picker's hint ("Insert into Value"). */
  label?: string;
}

let active: InsertTarget | null = null;
const listeners = new Set<(t: InsertTarget | null) => void>();

export function setActiveInsertTarget(target: InsertTarget | null): void {
  active = target;
  for (const l of listeners) l(active);
}

/** Unregisters only if `target` is still the active one (a newer field may have taken over). */
export function clearActiveInsertTarget(target: InsertTarget): void {
  if (active === target) setActiveInsertTarget(null);
}

export function activeInsertTarget(): InsertTarget | null {
  return active;
}

export function onActiveInsertTargetChange(listener: (t: InsertTarget | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True when inserted; false when there is no target (the caller copies instead). */
export function insertIntoActive(text: string): boolean {
  if (!active) return false;
  active.insert(text);
  return true;
}
