// Canary secrets: random, distinctive values put in every secret field of every credential, and
// the scanner that looks for them (and for their base64 / URL-encoded forms) in any captured text.
import { randomBytes } from 'node:crypto';

export interface Canary {
  /** Where the value was put, e.g. "gigafibreTwilioApi.authToken". */
  label: string;
  value: string;
  /** Every form the value may leak in: itself, its random core, URL-encoded, base64, base64url, and extra forms (e.g. Basic `user:password`). */
  forms: string[];
}

export class CanarySet {
  readonly all: Canary[] = [];

  /** A new canary: `GFCANARY<24 hex>+/=x`; the `+/=` make the URL-encoded form differ from the raw one. */
  make(label: string, extraForms: (value: string) => string[] = () => []): string {
    const core = `GFCANARY${randomBytes(12).toString('hex')}`;
    const value = `${core}+/=x`;
    this.add(label, value, extraForms(value));
    return value;
  }

  /** A secret that is not ours to choose (a fake's own random token) but must not leak either. */
  add(label: string, value: string, extra: string[] = []): void {
    const forms = new Set([value, value.match(/^GFCANARY[0-9a-f]{24}/)?.[0] ?? value, encodeURIComponent(value), ...extra]);
    for (const v of [value, ...extra]) {
      forms.add(Buffer.from(v).toString('base64'));
      forms.add(Buffer.from(v).toString('base64url'));
    }
    this.all.push({ label, value, forms: [...forms] });
  }
}

export interface Capture {
  /** Where the text came from: "GET /api/v1/executions/abc", "log", "sqlite executions row 3" ... */
  where: string;
  text: string;
}

/** Every (canary form, place) pair found; empty when nothing leaked. */
export function findLeaks(captures: Capture[], canaries: Canary[]): string[] {
  const leaks: string[] = [];
  for (const c of captures) {
    for (const canary of canaries) {
      const form = canary.forms.find((f) => c.text.includes(f));
      if (form !== undefined) {
        const at = c.text.indexOf(form);
        leaks.push(`${canary.label} (as "${form}") in ${c.where}: …${c.text.slice(Math.max(0, at - 80), at + form.length + 40)}…`);
      }
    }
  }
  return leaks;
}
