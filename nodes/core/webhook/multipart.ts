// multipart/form-data bodies (a browser or phone app uploading a photo with a few fields), read the
// way n8n's Webhook node presents them: text fields as `body`, each file as binary data named by
// its form field (`photo`; a second file in the same field `photo1`, then `photo2`, …). The host
// keeps every body as raw bytes, so the parsing is the platform's own (fetch's Response.formData).
import type { IBinaryData, IDataObject } from 'n8n-workflow';

export const isMultipart = (contentType: string | undefined): boolean => /^multipart\/form-data\s*;/i.test(contentType ?? '');

export interface MultipartBody {
  fields: IDataObject;
  files: Record<string, IBinaryData>;
}

/** Fields (a repeated name becomes a list) and files; throws on a malformed body. */
export async function parseMultipart(raw: Buffer, contentType: string): Promise<MultipartBody> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const fields: IDataObject = {};
  const files: Record<string, IBinaryData> = {};
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      const had = fields[name];
      fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had as string, value];
      continue;
    }
    const bytes = Buffer.from(await value.arrayBuffer());
    let key = name;
    for (let i = 1; key in files; i++) key = `${name}${i}`;
    files[key] = { data: bytes.toString('base64'), mimeType: value.type || 'application/octet-stream', fileSize: `${bytes.length} B`, ...(value.name ? { fileName: value.name } : {}) };
  }
  return { fields, files };
}
