// What the fake Gemini API reads and writes, per integration-apis.md §6: the generateContent body in
// either casing (the REST layer takes snake_case and camelCase), the OpenAPI-subset responseSchema,
// Google's error envelope (google.rpc.Status) and the candidates/usageMetadata answer.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** A field in either spelling: `inline_data` or `inlineData`. */
export function field(obj: Obj, camel: string): unknown {
  if (camel in obj) return obj[camel];
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return obj[snake];
}

export const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Request contains an invalid argument.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: 'You exceeded your current quota, please check your plan and billing details.',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
  504: 'Deadline expired before operation could complete.',
};

/** The google.rpc.Status body Google sends with every error. */
export class ApiFailure extends Error {
  readonly code: number;
  readonly details: Obj[];

  constructor(code: number, message?: string, details: Obj[] = []) {
    super(message ?? DEFAULT_MESSAGES[code] ?? 'Error');
    this.code = code;
    this.details = details;
  }

  body(): Json {
    const status = STATUS_NAMES[this.code] ?? 'UNKNOWN';
    return { error: { code: this.code, message: this.message, status, ...(this.details.length ? { details: this.details as Json } : {}) } } as Json;
  }
}

export const errorInfo = (reason: string, metadata: Obj = {}): Obj => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata });
export const retryInfo = (delay: string): Obj => ({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay });

export interface ImagePart {
  mimeType: string;
  bytes: Buffer;
}

export interface ParsedRequest {
  images: ImagePart[];
  /** The text parts joined with newlines. */
  prompt: string;
  responseMimeType?: string;
  responseSchema?: Obj;
  /** Which spelling the client used for the image part ('inline_data' | 'inlineData'), for assertions. */
  casing: ('snake' | 'camel')[];
  generationConfig: Obj;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif', 'application/pdf', 'text/plain'];

/** Reads a generateContent body or throws the 400 Google would send. */
export function parseRequest(body: unknown): ParsedRequest {
  if (!isObj(body)) throw new ApiFailure(400, 'Invalid JSON payload received. Unknown name "": Root element must be a message.');
  const contents = field(body, 'contents');
  if (!Array.isArray(contents) || contents.length === 0) throw new ApiFailure(400, '* GenerateContentRequest.contents: contents is not specified\n');
  const images: ImagePart[] = [];
  const texts: string[] = [];
  const casing: ParsedRequest['casing'] = [];
  contents.forEach((content, c) => {
    const parts = isObj(content) ? content.parts : undefined;
    if (!Array.isArray(parts) || parts.length === 0) throw new ApiFailure(400, `* GenerateContentRequest.contents[${c}].parts: contents.parts must not be empty.\n`);
    parts.forEach((part, p) => {
      if (!isObj(part)) throw new ApiFailure(400, `Invalid value at 'contents[${c}].parts[${p}]'`);
      const inline = field(part, 'inlineData');
      if (typeof part.text === 'string') texts.push(part.text);
      else if (isObj(inline)) {
        casing.push('inlineData' in part ? 'camel' : 'snake');
        const mimeType = field(inline, 'mimeType');
        const data = inline.data;
        const where = `contents[${c}].parts[${p}].inline_data`;
        if (typeof mimeType !== 'string' || !mimeType) throw new ApiFailure(400, `* GenerateContentRequest.${where}.mime_type: mime_type is not specified\n`);
        if (!MIME_TYPES.includes(mimeType.toLowerCase())) throw new ApiFailure(400, `Unsupported MIME type: ${mimeType}`);
        if (typeof data !== 'string' || !BASE64.test(data)) throw new ApiFailure(400, `Invalid value at '${where}.data' (TYPE_BYTES), Base64 decoding failed for "${String(data).slice(0, 20)}"`);
        images.push({ mimeType: mimeType.toLowerCase(), bytes: Buffer.from(data, 'base64') });
      } else throw new ApiFailure(400, `* GenerateContentRequest.contents[${c}].parts[${p}].data: required oneof field 'data' must have one initialized field\n`);
    });
  });
  const config = field(body, 'generationConfig');
  const generationConfig = isObj(config) ? config : {};
  const responseMimeType = field(generationConfig, 'responseMimeType') as string | undefined;
  const schema = field(generationConfig, 'responseSchema');
  if (schema !== undefined) {
    if (!isObj(schema)) throw new ApiFailure(400, "Invalid value at 'generation_config.response_schema'");
    if (responseMimeType !== 'application/json' && responseMimeType !== 'text/x.enum')
      throw new ApiFailure(400, '* GenerateContentRequest.generation_config.response_schema: response_mime_type must be application/json or text/x.enum when response_schema is set.\n');
    checkSchema(schema, 'generation_config.response_schema');
  }
  return { images, prompt: texts.join('\n'), responseMimeType, responseSchema: schema as Obj | undefined, casing, generationConfig };
}

const TYPES = ['STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL'];

/** The Schema checks the API does: a known type, properties for objects, `required` naming properties, items for arrays. */
function checkSchema(schema: Obj, at: string): void {
  const type = typeof schema.type === 'string' ? schema.type.toUpperCase() : undefined;
  if (schema.anyOf !== undefined) {
    if (!Array.isArray(schema.anyOf)) throw new ApiFailure(400, `Invalid value at '${at}.any_of'`);
    schema.anyOf.forEach((s, i) => checkSchema(s as Obj, `${at}.any_of[${i}]`));
    return;
  }
  if (!type || !TYPES.includes(type)) throw new ApiFailure(400, `Invalid value at '${at}.type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), "${String(schema.type)}"`);
  if (type === 'OBJECT') {
    const props = isObj(schema.properties) ? schema.properties : {};
    if (!Object.keys(props).length) throw new ApiFailure(400, `* GenerateContentRequest.${at}.properties: should be non-empty for OBJECT type\n`);
    for (const [name, sub] of Object.entries(props)) checkSchema(sub as Obj, `${at}.properties[${name}].value`);
    for (const name of (schema.required as unknown[]) ?? [])
      if (!(String(name) in props)) throw new ApiFailure(400, `* GenerateContentRequest.${at}.required[${name}]: property is not defined\n`);
  }
  if (type === 'ARRAY') {
    if (!isObj(schema.items)) throw new ApiFailure(400, `* GenerateContentRequest.${at}.items: missing field.\n`);
    checkSchema(schema.items, `${at}.items`);
  }
}

/**
 * The scripted answer as the model would write it under this schema: object keys in
 * propertyOrdering (else declaration) order, only declared properties. A value the schema does
 * not allow is a mistake in the test, reported instead of answered.
 */
export function shape(value: unknown, schema: Obj | undefined, at = '$'): Json {
  if (!schema) return value as Json;
  if (Array.isArray(schema.anyOf)) {
    for (const option of schema.anyOf) {
      try {
        return shape(value, option as Obj, at);
      } catch {
        // try the next option
      }
    }
    throw new Error(`${at}: matches no anyOf option`);
  }
  const type = String(schema.type).toUpperCase();
  if (value === null || value === undefined) {
    if (schema.nullable === true || type === 'NULL') return null;
    throw new Error(`${at}: null, but the schema is not nullable`);
  }
  const fail = () => new Error(`${at}: ${JSON.stringify(value)} is not ${type}`);
  switch (type) {
    case 'STRING':
      if (typeof value !== 'string') throw fail();
      if (Array.isArray(schema.enum) && !schema.enum.includes(value)) throw new Error(`${at}: "${value}" is not one of ${JSON.stringify(schema.enum)}`);
      return value;
    case 'NUMBER':
      if (typeof value !== 'number') throw fail();
      return value;
    case 'INTEGER':
      if (!Number.isInteger(value)) throw fail();
      return value as number;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw fail();
      return value;
    case 'ARRAY':
      if (!Array.isArray(value)) throw fail();
      return value.map((v, i) => shape(v, schema.items as Obj, `${at}[${i}]`));
    case 'OBJECT': {
      if (!isObj(value)) throw fail();
      const props = (schema.properties ?? {}) as Record<string, Obj>;
      const order = Array.isArray(schema.propertyOrdering) ? (schema.propertyOrdering as string[]) : Object.keys(props);
      const keys = [...order, ...Object.keys(props).filter((k) => !order.includes(k))];
      for (const name of (schema.required as string[]) ?? []) if (!(name in value)) throw new Error(`${at}: required property "${name}" is missing`);
      const out: Record<string, Json> = {};
      for (const key of keys) if (key in value && key in props) out[key] = shape(value[key], props[key], `${at}.${key}`);
      return out;
    }
    default:
      throw fail();
  }
}

/** Gemini's rough token counts: about four characters a token, 258 tokens for an image up to 384 px. */
export function usage(prompt: string, images: number, answer: string): Json {
  const textTokens = Math.ceil(prompt.length / 4);
  const imageTokens = images * 258;
  const candidates = Math.ceil(answer.length / 4);
  return {
    promptTokenCount: textTokens + imageTokens,
    candidatesTokenCount: candidates,
    totalTokenCount: textTokens + imageTokens + candidates,
    promptTokensDetails: [
      { modality: 'TEXT', tokenCount: textTokens },
      ...(images ? [{ modality: 'IMAGE', tokenCount: imageTokens }] : []),
    ],
  };
}
