import type { INodeTypeDescription } from 'n8n-workflow';
import { conditionsProperty, ignoreCaseOption, typeValidationProperties } from '../conditions/properties.ts';

const typeValidation = typeValidationProperties(3.1);

// The number of outputs depends on the parameters, as in n8n; the engine counts the arrays
// execute() returns. The expression gives an editor the outputs and their names.
const outputs: `={{${string}}}` = `={{ $parameter.mode === "expression"\
 ? Array.from({ length: $parameter.numberOutputs ?? 4 }, (_, i) => ({ type: "main", displayName: String(i) }))\
 : [...((($parameter.rules ?? {}).values) ?? []).map((rule, i) => ({ type: "main", displayName: (rule.renameOutput && rule.outputKey) || String(i) })),\
 ...((($parameter.options ?? {}).fallbackOutput === "extra") ? [{ type: "main", displayName: $parameter.options.renameFallbackOutput || "Fallback" }] : [])] }}`;

/** n8n's Switch (v3–3.2): each rule has its own output; items no rule matches may go to a fallback. */
export const switchDescription: INodeTypeDescription = {
  displayName: 'Switch',
  name: 'switch',
  icon: 'fa:map-signs',
  group: ['transform'],
  version: [3, 3.1, 3.2],
  defaultVersion: 3.2,
  description: 'Route items to numbered outputs by JSONLogic rules',
  subtitle: '={{"mode: " + $parameter["mode"]}}',
  defaults: { name: 'Switch' },
  inputs: ['main'],
  outputs,
  properties: [
    {
      displayName: 'Mode',
      name: 'mode',
      type: 'options',
      noDataExpression: true,
      options: [
        { name: 'Rules', value: 'rules', description: 'A JSONLogic rule for each output' },
        { name: 'Expression', value: 'expression', description: 'An expression that returns the output index' },
      ],
      default: 'rules',
    },
    {
      displayName: 'Number of Outputs',
      name: 'numberOutputs',
      type: 'number',
      default: 4,
      displayOptions: { show: { mode: ['expression'] } },
    },
    {
      displayName: 'Output Index',
      name: 'output',
      type: 'number',
      default: 0,
      hint: 'The index to route the item to, starts at 0',
      displayOptions: { show: { mode: ['expression'] } },
    },
    {
      displayName: 'Routing Rules',
      name: 'rules',
      placeholder: 'Add Routing Rule',
      type: 'fixedCollection',
      typeOptions: { multipleValues: true, sortable: true },
      default: { values: [] },
      displayOptions: { show: { mode: ['rules'] } },
      options: [
        {
          name: 'values',
          displayName: 'Values',
          values: [
            conditionsProperty,
            { displayName: 'Rename Output', name: 'renameOutput', type: 'boolean', default: false },
            {
              displayName: 'Output Name',
              name: 'outputKey',
              type: 'string',
              default: '',
              displayOptions: { show: { renameOutput: [true] } },
            },
          ],
        },
      ],
    },
    typeValidation.topLevel,
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add option',
      default: {},
      displayOptions: { show: { mode: ['rules'] } },
      options: [
        {
          displayName: 'Fallback Output',
          name: 'fallbackOutput',
          type: 'options',
          options: [
            { name: 'None (default)', value: 'none', description: 'Items no rule matches are dropped' },
            { name: 'Extra Output', value: 'extra', description: 'Items no rule matches go to an extra, last output' },
          ],
          default: 'none',
          description: "'none', 'extra', or the index of a rule's output to send unmatched items to",
        },
        ignoreCaseOption,
        typeValidation.inOptions,
        { displayName: 'Rename Fallback Output', name: 'renameFallbackOutput', type: 'string', default: '', displayOptions: { show: { fallbackOutput: ['extra'] } } },
        {
          displayName: 'Send data to all matching outputs',
          name: 'allMatchingOutputs',
          type: 'boolean',
          default: false,
          description: 'Whether an item goes to every output whose rule matches (and not just the first one)',
        },
      ],
    },
  ],
};
