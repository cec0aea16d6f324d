// Turns a response (raw bytes, headers, status) into output items as n8n's HTTP Request v4 does:
// JSON (an array becomes one item per element), text under a field, or a file as binary data.
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import type { PreparedRequest, ResponseFormat } from './request.ts';

export interface RawResponse {
  body: Buffer;
  headers: Record<string, string>;
  statusCode: number;
  statusMessage: string;
}

/** Content types n8n's autodetect treats as files. */
const BINARY_TYPES = [
  'image/', 'audio/', 'video/', 'application/octet-stream', 'application/gzip', 'application/zip', 'application/vnd.rar',
  'application/epub+zip', 'application/x-bzip', 'application/x-bzip2', 'application/x-cdf', 'application/vnd.amazon.ebook',
  'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.ms-fontobject',
  'application/vnd.oasis.opendocument.presentation', 'application/pdf', 'application/x-tar', 'application/vnd.visio',
  'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/x-7z-compressed',
];

const EXTENSIONS: Record<string, string> = {
  'application/json': 'json', 'application/pdf': 'pdf', 'application/zip': 'zip', 'application/gzip': 'gz', 'application/xml': 'xml',
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/svg+xml': 'svg',
  'text/plain': 'txt', 'text/html': 'html', 'text/csv': 'csv', 'audio/mpeg': 'mp3', 'video/mp4': 'mp4',
};

function decodeText(bytes: Buffer, contentType: string): string {
  const charset = /charset=([^;]+)/i.exec(contentType)?.[1]?.trim().replace(/^"|"$/g, '');
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** Sizes as n8n shows them (pretty-bytes): "512 B", "1.5 kB", "2.3 MB". */
export function prettySize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))} ${units[unit]}`;
}

function fileTypeOf(mimeType: string): IBinaryData['fileType'] | undefined {
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('video/')) return 'video';
  if (mimeType.startsWith('audio/')) return 'audio';
  if (mimeType === 'application/pdf') return 'pdf';
  if (mimeType === 'application/json') return 'json';
  if (mimeType === 'text/html') return 'html';
  if (mimeType.startsWith('text/')) return 'text';
  return undefined;
}

/** The file name from Content-Disposition, else the last segment of the URL path. */
function fileNameOf(headers: Record<string, string>, url: string): string | undefined {
  const disposition = headers['content-disposition'] ?? '';
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1];
  if (star) return decodeURIComponent(star.trim().replace(/^"|"$/g, ''));
  const plain = /filename=("?)([^";]+)\1/i.exec(disposition)?.[2];
  if (plain) return plain.trim();
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

export function binaryData(res: RawResponse, url: string): IBinaryData {
  const mimeType = (res.headers['content-type'] ?? '').split(';')[0].trim() || 'application/octet-stream';
  const fileName = fileNameOf(res.headers, url);
  const fileExtension = (fileName?.includes('.') ? fileName.split('.').pop() : undefined) ?? EXTENSIONS[mimeType];
  const fileType = fileTypeOf(mimeType);
  return {
    data: res.body.toString('base64'),
    mimeType,
    ...(fileType ? { fileType } : {}),
    ...(fileName ? { fileName } : {}),
    ...(fileExtension ? { fileExtension } : {}),
    fileSize: prettySize(res.body.length),
  };
}

function detect(contentType: string): ResponseFormat {
  if (contentType.includes('application/json')) return 'json';
  return BINARY_TYPES.some((t) => contentType.includes(t)) ? 'file' : 'text';
}

/** One response as output items for input item `i`. */
export function responseItems(ctx: IExecuteFunctions, req: PreparedRequest, res: RawResponse, item: INodeExecutionData, i: number): INodeExecutionData[] {
  const contentType = res.headers['content-type'] ?? '';
  const format = req.format === 'autodetect' ? detect(contentType) : req.format;
  const meta = { headers: res.headers, statusCode: res.statusCode, statusMessage: res.statusMessage };
  const pairedItem = { item: i };

  if (format === 'file') {
    const binary = { ...(item.binary ?? {}), [req.outputPropertyName]: binaryData(res, req.options.url) };
    return [{ json: req.fullResponse ? meta : item.json, binary, pairedItem }];
  }
  const textBody = decodeText(res.body, contentType);
  if (format === 'text') {
    // Autodetected empty text is no value at all (n8n leaves the field undefined).
    const value = req.format === 'autodetect' && !textBody ? {} : { [req.outputPropertyName]: textBody };
    return [{ json: req.fullResponse ? { ...value, ...meta } : value, pairedItem }];
  }
  let body: unknown = {};
  if (textBody.trim()) {
    try {
      body = JSON.parse(textBody);
    } catch {
      if (req.format === 'autodetect' && req.neverError) body = {};
      else
        throw new NodeOperationError(
          ctx.getNode(),
          req.format === 'autodetect' ? 'Invalid JSON in response body' : 'Response body is not valid JSON. Change "Response Format" to "Text"',
          { itemIndex: i, description: textBody.slice(0, 500) },
        );
    }
  }
  if (req.fullResponse) return [{ json: { body, ...meta } as IDataObject, pairedItem }];
  const asJson = (v: unknown): IDataObject => (v === null ? {} : typeof v === 'object' && !Array.isArray(v) ? (v as IDataObject) : { data: v as IDataObject[string] });
  if (Array.isArray(body)) return body.map((element) => ({ json: asJson(element), pairedItem }));
  return [{ json: asJson(body), pairedItem }];
}
