import type { INodeTypeDescription } from 'n8n-workflow';
import { conditionsProperty, ignoreCaseOption, typeValidationProperties } from '../conditions/properties.ts';

const typeValidation = typeValidationProperties(2.1);

/** n8n's Filter (v2–2.2): keeps the items whose JSONLogic condition holds. */
export const filterDescription: INodeTypeDescription = {
  displayName: 'Filter',
  name: 'filter',
  icon: 'fa:filter',
  group: ['transform'],
  version: [2, 2.1, 2.2],
  defaultVersion: 2.2,
  description: 'Keep only the items matching a JSONLogic condition',
  defaults: { name: 'Filter' },
  inputs: ['main'],
  outputs: ['main'],
  outputNames: ['Kept'],
  properties: [
    conditionsProperty,
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
