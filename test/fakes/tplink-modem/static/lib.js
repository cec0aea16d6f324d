// Page crypto of the fake XX230v, in plain JavaScript like the firmware's lib.js: the UI is
// served over plain http on a LAN address (not a secure context), so crypto.subtle is not there.
//   md5(text) → hex; aesEncrypt(text, key, iv) → base64 (AES-128-CBC, PKCS#7, key/iv = 16 ASCII
//   chars); aesDecrypt(base64, key, iv) → text; rsaEncrypt(text, nnHex, eeHex) → hex (raw RSA, no
//   padding, modulus-sized chunks zero-padded at the end); randomKey() → 16 chars of
//   timestamp-ms + random digits.
(function () {
  'use strict';

  function utf8(text) {
    return new TextEncoder().encode(text);
  }

  function bytesToB64(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  }

  function b64ToBytes(b64) {
    var s = atob(b64);
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  function asciiBytes(s) {
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
    return out;
  }

  // ---- MD5 (RFC 1321) ----
  var MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
  var MD5_K = [];
  for (var k = 0; k < 64; k++) MD5_K[k] = Math.floor(Math.abs(Math.sin(k + 1)) * 4294967296) | 0;

  function md5(text) {
    var bytes = utf8(text);
    var len = bytes.length;
    var blocks = ((len + 8) >> 6) + 1;
    var m = new Array(blocks * 16).fill(0);
    for (var i = 0; i < len; i++) m[i >> 2] |= bytes[i] << ((i % 4) * 8);
    m[len >> 2] |= 0x80 << ((len % 4) * 8);
    m[blocks * 16 - 2] = (len * 8) >>> 0;
    m[blocks * 16 - 1] = Math.floor(len / 0x20000000);
    var h = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];
    for (var b = 0; b < blocks; b++) {
      var A = h[0], B = h[1], C = h[2], D = h[3];
      for (var j = 0; j < 64; j++) {
        var F, g;
        if (j < 16) { F = (B & C) | (~B & D); g = j; }
        else if (j < 32) { F = (D & B) | (~D & C); g = (5 * j + 1) % 16; }
        else if (j < 48) { F = B ^ C ^ D; g = (3 * j + 5) % 16; }
        else { F = C ^ (B | ~D); g = (7 * j) % 16; }
        F = (F + A + MD5_K[j] + m[b * 16 + g]) | 0;
        A = D; D = C; C = B;
        var s = MD5_S[(j >> 4) * 4 + (j % 4)];
        B = (B + ((F << s) | (F >>> (32 - s)))) | 0;
      }
      h[0] = (h[0] + A) | 0; h[1] = (h[1] + B) | 0; h[2] = (h[2] + C) | 0; h[3] = (h[3] + D) | 0;
    }
    var hex = '';
    for (var w = 0; w < 4; w++) for (var y = 0; y < 4; y++) hex += ((h[w] >>> (y * 8)) & 0xff).toString(16).padStart(2, '0');
    return hex;
  }

  // ---- AES-128 (FIPS-197), CBC with PKCS#7 ----
  var SBOX = new Uint8Array(256);
  var INV_SBOX = new Uint8Array(256);
  (function () {
    var p = 1, q = 1;
    var rotl = function (x, n) { return ((x << n) | (x >> (8 - n))) & 0xff; };
    do {
      p = (p ^ (p << 1) ^ (p & 0x80 ? 0x1b : 0)) & 0xff; // p × 3
      q ^= q << 1; q ^= q << 2; q ^= q << 4; q &= 0xff; // q ÷ 3
      if (q & 0x80) q ^= 0x09;
      SBOX[p] = q ^ rotl(q, 1) ^ rotl(q, 2) ^ rotl(q, 3) ^ rotl(q, 4) ^ 0x63;
    } while (p !== 1);
    SBOX[0] = 0x63;
    for (var i = 0; i < 256; i++) INV_SBOX[SBOX[i]] = i;
  })();

  function xtime(b) { return ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff; }
  function mul(a, b) {
    var r = 0;
    while (b) { if (b & 1) r ^= a; a = xtime(a); b >>= 1; }
    return r;
  }

  function expandKey(key) {
    var w = new Uint8Array(176);
    w.set(key);
    var rcon = 1;
    for (var i = 16; i < 176; i += 4) {
      var t0 = w[i - 4], t1 = w[i - 3], t2 = w[i - 2], t3 = w[i - 1];
      if (i % 16 === 0) {
        var t = t0;
        t0 = SBOX[t1] ^ rcon; t1 = SBOX[t2]; t2 = SBOX[t3]; t3 = SBOX[t];
        rcon = xtime(rcon);
      }
      w[i] = w[i - 16] ^ t0; w[i + 1] = w[i - 15] ^ t1; w[i + 2] = w[i - 14] ^ t2; w[i + 3] = w[i - 13] ^ t3;
    }
    return w;
  }

  function addRoundKey(s, w, round) { for (var i = 0; i < 16; i++) s[i] ^= w[round * 16 + i]; }
  function shiftRows(s, inverse) {
    var t = s.slice();
    for (var r = 1; r < 4; r++) for (var c = 0; c < 4; c++) {
      var from = inverse ? (c - r + 4) % 4 : (c + r) % 4;
      s[r + 4 * c] = t[r + 4 * from];
    }
  }
  function mixColumns(s, inverse) {
    var m = inverse ? [14, 11, 13, 9] : [2, 3, 1, 1];
    for (var c = 0; c < 4; c++) {
      var a = [s[4 * c], s[4 * c + 1], s[4 * c + 2], s[4 * c + 3]];
      for (var r = 0; r < 4; r++) {
        s[4 * c + r] = mul(a[r], m[0]) ^ mul(a[(r + 1) % 4], m[1]) ^ mul(a[(r + 2) % 4], m[2]) ^ mul(a[(r + 3) % 4], m[3]);
      }
    }
  }
  function encryptBlock(s, w) {
    addRoundKey(s, w, 0);
    for (var round = 1; round <= 10; round++) {
      for (var i = 0; i < 16; i++) s[i] = SBOX[s[i]];
      shiftRows(s, false);
      if (round < 10) mixColumns(s, false);
      addRoundKey(s, w, round);
    }
  }
  function decryptBlock(s, w) {
    addRoundKey(s, w, 10);
    for (var round = 9; round >= 0; round--) {
      shiftRows(s, true);
      for (var i = 0; i < 16; i++) s[i] = INV_SBOX[s[i]];
      addRoundKey(s, w, round);
      if (round > 0) mixColumns(s, true);
    }
  }

  function aesEncrypt(text, key, iv) {
    var w = expandKey(asciiBytes(key));
    var data = utf8(text);
    var pad = 16 - (data.length % 16);
    var buf = new Uint8Array(data.length + pad);
    buf.set(data);
    buf.fill(pad, data.length);
    var prev = asciiBytes(iv);
    for (var off = 0; off < buf.length; off += 16) {
      var block = buf.subarray(off, off + 16);
      for (var i = 0; i < 16; i++) block[i] ^= prev[i];
      encryptBlock(block, w);
      prev = block;
    }
    return bytesToB64(buf);
  }

  function aesDecrypt(b64, key, iv) {
    var w = expandKey(asciiBytes(key));
    var buf = b64ToBytes(b64);
    if (buf.length === 0 || buf.length % 16 !== 0) throw new Error('AES: data is not whole blocks');
    var out = new Uint8Array(buf.length);
    var prev = asciiBytes(iv);
    for (var off = 0; off < buf.length; off += 16) {
      var block = buf.slice(off, off + 16);
      decryptBlock(block, w);
      for (var i = 0; i < 16; i++) out[off + i] = block[i] ^ prev[i];
      prev = buf.subarray(off, off + 16);
    }
    var pad = out[out.length - 1];
    if (pad < 1 || pad > 16) throw new Error('AES: bad padding');
    for (var p = out.length - pad; p < out.length; p++) if (out[p] !== pad) throw new Error('AES: bad padding');
    return new TextDecoder('utf-8', { fatal: true }).decode(out.subarray(0, out.length - pad));
  }

  // ---- raw RSA (BigInt modPow) ----
  function modPow(base, exp, mod) {
    var result = 1n;
    base %= mod;
    while (exp > 0n) {
      if (exp & 1n) result = (result * base) % mod;
      base = (base * base) % mod;
      exp >>= 1n;
    }
    return result;
  }

  function rsaEncrypt(text, nnHex, eeHex) {
    var n = BigInt('0x' + nnHex);
    var e = BigInt('0x' + eeHex);
    var size = nnHex.length / 2;
    var bytes = utf8(text);
    var out = '';
    for (var pos = 0; pos < bytes.length; pos += size) {
      var hex = '';
      for (var i = 0; i < size; i++) hex += (pos + i < bytes.length ? bytes[pos + i] : 0).toString(16).padStart(2, '0');
      out += modPow(BigInt('0x' + hex), e, n).toString(16).padStart(size * 2, '0');
    }
    return out;
  }

  function randomKey() {
    return (String(Date.now()) + String(100000000 + Math.floor(Math.random() * 900000000))).slice(0, 16);
  }

  window.tpEncrypt = {
    md5: md5,
    aesEncrypt: aesEncrypt,
    aesDecrypt: aesDecrypt,
    rsaEncrypt: rsaEncrypt,
    randomKey: randomKey,
    base64Encode: function (text) { return bytesToB64(utf8(text)); },
  };
})();
