// The names one `gigaflow new-node <name>` derives from its kebab-case argument. Every generated
// file uses these, so a node folder, its classes, its type name and its credential type agree.
import { ValidationError } from '../../model/index.ts';

/** The brief's rule (a lowercase letter, then 1–40 of [a-z0-9-]) plus kebab-case: no leading, trailing or double hyphen. */
const NAME = /^[a-z][a-z0-9-]{1,40}$/;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Display names land in TS single-quoted strings, JSON and Markdown: letters, digits, spaces and a few safe signs only. */
const DISPLAY_NAME = /^[\p{L}\p{N}][\p{L}\p{N} .&()+/-]{0,59}$/u;

export const TYPE_PREFIX = 'n8n-nodes-gigafibre';

export interface NodeNames {
  /** kebab-case folder name: `acme-crm`. */
  name: string;
  /** Node `description.name` (camelCase): `acmeCrm`; the full type is `n8n-nodes-gigafibre.acmeCrm`. */
  camel: string;
  /** Class and file name: `AcmeCrm` (AcmeCrm.node.ts exports AcmeCrm, as n8n's loader wants). */
  pascal: string;
  /** Shown in the editor and in every API error ("Acme CRM answered 401 ..."). */
  display: string;
  /** Credential type name: `gigafibreAcmeCrmApi`. */
  credentialType: string;
  /** Credential class and file name: `GigafibreAcmeCrmApi`. */
  credentialClass: string;
}

export function checkNodeName(name: string): void {
  if (!NAME.test(name) || !KEBAB.test(name)) {
    throw new ValidationError(
      `invalid <name> "${name}": use kebab-case, 2 to 41 characters: a lowercase letter, then lowercase letters, digits and single hyphens (e.g. acme-crm)`,
      { field: 'name' },
    );
  }
}

export function checkDisplayName(display: string): void {
  if (!DISPLAY_NAME.test(display)) {
    throw new ValidationError(
      `invalid --display-name "${display}": use 1 to 60 letters, digits, spaces and . & ( ) + / - (starting with a letter or digit, no quotes)`,
      { field: 'displayName' },
    );
  }
}

const capitalize = (part: string) => part.charAt(0).toUpperCase() + part.slice(1);

/** Validates both names (errors name the argument) and derives the rest. */
export function nodeNames(name: string, displayName?: string): NodeNames {
  checkNodeName(name);
  const parts = name.split('-');
  const display = displayName ?? parts.map(capitalize).join(' ');
  checkDisplayName(display);
  const pascal = parts.map(capitalize).join('');
  return {
    name,
    camel: parts[0] + parts.slice(1).map(capitalize).join(''),
    pascal,
    display,
    credentialType: `gigafibre${pascal}Api`,
    credentialClass: `Gigafibre${pascal}Api`,
  };
}
