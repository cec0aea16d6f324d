// Random webhook requests: content types (right, wrong and malformed), bodies (valid and broken
// JSON, deep nesting, huge keys, urlencoded nesting, multipart, binary) and header values.
import fc from 'fast-check';

const enc = new TextEncoder();

export const contentType = fc.oneof(
  fc.constantFrom(
    'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=bogus',
    'application/vnd.api+json', 'application/x-www-form-urlencoded', 'text/plain', 'text/csv; charset=latin1', 'text/xml',
    'multipart/form-data; boundary=XyZ', 'multipart/form-data', 'multipart/form-data; boundary=', 'multipart/mixed; boundary=XyZ',
    'application/octet-stream', 'image/png', '*/*', 'application/', ';;;', 'application/json;', 'x'.repeat(2000),
  ),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).filter(printable),
);

function printable(s: string): boolean {
  // What fetch lets through as a header value (visible ASCII and inner spaces).
  return /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(s);
}

const nested = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);

const multipart = fc
  .array(
    fc.record({
      name: fc.oneof(fc.constantFrom('file', '__proto__', 'a[b][c]', '', 'constructor'), fc.string({ maxLength: 10 })),
      filename: fc.option(fc.constantFrom('a.txt', '../../etc/passwd', '', 'x'.repeat(500), 'ünï.bin')),
      type: fc.option(fc.constantFrom('text/plain', 'application/octet-stream', 'bogus')),
      data: fc.string({ unit: 'binary', maxLength: 50 }),
    }),
    { maxLength: 4 },
  )
  .chain((parts) =>
    fc.boolean().map((terminated) =>
      parts
        .map((p) => `--XyZ\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== null ? `; filename="${p.filename}"` : ''}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n${p.data}\r\n`)
        .join('') + (terminated ? '--XyZ--\r\n' : ''),
    ),
  );

/** A request body as bytes. */
export const body: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => enc.encode(JSON.stringify(v) ?? 'null')),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => enc.encode(s)),
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', 'null', '', 'NaN', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', 'a[__proto__][polluted]=1&b=2', 'a[b][c][d][e][f][g]=1', '\uFEFF{"a":1}').map((s) => enc.encode(s)),
  fc.oneof(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom(999, 1001, 20_000)).map((d) => enc.encode(nested(d, '[', ']'))),
  fc.oneof(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom(999, 1001, 20_000)).map((d) => enc.encode(nested(d, '{"a":', '}'))),
  fc.integer({ min: 10, max: 3000 }).map((d) => enc.encode(`${'a'.repeat(d).split('').map(() => '[x]').join('').replace(/^/, 'k')}=1`)),
  fc.integer({ min: 1000, max: 100_000 }).map((n) => enc.encode(JSON.stringify({ ['k'.repeat(n)]: 'v'.repeat(n) }))),
  multipart.map((s) => enc.encode(s)),
);

/** Extra headers with odd values (only what fetch can send; raw bytes are covered by a socket test). */
export const headers = fc.dictionary(
  fc.constantFrom('x-fuzz', 'origin', 'accept', 'accept-encoding', 'x-forwarded-for', 'authorization', 'cookie', 'user-agent', 'x-api-key', 'content-language'),
  fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).filter(printable), fc.constantFrom('*', 'null', '__proto__', 'x'.repeat(4000), '127.0.0.1, 10.0.0.1')),
  { maxKeys: 4 },
);
