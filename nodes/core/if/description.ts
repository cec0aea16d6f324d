import type { INodeTypeDescription } from 'n8n-workflow';
import { conditionsProperty, ignoreCaseOption, typeValidationProperties } from '../conditions/properties.ts';

const typeValidation = typeValidationProperties(2.1);

/** n8n's If (v2–2.2, and v1's combineOperation); items go to output 0 (true) or 1 (false). */
export const ifDescription: INodeTypeDescription = {
  displayName: 'If',
  name: 'if',
  icon: 'fa:map-signs',
  group: ['transform'],
  version: [1, 2, 2.1, 2.2],
  defaultVersion: 2.2,
  description: 'Route items to true or false by a JSONLogic condition',
  defaults: { name: 'If' },
  inputs: ['main'],
  outputs: ['main', 'main'],
  outputNames: ['true', 'false'],
  properties: [
    conditionsProperty,
    {
      displayName: 'Combine',
      name: 'combineOperation',
      type: 'options',
      options: [
        { name: 'ALL', value: 'all', description: 'Only if all conditions are met it goes into "true" branch' },
        { name: 'ANY', value: 'any', description: 'If any of the conditions is met it goes into "true" branch' },
      ],
      default: 'all',
      description: 'How n8n If v1 conditions combine (kept inside the rule once converted)',
      displayOptions: { show: { '@version': [1] } },
    },
    typeValidation.topLevel,
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add option',
      default: {},
      options: [ignoreCaseOption, typeValidation.inOptions],
    },
  ],
};
