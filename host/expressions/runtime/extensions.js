// Gigaflow's own implementation of the n8n "data transformation functions" (extension methods
// such as "text".toTitleCase() or [1, 2].sum()). Like runtime.js this file is read as text by
// sandbox.ts and evaluated INSIDE the isolate; the methods are installed (non-enumerable) on the
// built-in prototypes of that isolate only, before they are frozen. Written from the public
// documentation of the behaviour, not from n8n's source.
(function installExtensions(env) {
  'use strict';

  const { luxon, defineMethod, hash, SandboxError } = env;
  const { DateTime, Duration } = luxon;
  const { keys: objectKeys, entries: objectEntries } = Object;
  const isArray = Array.isArray;
  const hasOwn = Object.hasOwn;

  const fail = (message) => new SandboxError(message);

  // ---------------------------------------------------------------------------------------------
  // Helpers

  function deepEqual(a, b) {
    if (a === b) return true;
    if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
    if (isArray(a) !== isArray(b)) return false;
    if (DateTime.isDateTime(a) && DateTime.isDateTime(b)) return a.equals(b);
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
    const ka = objectKeys(a);
    const kb = objectKeys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!hasOwn(b, k) || !deepEqual(a[k], b[k])) return false;
    }
    return true;
  }

  function uniqueBy(list, project) {
    const out = [];
    const seen = [];
    for (const v of list) {
      const key = project(v);
      let dup = false;
      for (const s of seen) {
        if (deepEqual(s, key)) {
          dup = true;
          break;
        }
      }
      if (!dup) {
        seen.push(key);
        out.push(v);
      }
    }
    return out;
  }

  function includesDeep(list, v) {
    for (const w of list) if (deepEqual(w, v)) return true;
    return false;
  }

  // Unit names as users write them -> Luxon duration units / DateTime units.
  const DURATION_UNITS = {
    ms: 'milliseconds', millisecond: 'milliseconds', milliseconds: 'milliseconds',
    s: 'seconds', sec: 'seconds', secs: 'seconds', second: 'seconds', seconds: 'seconds',
    m: 'minutes', min: 'minutes', mins: 'minutes', minute: 'minutes', minutes: 'minutes',
    h: 'hours', hr: 'hours', hrs: 'hours', hour: 'hours', hours: 'hours',
    d: 'days', day: 'days', days: 'days',
    w: 'weeks', week: 'weeks', weeks: 'weeks',
    month: 'months', months: 'months',
    q: 'quarters', quarter: 'quarters', quarters: 'quarters',
    y: 'years', year: 'years', years: 'years',
  };
  function durationUnit(unit) {
    const u = DURATION_UNITS[String(unit)];
    if (!u) throw fail(`Unsupported unit '${String(unit)}'`);
    return u;
  }
  function dateTimeUnit(unit) {
    return durationUnit(unit).replace(/s$/, '');
  }

  // Current-currency symbols stripped before numeric conversion ("€12.50".toNumber()).
  const CURRENCY = /[$€£¥₹₽₩₺₴₦₱฿₫₪¢₡₲₵₸₼₾]|\b(?:USD|EUR|GBP|CHF|JPY|CNY|INR|CAD|AUD)\b/g;

  // ---------------------------------------------------------------------------------------------
  // UTF-8 + base64 (the isolate has no Buffer / btoa / TextEncoder).

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64_INDEX = new Map();
  for (let i = 0; i < B64.length; i++) B64_INDEX.set(B64[i], i);
  B64_INDEX.set('-', 62);
  B64_INDEX.set('_', 63);

  function utf8Bytes(s) {
    const out = [];
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }

  function utf8Decode(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i];
      let cp;
      let n;
      if (b < 0x80) {
        cp = b;
        n = 1;
      } else if (b >= 0xc0 && b < 0xe0) {
        cp = b & 31;
        n = 2;
      } else if (b >= 0xe0 && b < 0xf0) {
        cp = b & 15;
        n = 3;
      } else if (b >= 0xf0 && b < 0xf8) {
        cp = b & 7;
        n = 4;
      } else {
        out += '\ufffd';
        i++;
        continue;
      }
      if (i + n > bytes.length) {
        out += '\ufffd';
        break;
      }
      for (let k = 1; k < n; k++) cp = (cp << 6) | (bytes[i + k] & 63);
      out += String.fromCodePoint(cp > 0x10ffff ? 0xfffd : cp);
      i += n;
    }
    return out;
  }

  function base64Encode(s) {
    const bytes = utf8Bytes(s);
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const a = bytes[i];
      const b = bytes[i + 1];
      const c = bytes[i + 2];
      out += B64[a >> 2] + B64[((a & 3) << 4) | ((b ?? 0) >> 4)];
      out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)];
      out += c === undefined ? '=' : B64[c & 63];
    }
    return out;
  }

  function base64Decode(s) {
    const clean = s.replace(/[\s=]/g, '');
    const bytes = [];
    let buffer = 0;
    let bits = 0;
    for (const ch of clean) {
      const v = B64_INDEX.get(ch);
      if (v === undefined) throw fail('base64Decode(): the string is not valid base64');
      buffer = (buffer << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes.push((buffer >> bits) & 0xff);
      }
    }
    return utf8Decode(bytes);
  }

  // ---------------------------------------------------------------------------------------------
  // Dates

  function parseDateString(s, format) {
    if (format === 'ms' || format === 's' || format === 'us' || format === 'excel') return numberToDateTime(Number(s), format);
    if (format) {
      const dt = DateTime.fromFormat(s, String(format));
      if (!dt.isValid) throw fail(`cannot convert '${s}' to a DateTime with format '${String(format)}'`);
      return dt;
    }
    const text = s.trim();
    for (const parser of [DateTime.fromISO, DateTime.fromRFC2822, DateTime.fromHTTP, DateTime.fromSQL]) {
      const dt = parser.call(DateTime, text);
      if (dt.isValid) return dt;
    }
    if (/^-?\d+$/.test(text)) return DateTime.fromMillis(Number(text));
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return DateTime.fromMillis(ms);
    throw fail('cannot convert to Luxon DateTime');
  }

  function numberToDateTime(n, format = 'ms') {
    if (typeof n !== 'number' || !Number.isFinite(n)) throw fail('cannot convert to Luxon DateTime');
    switch (format) {
      case 'ms':
        return DateTime.fromMillis(n);
      case 's':
        return DateTime.fromMillis(n * 1000);
      case 'us':
        return DateTime.fromMillis(n / 1000);
      case 'excel':
        // Days since 1899-12-30 (Excel's epoch including its 1900 leap-year quirk).
        return DateTime.fromMillis(Math.round((n - 25569) * 86400000));
      default:
        throw fail(`Unsupported format '${String(format)}'. toDateTime() supports 'ms', 's', 'us' and 'excel'.`);
    }
  }

  function toDT(v) {
    if (DateTime.isDateTime(v)) return v;
    if (v instanceof Date) return DateTime.fromJSDate(v);
    if (typeof v === 'number') return DateTime.fromMillis(v);
    if (typeof v === 'string') return parseDateString(v);
    throw fail('expected a date (DateTime, Date, ISO string or milliseconds)');
  }

  // ---------------------------------------------------------------------------------------------
  // Strings

  const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'en', 'for', 'if', 'in', 'nor', 'of', 'on', 'or', 'per', 'so', 'the', 'to', 'up', 'via', 'vs', 'yet']);
  const EMAIL = /(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|"[^"\r\n]+")@(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}|\[\d{1,3}(?:\.\d{1,3}){3}\])/;
  const HOST = '(?:(?:[A-Za-z0-9\\u00a1-\\uffff](?:[A-Za-z0-9\\u00a1-\\uffff-]*[A-Za-z0-9\\u00a1-\\uffff])?\\.)+(?:[A-Za-z\\u00a1-\\uffff]{2,}|xn--[A-Za-z0-9]+)|localhost|\\d{1,3}(?:\\.\\d{1,3}){3})';
  const URL_IN_TEXT = new RegExp(`(?:https?|ftp)://(?:www\\.)?${HOST}(?::\\d{1,5})?(?:[/?#][^\\s]*)?`, 'i');
  const URL_EXACT = new RegExp(`^(?:https?|ftp)://(?:www\\.)?${HOST}(?::\\d{1,5})?(?:[/?#][^\\s]*)?$`, 'i');
  const DOMAIN_EXACT = new RegExp(`^(?:www\\.)?${HOST}(?::\\d{1,5})?(?:[/?#][^\\s]*)?$`, 'i');
  const DOMAIN_FROM_URL = new RegExp(`^(?:(?:https?|ftp)://)?(?:mailto:)?(?://)?(${HOST})(?::\\d{1,5})?(?:[/?#][^\\s]*)?$`, 'i');
  const TRANSLITERATE = {
    ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'TH', ł: 'l', Ł: 'L', ı: 'i', ħ: 'h', Ħ: 'H', ŋ: 'ng', Ŋ: 'NG',
    '“': '"', '”': '"', '„': '"', '‘': "'", '’': "'", '‚': "'", '–': '-', '—': '-', '…': '...', '€': 'EUR', '£': 'GBP', '©': '(c)', '®': '(r)', '™': '(tm)', '\u00a0': ' ',
  };

  function words(s) {
    return s
      .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w !== '');
  }

  const stringMethods = {
    isEmpty() {
      return String(this) === '';
    },
    isNotEmpty() {
      return String(this) !== '';
    },
    isBlank() {
      return String(this).trim() === '';
    },
    isNotBlank() {
      return String(this).trim() !== '';
    },
    toTitleCase() {
      let first = true;
      return String(this).replace(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu, (w) => {
        const isFirst = first;
        first = false;
        if (!isFirst && SMALL_WORDS.has(w.toLowerCase())) return w.toLowerCase();
        return w[0].toLocaleUpperCase() + w.slice(1);
      });
    },
    toSentenceCase() {
      let capitalizeNext = true;
      let out = '';
      for (const ch of String(this).toLocaleLowerCase()) {
        if (capitalizeNext && /\p{L}/u.test(ch)) {
          out += ch.toLocaleUpperCase();
          capitalizeNext = false;
        } else {
          out += ch;
          if (ch === '.' || ch === '!' || ch === '?') capitalizeNext = true;
        }
      }
      return out;
    },
    toSnakeCase() {
      return words(String(this))
        .map((w) => w.toLocaleLowerCase())
        .join('_');
    },
    toKebabCase() {
      return words(String(this))
        .map((w) => w.toLocaleLowerCase())
        .join('-');
    },
    toCamelCase() {
      return words(String(this))
        .map((w, i) => (i === 0 ? w.toLocaleLowerCase() : w[0].toLocaleUpperCase() + w.slice(1).toLocaleLowerCase()))
        .join('');
    },
    extractEmail() {
      const m = EMAIL.exec(String(this));
      return m ? m[0] : undefined;
    },
    isEmail() {
      const s = String(this).trim();
      const m = EMAIL.exec(s);
      return m !== null && m[0] === s;
    },
    extractUrl() {
      const m = URL_IN_TEXT.exec(String(this));
      return m ? m[0].replace(/[.,;:!?)]+$/, '') : undefined;
    },
    isUrl() {
      return URL_EXACT.test(String(this));
    },
    isDomain() {
      return DOMAIN_EXACT.test(String(this));
    },
    extractDomain() {
      const s = String(this).trim();
      const email = EMAIL.exec(s);
      if (email && email[0] === s) return s.slice(s.lastIndexOf('@') + 1);
      const m = DOMAIN_FROM_URL.exec(s);
      return m ? m[1] : undefined;
    },
    extractUrlPath() {
      const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*(\/[^?#\s]*)?/i.exec(String(this));
      if (!m) return undefined;
      return m[1] || '/';
    },
    isNumeric() {
      const s = String(this);
      if (s === '' || /\s/.test(s)) return false;
      return !Number.isNaN(Number(s)) && !Number.isNaN(parseFloat(s));
    },
    toNumber() {
      const n = Number(String(this).replace(CURRENCY, '').trim());
      if (Number.isNaN(n)) throw fail('cannot convert to number');
      return n;
    },
    toInt(radix) {
      const n = parseInt(String(this).replace(CURRENCY, '').trim(), radix);
      if (Number.isNaN(n)) throw fail('cannot convert to integer');
      return n;
    },
    toFloat() {
      const s = String(this);
      if (s.includes(',')) throw fail('cannot convert to float, expected . as decimal separator');
      const n = parseFloat(s.replace(CURRENCY, '').trim());
      if (Number.isNaN(n)) throw fail('cannot convert to float');
      return n;
    },
    toBoolean() {
      const s = String(this).trim().toLowerCase();
      return s !== '' && s !== 'false' && s !== 'no' && s !== '0' && s !== 'off';
    },
    toDateTime(format) {
      return parseDateString(String(this), format);
    },
    base64Encode() {
      return base64Encode(String(this));
    },
    base64Decode() {
      return base64Decode(String(this));
    },
    urlEncode(entireString = false) {
      return entireString ? encodeURI(String(this)) : encodeURIComponent(String(this));
    },
    urlDecode(entireString = false) {
      return entireString ? decodeURI(String(this)) : decodeURIComponent(String(this));
    },
    hash(algorithm = 'md5') {
      const algo = String(algorithm).toLowerCase();
      if (algo === 'base64') return base64Encode(String(this));
      return hash(String(this), algo);
    },
    removeTags() {
      return String(this).replace(/<[^>]*>?/g, '');
    },
    removeMarkdown() {
      return String(this)
        .replace(/^```[^\n]*\n?/gm, '')
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, '')
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
        .replace(/^\s{0,3}\[[^\]]+\]:\s*\S+.*$/gm, '')
        .replace(/<[^>]+>/g, '')
        .replace(/^\s{0,3}#{1,6}\s+/gm, '')
        .replace(/^\s{0,3}>\s?/gm, '')
        .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, '')
        .replace(/^\s*(?:[-*_]\s*){3,}$/gm, '')
        .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
        .replace(/(\*|_)(?=\S)([\s\S]*?\S)\1/g, '$2')
        .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
        .replace(/`([^`]+)`/g, '$1')
        .replace(/\n{3,}/g, '\n\n');
    },
    replaceSpecialChars() {
      let out = '';
      for (const ch of String(this)) {
        if (ch.charCodeAt(0) < 0x80) {
          out += ch;
          continue;
        }
        const mapped = TRANSLITERATE[ch];
        if (mapped !== undefined) {
          out += mapped;
          continue;
        }
        const stripped = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
        out += /^[\x00-\x7f]+$/.test(stripped) ? stripped : '?';
      }
      return out;
    },
    quote(mark = '"') {
      const q = String(mark);
      const s = String(this).replace(/\\/g, '\\\\');
      return q + (q === '' ? s : s.split(q).join('\\' + q)) + q;
    },
    parseJson() {
      const s = String(this);
      try {
        return JSON.parse(s);
      } catch {
        throw fail(s.includes("'") ? "Parsing failed. Check you're using double quotes" : 'Parsing failed');
      }
    },
    toJsonString() {
      return JSON.stringify(String(this));
    },
  };
  stringMethods.toWholeNumber = stringMethods.toInt;
  stringMethods.toDecimalNumber = stringMethods.toFloat;

  // ---------------------------------------------------------------------------------------------
  // Numbers

  const numberMethods = {
    round(decimalPlaces = 0) {
      const d = Number(decimalPlaces);
      if (!Number.isInteger(d) || d < 0 || d > 100) throw fail('round(): decimal places must be an integer between 0 and 100');
      return Number(Number(this).toFixed(d));
    },
    floor() {
      return Math.floor(Number(this));
    },
    ceil() {
      return Math.ceil(Number(this));
    },
    abs() {
      return Math.abs(Number(this));
    },
    isInteger() {
      return Number.isInteger(Number(this));
    },
    isEven() {
      const n = Number(this);
      if (!Number.isInteger(n)) throw fail('isEven() is only callable on integers');
      return n % 2 === 0;
    },
    isOdd() {
      const n = Number(this);
      if (!Number.isInteger(n)) throw fail('isOdd() is only callable on integers');
      return Math.abs(n % 2) === 1;
    },
    toBoolean() {
      return Number(this) !== 0;
    },
    toInt() {
      return Math.round(Number(this));
    },
    toFloat() {
      return Number(this);
    },
    format(locales = 'en-US', options = {}) {
      return new Intl.NumberFormat(locales, options).format(Number(this));
    },
    toDateTime(format) {
      return numberToDateTime(Number(this), format === undefined ? 'ms' : format);
    },
  };
  numberMethods.toWholeNumber = numberMethods.toInt;
  numberMethods.toDecimalNumber = numberMethods.toFloat;

  // ---------------------------------------------------------------------------------------------
  // Booleans

  const booleanMethods = {
    toNumber() {
      return this.valueOf() ? 1 : 0;
    },
    toInt() {
      return this.valueOf() ? 1 : 0;
    },
    toFloat() {
      return this.valueOf() ? 1 : 0;
    },
    toBoolean() {
      return this.valueOf() === true;
    },
  };

  // ---------------------------------------------------------------------------------------------
  // Arrays

  function numbersOnly(list, name) {
    for (const v of list) if (typeof v !== 'number') throw fail(`${name}(): all array elements must be numbers`);
    return list;
  }

  function compactValue(v) {
    if (isArray(v)) return arrayMethods.compact.call(v);
    if (v !== null && typeof v === 'object' && !DateTime.isDateTime(v) && !(v instanceof Date)) return objectMethods.compact.call(v);
    return v;
  }
  function isEmptyish(v) {
    if (v === null || v === undefined || v === '' || v === 'nil') return true;
    if (typeof v === 'number' && Number.isNaN(v)) return true;
    if (typeof v === 'object' && !DateTime.isDateTime(v) && !(v instanceof Date)) return objectKeys(v).length === 0;
    return false;
  }

  const arrayMethods = {
    first() {
      return this[0];
    },
    last() {
      return this[this.length - 1];
    },
    isEmpty() {
      return this.length === 0;
    },
    isNotEmpty() {
      return this.length > 0;
    },
    pluck(...fields) {
      if (fields.length === 0) return Array.from(this);
      const out = [];
      for (const v of this) {
        if (v === null || typeof v !== 'object') continue;
        const picked = [];
        for (const f of fields) if (hasOwn(v, f)) picked.push(v[f]);
        if (picked.length > 0) out.push(picked.length === 1 ? picked[0] : picked);
      }
      return out;
    },
    unique(...fields) {
      const flat = fields.length === 1 && isArray(fields[0]) ? fields[0] : fields;
      return uniqueBy(this, (v) => {
        if (flat.length === 0 || v === null || typeof v !== 'object') return v;
        const key = {};
        for (const f of flat) key[f] = v[f];
        return key;
      });
    },
    sum() {
      let total = 0;
      for (const v of numbersOnly(this, 'sum')) total += v;
      return total;
    },
    average() {
      numbersOnly(this, 'average');
      if (this.length === 0) return 0;
      let total = 0;
      for (const v of this) total += v;
      return total / this.length;
    },
    min() {
      return Math.min(...numbersOnly(this, 'min'));
    },
    max() {
      return Math.max(...numbersOnly(this, 'max'));
    },
    chunk(size) {
      const n = Number(size);
      if (!Number.isInteger(n) || n <= 0) throw fail('chunk(): expected a positive integer, e.g. .chunk(5)');
      const out = [];
      for (let i = 0; i < this.length; i += n) out.push(this.slice(i, i + n));
      return out;
    },
    compact() {
      const out = [];
      for (const v of this) if (!isEmptyish(v)) out.push(compactValue(v));
      return out;
    },
    randomItem() {
      return this.length === 0 ? undefined : this[Math.floor(Math.random() * this.length)];
    },
    union(other) {
      if (!isArray(other)) throw fail('union(): expected an array argument, e.g. .union([1, 2, 3])');
      return uniqueBy([...this, ...other], (v) => v);
    },
    intersection(other) {
      if (!isArray(other)) throw fail('intersection(): expected an array argument, e.g. .intersection([1, 2, 3])');
      return uniqueBy(
        this.filter((v) => includesDeep(other, v)),
        (v) => v,
      );
    },
    difference(other) {
      if (!isArray(other)) throw fail('difference(): expected an array argument, e.g. .difference([1, 2, 3])');
      return uniqueBy(
        this.filter((v) => !includesDeep(other, v)),
        (v) => v,
      );
    },
    merge(other) {
      // Merges the objects of this array (and, pairwise, of `other`) into ONE object; keys seen
      // first win.
      const target = {};
      const add = (o) => {
        if (o === null || typeof o !== 'object' || isArray(o)) return;
        for (const [k, v] of objectEntries(o)) if (!hasOwn(target, k)) target[k] = v;
      };
      if (other === undefined) {
        for (const o of this) add(o);
        return target;
      }
      if (!isArray(other)) throw fail('merge(): expected an array argument, e.g. .merge([{ id: 1 }])');
      const n = Math.max(this.length, other.length);
      for (let i = 0; i < n; i++) {
        add(this[i]);
        add(other[i]);
      }
      return target;
    },
    smartJoin(keyField, valueField) {
      if (typeof keyField !== 'string' || typeof valueField !== 'string' || !keyField || !valueField) {
        throw fail('smartJoin(): expected two string arguments, e.g. .smartJoin("name", "value")');
      }
      const out = {};
      for (const v of this) {
        if (v !== null && typeof v === 'object' && keyField in v && valueField in v) out[v[keyField]] = v[valueField];
      }
      return out;
    },
    renameKeys(...pairs) {
      if (pairs.length === 0 || pairs.length % 2 !== 0) {
        throw fail('renameKeys(): expected pairs of arguments: from1, to1 [, from2, to2, ...]');
      }
      return this.map((v) => {
        if (v === null || typeof v !== 'object' || isArray(v)) return v;
        const copy = { ...v };
        for (let i = 0; i < pairs.length; i += 2) {
          const from = pairs[i];
          const to = pairs[i + 1];
          if (hasOwn(copy, from)) {
            const value = copy[from];
            delete copy[from];
            copy[to] = value;
          }
        }
        return copy;
      });
    },
    append(...values) {
      return [...this, ...values];
    },
    toJsonString() {
      return JSON.stringify(this);
    },
  };
  arrayMethods.removeDuplicates = arrayMethods.unique;

  // ---------------------------------------------------------------------------------------------
  // Objects

  function urlEncodeForm(v) {
    return encodeURIComponent(v)
      .replace(/%20/g, '+')
      .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  }

  const objectMethods = {
    isEmpty() {
      return objectKeys(this).length === 0;
    },
    isNotEmpty() {
      return objectKeys(this).length > 0;
    },
    hasField(name) {
      return hasOwn(this, name);
    },
    removeField(name) {
      if (!hasOwn(this, name)) return this;
      const copy = { ...this };
      delete copy[name];
      return copy;
    },
    removeFieldsContaining(text) {
      if (typeof text !== 'string' || text === '') throw fail('removeFieldsContaining(): expected a non-empty string argument');
      const out = {};
      for (const [k, v] of objectEntries(this)) if (!(typeof v === 'string' && v.includes(text))) out[k] = v;
      return out;
    },
    keepFieldsContaining(text) {
      if (typeof text !== 'string' || text === '') throw fail('keepFieldsContaining(): expected a non-empty string argument');
      const out = {};
      for (const [k, v] of objectEntries(this)) if (typeof v === 'string' && v.includes(text)) out[k] = v;
      return out;
    },
    compact() {
      const out = {};
      for (const [k, v] of objectEntries(this)) if (!isEmptyish(v)) out[k] = compactValue(v);
      return out;
    },
    toJsonString() {
      return JSON.stringify(this);
    },
    urlEncode() {
      return objectEntries(this)
        .map(([k, v]) => `${urlEncodeForm(String(k))}=${urlEncodeForm(String(v))}`)
        .join('&');
    },
    merge(other) {
      if (other === undefined || other === null) return { ...this };
      if (typeof other !== 'object') throw fail('merge(): expected an object argument');
      const out = { ...this };
      for (const [k, v] of objectEntries(other)) if (!hasOwn(out, k)) out[k] = v;
      return out;
    },
    keys() {
      return objectKeys(this);
    },
    values() {
      return Object.values(this);
    },
  };

  // ---------------------------------------------------------------------------------------------
  // DateTime (Luxon) and Date

  const origPlus = DateTime.prototype.plus;
  const origMinus = DateTime.prototype.minus;
  function durationArg(n, unit) {
    if (typeof n === 'number' && unit !== undefined) return { [durationUnit(unit)]: n };
    if (typeof n === 'string' && unit !== undefined && n.trim() !== '' && !Number.isNaN(Number(n))) return { [durationUnit(unit)]: Number(n) };
    return n;
  }

  const dateTimeMethods = {
    plus(n, unit) {
      return origPlus.call(this, durationArg(n, unit));
    },
    minus(n, unit) {
      return origMinus.call(this, durationArg(n, unit));
    },
    format(fmt = 'yyyy-MM-dd', localeOptions) {
      return this.toFormat(String(fmt), localeOptions ? { ...localeOptions } : undefined);
    },
    beginningOf(unit = 'week') {
      return this.startOf(dateTimeUnit(unit));
    },
    endOfMonth() {
      return this.endOf('month');
    },
    isWeekend() {
      return this.weekday === 6 || this.weekday === 7;
    },
    isDst() {
      return this.isInDST;
    },
    extract(part = 'week') {
      const p = String(part);
      if (p === 'week' || p === 'weekNumber') return this.weekNumber;
      if (p === 'yearDayNumber' || p === 'dayOfYear' || p === 'ordinal') return this.ordinal;
      if (p === 'weekday') return this.weekday;
      if (p === 'quarter') return this.quarter;
      const unit = dateTimeUnit(p);
      return this.get(unit);
    },
    isBetween(a, b) {
      if (a === undefined || b === undefined) throw fail('isBetween(): expected exactly two arguments');
      const x = toDT(a);
      const y = toDT(b);
      const lo = x < y ? x : y;
      const hi = x < y ? y : x;
      return lo < this && this < hi;
    },
    isInLast(n = 0, unit = 'minutes') {
      const now = DateTime.now();
      const from = origMinus.call(now, { [durationUnit(unit)]: Number(n) });
      return from <= this && this <= now;
    },
    diffTo(other = DateTime.now(), unit = 'days') {
      const units = (isArray(unit) ? unit : [unit]).map(durationUnit);
      const d = this.diff(toDT(other), units.length ? units : ['days']);
      return units.length > 1 ? d.toObject() : d.as(units[0] || 'days');
    },
    diffToNow(unit = 'days') {
      return dateTimeMethods.diffTo.call(this, DateTime.now(), unit);
    },
    toDateTime() {
      return this;
    },
    toInt() {
      return this.toMillis();
    },
    toFloat() {
      return this.toMillis();
    },
    isEmpty() {
      return false;
    },
    isNotEmpty() {
      return true;
    },
  };

  const dateMethods = {
    toDateTime() {
      return DateTime.fromJSDate(this);
    },
    format(fmt, localeOptions) {
      return dateTimeMethods.format.call(DateTime.fromJSDate(this), fmt, localeOptions);
    },
    beginningOf(unit) {
      return DateTime.fromJSDate(this).startOf(dateTimeUnit(unit === undefined ? 'week' : unit)).toJSDate();
    },
    endOfMonth() {
      return DateTime.fromJSDate(this).endOf('month').toJSDate();
    },
    isWeekend() {
      return dateTimeMethods.isWeekend.call(DateTime.fromJSDate(this));
    },
    extract(part) {
      return dateTimeMethods.extract.call(DateTime.fromJSDate(this), part);
    },
    isBetween(a, b) {
      return dateTimeMethods.isBetween.call(DateTime.fromJSDate(this), a, b);
    },
    isEmpty() {
      return false;
    },
    isNotEmpty() {
      return true;
    },
  };

  const durationMethods = {
    isEmpty() {
      return false;
    },
    isNotEmpty() {
      return true;
    },
  };

  // ---------------------------------------------------------------------------------------------
  // Install (order matters: Object.prototype first so the more specific prototypes shadow it).

  const install = (proto, methods) => {
    for (const name of objectKeys(methods)) defineMethod(proto, name, methods[name]);
  };
  install(Object.prototype, objectMethods);
  install(Array.prototype, arrayMethods);
  install(String.prototype, stringMethods);
  install(Number.prototype, numberMethods);
  install(Boolean.prototype, booleanMethods);
  install(DateTime.prototype, dateTimeMethods);
  install(Date.prototype, dateMethods);
  install(Duration.prototype, durationMethods);
});
