// The gateway's 512-bit RSA key and the raw (unpadded) RSA the GDPR firmwares use for `sign`:
// the client encrypts the signed text in modulus-sized chunks, zero-padded at the end, with the
// public key; the fake decrypts each chunk with the private exponent (c^d mod n) and strips the
// zero padding. node:crypto has no raw-RSA decrypt for keys this small, so BigInt modPow it is.
import { generateKeyPairSync } from 'node:crypto';

export interface RsaKey {
  n: bigint;
  e: bigint;
  d: bigint;
  /** Modulus length in bytes (64 for 512 bits). */
  bytes: number;
  /** As `/cgi/getGDPRParm` publishes them: nn 128 hex, ee 6 hex. */
  nnHex: string;
  eeHex: string;
}

function b64urlToBigInt(s: string): bigint {
  return BigInt('0x' + Buffer.from(s, 'base64url').toString('hex'));
}

/** A fresh 512-bit key (a few ms): one per fake start, like a gateway's per-boot key. */
export function generateRsaKey(): RsaKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 512, publicExponent: 0x10001 });
  const jwk = privateKey.export({ format: 'jwk' });
  if (!jwk.n || !jwk.e || !jwk.d) throw new Error('RSA key export lacks n/e/d');
  const n = b64urlToBigInt(jwk.n);
  const bytes = Buffer.from(jwk.n, 'base64url').length;
  return {
    n,
    e: b64urlToBigInt(jwk.e),
    d: b64urlToBigInt(jwk.d),
    bytes,
    nnHex: n.toString(16).padStart(bytes * 2, '0'),
    eeHex: b64urlToBigInt(jwk.e).toString(16).padStart(6, '0'),
  };
}

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/**
 * Decrypts a `sign` value: hex chunks of exactly 2×bytes characters, each c^d mod n, concatenated
 * with the trailing zero bytes of the last chunk removed. Returns null for anything that is not
 * well-formed hex of whole chunks or whose chunks are not below the modulus.
 */
export function rawRsaDecrypt(signHex: string, key: RsaKey): Buffer | null {
  const width = key.bytes * 2;
  if (!/^[0-9a-fA-F]+$/.test(signHex) || signHex.length % width !== 0) return null;
  const parts: Buffer[] = [];
  for (let i = 0; i < signHex.length; i += width) {
    const c = BigInt('0x' + signHex.slice(i, i + width));
    if (c >= key.n) return null;
    const m = modPow(c, key.d, key.n);
    parts.push(Buffer.from(m.toString(16).padStart(width, '0'), 'hex'));
  }
  const all = Buffer.concat(parts);
  let end = all.length;
  while (end > 0 && all[end - 1] === 0) end--;
  return all.subarray(0, end);
}
