// Describe / OCR: any prompt about the image; with a response schema the answer is parsed JSON
// (`data`), without one it is text (`text`).
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from '../../host/model/errors.ts';
import { readImage } from './image.ts';
import { geminiCredentials, requestOptionProperties, requestOptions, sendOrThrow, show } from './shared.ts';
import type { VisionOperation } from './shared.ts';

function schemaParameter(ctx: Parameters<VisionOperation['run']>[0], i: number): IDataObject | undefined {
  const value = ctx.getNodeParameter('responseSchema', i, '');
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new NodeOperationError(ctx.getNode().name, 'The "Response Schema" is not valid JSON', { parameter: 'responseSchema', itemIndex: i, description: (err as Error).message });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || typeof (parsed as IDataObject).type !== 'string')
    throw new NodeOperationError(ctx.getNode().name, 'The "Response Schema" must be a schema object with a "type"', {
      parameter: 'responseSchema',
      itemIndex: i,
      description: 'E.g. {"type":"OBJECT","properties":{"reading":{"type":"NUMBER"}},"required":["reading"]}',
    });
  return parsed as IDataObject;
}

export const describeImage: VisionOperation = {
  operation: { name: 'Describe / OCR Image', value: 'describe', action: 'Describe or read text in an image', description: 'Ask Gemini anything about the image; text or JSON by schema' },
  properties: [
    {
      displayName: 'Prompt',
      name: 'prompt',
      type: 'string',
      typeOptions: { rows: 4 },
      required: true,
      default: 'Describe this image.',
      displayOptions: show('describe'),
      description: 'What to ask about the image, e.g. "Read every line of text on this document"',
    },
    {
      displayName: 'Response Schema (JSON)',
      name: 'responseSchema',
      type: 'json',
      default: '',
      displayOptions: show('describe'),
      description: "Optional. Gemini's OpenAPI-subset schema (type, properties, required, items, enum, nullable); the answer then comes back as JSON in `data`",
    },
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add option',
      default: {},
      displayOptions: show('describe'),
      options: [
        ...requestOptionProperties,
        { displayName: 'Max Output Tokens', name: 'maxOutputTokens', type: 'number', typeOptions: { minValue: 1 }, default: 0, description: 'Limit of the answer; 0 uses the model default' },
      ],
    },
  ],
  async run(ctx, i) {
    const image = readImage(ctx, i);
    const opts = requestOptions(ctx, i);
    const prompt = String(ctx.getNodeParameter('prompt', i, '') ?? '').trim();
    if (!prompt) throw new NodeOperationError(ctx.getNode().name, '"Prompt" is empty', { parameter: 'prompt', itemIndex: i });
    const schema = schemaParameter(ctx, i);
    const cred = await geminiCredentials(ctx);
    const maxOutputTokens = Number(opts.raw.maxOutputTokens ?? 0) || undefined;
    const answer = await sendOrThrow(
      ctx,
      cred,
      { model: opts.model, image, prompt, schema, temperature: opts.temperature, maxOutputTokens, timeoutMs: opts.timeoutMs, signal: ctx.getExecutionCancelSignal?.() },
      opts,
    );
    const result: IDataObject = schema ? { data: answer.json as IDataObject } : { text: answer.text };
    return [{ ...result, finishReason: answer.finishReason ?? null, modelVersion: answer.modelVersion ?? opts.model, usage: answer.usage ?? null }];
  },
};
