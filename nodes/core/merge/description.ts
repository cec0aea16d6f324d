import type { IDisplayOptions, INodeParameters, INodeProperties, INodeTypeDescription, NodeParameterValue } from 'n8n-workflow';

// n8n's Merge v3 / 3.1 / 3.2 parameter shape (the three share it), so n8n exports import unchanged.

type Conditions = Record<string, NodeParameterValue[]>;
const show = (conditions: Conditions): IDisplayOptions => ({ show: conditions });
const byFields = { mode: ['combine'], combineBy: ['combineByFields'] };

const numberInputs = (when: Conditions): INodeProperties => ({
  displayName: 'Number of Inputs',
  name: 'numberInputs',
  type: 'options',
  noDataExpression: true,
  default: 2,
  options: [2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => ({ name: String(n), value: n })),
  description: 'The number of data inputs you want to merge. The node waits for all connected inputs to be executed.',
  displayOptions: show(when),
});

const clashHandling = (defaultValues: INodeParameters, displayOptions?: IDisplayOptions): INodeProperties => ({
  displayName: 'Clash Handling',
  name: 'clashHandling',
  type: 'fixedCollection',
  default: { values: defaultValues },
  ...(displayOptions ? { displayOptions } : {}),
  options: [
    {
      displayName: 'Values',
      name: 'values',
      values: [
        {
          displayName: 'When Field Values Clash',
          name: 'resolveClash',
          type: 'options',
          default: '',
          options: [
            { name: 'Always Add Input Number to Field Names', value: 'addSuffix' },
            { name: 'Prefer Input 1 Version', value: 'preferInput1' },
            { name: 'Prefer Last Input Version', value: 'preferLast' },
          ],
        },
        {
          displayName: 'Merging Nested Fields',
          name: 'mergeMode',
          type: 'options',
          default: 'deepMerge',
          options: [
            { name: 'Deep Merge', value: 'deepMerge', description: 'Merge at every level of nesting' },
            { name: 'Shallow Merge', value: 'shallowMerge', description: 'Merge at the top level only' },
          ],
          displayOptions: { show: { resolveClash: [{ _cnd: { not: 'addSuffix' } }] } },
        },
        {
          displayName: 'Minimize Empty Fields',
          name: 'overrideEmpty',
          type: 'boolean',
          default: false,
          description: "Whether to override the preferred input's field when it is empty (undefined, null or '') and the other is not",
          displayOptions: { show: { resolveClash: [{ _cnd: { not: 'addSuffix' } }] } },
        },
      ],
    },
  ],
});

const fuzzyCompare: INodeProperties = {
  displayName: 'Fuzzy Compare',
  name: 'fuzzyCompare',
  type: 'boolean',
  default: false,
  description: "Whether to tolerate small type differences when comparing fields, e.g. the number 3 and the string '3'",
};

const multipleMatches = (when: Conditions): INodeProperties => ({
  displayName: 'Multiple Matches',
  name: 'multipleMatches',
  type: 'options',
  default: 'all',
  options: [
    { name: 'Include All Matches', value: 'all', description: 'Output multiple items if there are multiple matches' },
    { name: 'Include First Match Only', value: 'first', description: 'Only ever output a single item per match' },
  ],
  displayOptions: show(when),
});

const outputDataFrom = (joinMode: string, bothName: string): INodeProperties => ({
  displayName: 'Output Data From',
  name: 'outputDataFrom',
  type: 'options',
  options: [
    { name: bothName, value: 'both' },
    { name: 'Input 1', value: 'input1' },
    { name: 'Input 2', value: 'input2' },
  ],
  default: 'both',
  displayOptions: show({ ...byFields, joinMode: [joinMode] }),
});

const combineByFieldsProperties: INodeProperties[] = [
  {
    displayName: 'Output Type',
    name: 'joinMode',
    type: 'options',
    options: [
      { name: 'Keep Matches', value: 'keepMatches', description: 'Items that match, merged together (inner join)' },
      { name: 'Keep Non-Matches', value: 'keepNonMatches', description: "Items that don't match" },
      { name: 'Keep Everything', value: 'keepEverything', description: "Items that match merged together, plus items that don't match (outer join)" },
      { name: 'Enrich Input 1', value: 'enrichInput1', description: 'All of input 1, with data from input 2 added in (left join)' },
      { name: 'Enrich Input 2', value: 'enrichInput2', description: 'All of input 2, with data from input 1 added in (right join)' },
    ],
    default: 'keepMatches',
    displayOptions: show(byFields),
  },
  {
    displayName: 'Match Fields with Different Names',
    name: 'advanced',
    type: 'boolean',
    default: false,
    displayOptions: show(byFields),
  },
  {
    displayName: 'Fields to Match',
    name: 'fieldsToMatchString',
    type: 'string',
    placeholder: 'e.g. id, name',
    default: '',
    description: 'The fields to use for matching input items, separated by commas',
    displayOptions: show({ ...byFields, advanced: [false] }),
  },
  {
    displayName: 'Fields to Match',
    name: 'mergeByFields',
    type: 'fixedCollection',
    placeholder: 'Add Fields to Match',
    default: { values: [{ field1: '', field2: '' }] },
    typeOptions: { multipleValues: true },
    displayOptions: show({ ...byFields, advanced: [true] }),
    options: [
      {
        displayName: 'Values',
        name: 'values',
        values: [
          { displayName: 'Input 1 Field', name: 'field1', type: 'string', default: '', placeholder: 'e.g. id' },
          { displayName: 'Input 2 Field', name: 'field2', type: 'string', default: '', placeholder: 'e.g. id' },
        ],
      },
    ],
  },
  outputDataFrom('keepMatches', 'Both Inputs Merged Together'),
  outputDataFrom('keepNonMatches', 'Both Inputs Appended Together'),
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    displayOptions: show(byFields),
    options: [
      clashHandling({ resolveClash: 'preferLast', mergeMode: 'deepMerge', overrideEmpty: false }, { hide: { '/joinMode': ['keepMatches', 'keepNonMatches'] } }),
      clashHandling({ resolveClash: 'preferLast', mergeMode: 'deepMerge', overrideEmpty: false }, show({ '/joinMode': ['keepMatches'], '/outputDataFrom': ['both'] })),
      {
        displayName: 'Disable Dot Notation',
        name: 'disableDotNotation',
        type: 'boolean',
        default: false,
        description: 'Whether to disallow referencing child fields using `parent.child` in the field name',
      },
      fuzzyCompare,
      multipleMatches({ '/joinMode': ['keepMatches'], '/outputDataFrom': ['both'] }),
      multipleMatches({ '/joinMode': ['enrichInput1', 'enrichInput2', 'keepEverything'] }),
    ],
  },
];

const combineByPositionProperties: INodeProperties[] = [
  numberInputs({ mode: ['combine'], combineBy: ['combineByPosition'] }),
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    displayOptions: show({ mode: ['combine'], combineBy: ['combineByPosition'] }),
    options: [
      clashHandling({ resolveClash: 'addSuffix' }),
      {
        displayName: 'Include Any Unpaired Items',
        name: 'includeUnpaired',
        type: 'boolean',
        default: false,
        description: 'Whether unpaired items are output when the inputs have different numbers of items',
      },
    ],
  },
];

const combineAllProperties: INodeProperties[] = [
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    displayOptions: show({ mode: ['combine'], combineBy: ['combineAll'] }),
    options: [clashHandling({ resolveClash: 'preferLast', mergeMode: 'deepMerge', overrideEmpty: false }), fuzzyCompare],
  },
];

const chooseBranchProperties: INodeProperties[] = [
  numberInputs({ mode: ['chooseBranch'] }),
  {
    displayName: 'Output Type',
    name: 'chooseBranchMode',
    type: 'options',
    options: [{ name: 'Wait for All Inputs to Arrive', value: 'waitForAll' }],
    default: 'waitForAll',
    displayOptions: show({ mode: ['chooseBranch'] }),
  },
  {
    displayName: 'Output',
    name: 'output',
    type: 'options',
    options: [
      { name: 'Data of Specified Input', value: 'specifiedInput' },
      { name: 'A Single, Empty Item', value: 'empty' },
    ],
    default: 'specifiedInput',
    displayOptions: show({ mode: ['chooseBranch'], chooseBranchMode: ['waitForAll'] }),
  },
  {
    displayName: 'Use Data of Input',
    name: 'useDataOfInput',
    type: 'number',
    default: 1,
    typeOptions: { minValue: 1 },
    description: 'The number of the input to use data of',
    displayOptions: show({ mode: ['chooseBranch'], output: ['specifiedInput'] }),
  },
];

export const mergeDescription: INodeTypeDescription = {
  displayName: 'Merge',
  name: 'merge',
  icon: 'fa:code-branch',
  group: ['transform'],
  version: [3, 3.1, 3.2],
  subtitle: '={{$parameter["mode"]}}',
  description: 'Merges data of multiple streams once data from both is available',
  defaults: { name: 'Merge' },
  // n8n computes the inputs from numberInputs; the engine also counts wired inputs, so more than two work.
  inputs: ['main', 'main'],
  outputs: ['main'],
  properties: [
    {
      displayName: 'Mode',
      name: 'mode',
      type: 'options',
      noDataExpression: true,
      options: [
        { name: 'Append', value: 'append', description: 'Output items of each input, one after the other' },
        { name: 'Combine', value: 'combine', description: 'Merge matching items together' },
        { name: 'SQL Query', value: 'combineBySql', description: 'Write a query to do the merge (not supported by Gigaflow)' },
        { name: 'Choose Branch', value: 'chooseBranch', description: 'Output data from a specific branch, without modifying it' },
      ],
      default: 'append',
      description: 'How input data should be merged',
    },
    {
      displayName: 'Combine By',
      name: 'combineBy',
      type: 'options',
      noDataExpression: true,
      options: [
        { name: 'Matching Fields', value: 'combineByFields', description: 'Combine items with the same field values' },
        { name: 'Position', value: 'combineByPosition', description: 'Combine items based on their order' },
        { name: 'All Possible Combinations', value: 'combineAll', description: 'Every pairing of every two items (cross join)' },
      ],
      default: 'combineByFields',
      displayOptions: show({ mode: ['combine'] }),
    },
    numberInputs({ mode: ['append'] }),
    ...combineAllProperties,
    ...combineByFieldsProperties,
    {
      displayName: 'Query',
      name: 'query',
      type: 'string',
      default: 'SELECT * FROM input1 LEFT JOIN input2 ON input1.name = input2.id',
      typeOptions: { rows: 5 },
      displayOptions: show({ mode: ['combineBySql'] }),
    },
    ...combineByPositionProperties,
    ...chooseBranchProperties,
  ],
};
