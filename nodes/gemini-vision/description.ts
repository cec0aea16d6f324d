import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { CREDENTIAL_TYPE, DEFAULT_MODEL } from './client.ts';
import { describeImage } from './describe.ts';
import { scanLabel } from './scan.ts';
import type { VisionOperation } from './shared.ts';

/** Every operation, in the order the Operation list shows them. */
export const OPERATIONS: VisionOperation[] = [scanLabel, describeImage];

export const operationFor = (name: string): VisionOperation | undefined => OPERATIONS.find((o) => o.operation.value === name);

const imageProperties: INodeProperties[] = [
  {
    displayName: 'Input',
    name: 'inputType',
    type: 'options',
    options: [
      { name: 'Binary Property', value: 'binary', description: "The item's binary data, e.g. a photo POSTed to a Webhook with Raw Body on" },
      { name: 'Base64', value: 'base64', description: 'Base64 text (or a data: URL) from a parameter or expression' },
    ],
    default: 'binary',
  },
  {
    displayName: 'Binary Property',
    name: 'binaryPropertyName',
    type: 'string',
    default: 'data',
    displayOptions: { show: { inputType: ['binary'] } },
    description: 'Name of the binary property that holds the image',
  },
  {
    displayName: 'Base64 Image',
    name: 'base64Image',
    type: 'string',
    default: '',
    placeholder: '={{ $json.photo }}',
    displayOptions: { show: { inputType: ['base64'] } },
    description: 'The image bytes as base64; the type is read from the bytes',
  },
  {
    displayName: 'MIME Type',
    name: 'mimeType',
    type: 'string',
    default: '',
    placeholder: 'image/jpeg',
    displayOptions: { show: { inputType: ['base64'] } },
    description: 'Only needed when the bytes do not say it (PNG, JPEG, WebP and HEIC are recognised)',
  },
];

export const geminiVisionDescription: INodeTypeDescription = {
  displayName: 'Gemini Vision',
  name: 'geminiVision',
  icon: 'fa:camera',
  group: ['transform'],
  version: 1,
  subtitle: '={{$parameter["operation"] === "describe" ? "Describe / OCR" : "Scan Label / QR"}}',
  description: 'Read device labels and QR codes from photos (locally first, then Gemini), or ask Gemini about any image',
  defaults: { name: 'Gemini Vision' },
  inputs: ['main'],
  outputs: ['main'],
  credentials: [{ name: CREDENTIAL_TYPE, required: true }],
  codex: { categories: ['Vision'] },
  properties: [
    { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, options: OPERATIONS.map((o) => o.operation), default: 'scanLabel' },
    ...imageProperties,
    { displayName: 'Model', name: 'model', type: 'string', default: DEFAULT_MODEL, description: 'A Gemini model that reads images, e.g. gemini-2.5-flash (fast) or gemini-2.5-pro' },
    ...OPERATIONS.flatMap((o) => o.properties),
  ],
};
