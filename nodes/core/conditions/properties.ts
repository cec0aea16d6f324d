// Parameter descriptions shared by If, Switch and Filter: n8n's names and defaults, with the
// condition itself held as a JSONLogic rule (see docs/conditions.md).
import type { INodeProperties } from 'n8n-workflow';

export const conditionsProperty: INodeProperties = {
  displayName: 'Conditions',
  name: 'conditions',
  type: 'json',
  default: {},
  placeholder: '{"jsonLogic": {"==": [{"var": "priority"}, "High"]}}',
  description:
    'A JSONLogic rule, as {"jsonLogic": rule}; an item\'s fields are variables ({"var": "status"} or {"var": "$json.status"}). n8n conditions are converted on import.',
};

export const looseTypeValidationProperty: INodeProperties = {
  displayName: 'Convert types where required',
  name: 'looseTypeValidation',
  type: 'boolean',
  default: false,
  description: 'Whether converted n8n conditions cast values to the compared type instead of failing on a type mismatch',
};

export const ignoreCaseOption: INodeProperties = {
  displayName: 'Ignore Case',
  name: 'ignoreCase',
  type: 'boolean',
  default: true,
  description: 'Whether converted n8n conditions ignore letter case (read when an n8n condition is converted)',
};

/** n8n moved looseTypeValidation from options to the top level in If 2.1, Switch 3.1, Filter 2.1. */
export function typeValidationProperties(fromVersion: number): { topLevel: INodeProperties; inOptions: INodeProperties } {
  return {
    topLevel: { ...looseTypeValidationProperty, displayOptions: { show: { '@version': [{ _cnd: { gte: fromVersion } }] } } },
    inOptions: { ...looseTypeValidationProperty, displayOptions: { show: { '@version': [{ _cnd: { lt: fromVersion } }] } } },
  };
}
