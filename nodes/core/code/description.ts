import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

/** n8n's `jsCode` property; n8n declares it once per version and mode, so exports of both import unchanged. */
const jsCode: INodeProperties = {
  displayName: 'JavaScript',
  name: 'jsCode',
  type: 'string',
  typeOptions: { editor: 'codeNodeEditor', editorLanguage: 'javaScript' },
  default: '',
  description:
    'JavaScript code to run in the sandbox. Use <code>$input</code>, <code>$json</code>, <code>$(\'Node\')</code>, Luxon (<code>DateTime</code>) and <code>require()</code> for luxon, lodash and crypto. <code>console.log()</code> output is kept with the execution.',
  noDataExpression: true,
};

const pythonCode: INodeProperties = {
  displayName: 'Python',
  name: 'pythonCode',
  type: 'string',
  typeOptions: { editor: 'codeNodeEditor', editorLanguage: 'python' },
  default: '',
  description: 'Kept so n8n workflows with Python Code nodes import; Gigaflow runs JavaScript only',
  noDataExpression: true,
};

const modes = ['runOnceForAllItems', 'runOnceForEachItem'];

/** n8n's Code node, v1 (JavaScript only) and v2 (language option), with n8n's parameter names. */
export const codeDescription: INodeTypeDescription = {
  displayName: 'Code',
  name: 'code',
  icon: 'fa:code',
  group: ['transform'],
  version: [1, 2],
  defaultVersion: 2,
  description: 'Run custom JavaScript code',
  defaults: { name: 'Code' },
  inputs: ['main'],
  outputs: ['main'],
  parameterPane: 'wide',
  properties: [
    {
      displayName: 'Mode',
      name: 'mode',
      type: 'options',
      noDataExpression: true,
      options: [
        { name: 'Run Once for All Items', value: 'runOnceForAllItems', description: 'Run this code only once, no matter how many input items there are' },
        { name: 'Run Once for Each Item', value: 'runOnceForEachItem', description: 'Run this code as many times as there are input items' },
      ],
      default: 'runOnceForAllItems',
    },
    {
      displayName: 'Language',
      name: 'language',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { '@version': [2] } },
      options: [
        { name: 'JavaScript', value: 'javaScript' },
        { name: 'Python (not supported by Gigaflow)', value: 'python' },
      ],
      default: 'javaScript',
    },
    {
      displayName: 'Language',
      name: 'language',
      type: 'hidden',
      displayOptions: { show: { '@version': [1] } },
      default: 'javaScript',
    },
    ...modes.map((mode): INodeProperties => ({ ...jsCode, displayOptions: { show: { '@version': [1], mode: [mode] } } })),
    ...modes.map((mode): INodeProperties => ({ ...jsCode, displayOptions: { show: { '@version': [2], language: ['javaScript'], mode: [mode] } } })),
    ...modes.map((mode): INodeProperties => ({ ...pythonCode, displayOptions: { show: { language: ['python', 'pythonNative'], mode: [mode] } } })),
    {
      displayName:
        'Type <code>$</code> for a list of special vars/methods. <code>console.log()</code> output is kept with the execution (up to 1000 lines / 64 KB per node run).',
      name: 'notice',
      type: 'notice',
      displayOptions: { show: { language: ['javaScript'] } },
      default: '',
    },
  ],
};
