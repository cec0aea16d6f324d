// Runs inside the Code isolate only, installed by runtime.js (sandbox.ts reads this file as text).
// It builds the Code node's `console` and `require`:
//   console  captured per run into the run's frame, bounded (lines and characters), and handed
//            back to the host together with the result; nothing is printed anywhere.
//   require  an explicit allow-list of pure libraries that already live in this isolate (Luxon,
//            lodash, a small crypto subset backed by the narrow hash/random callbacks). Nothing of
//            the host is ever loaded; there is no module system behind it.
// Everything returned here is frozen by the runtime's lock-down together with the intrinsics.
(function installCodeGlobals(env) {
  'use strict';

  const { activeFrame, hash, randomHex, luxon, lodash } = env;
  const { DateTime, Duration, Interval, Info } = luxon;
  const { freeze, create: objectCreate, hasOwn, keys: objectKeys } = Object;
  const jsonStringify = JSON.stringify;
  const StringCtor = String;
  const ErrorCtor = Error;
  const DateCtor = Date;
  const dateNow = Date.now;
  const numberIsSafeInteger = Number.isSafeInteger;
  const parseIntFn = parseInt;

  // ---------------------------------------------------------------------------------------------
  // console

  const MAX_LINES = 1000;
  const MAX_CHARS = 64 * 1024;
  const TRUNCATED = 'console output truncated: the Code node keeps at most 1000 lines / 64 KB per run';

  function state(f) {
    let s = f.logs;
    if (s === null) s = f.logs = { lines: [], chars: 0, full: false, indent: 0, counts: null, timers: null };
    return s;
  }

  function push(level, text) {
    const f = activeFrame();
    if (f === null) return; // a detached callback after its run ended: nowhere to log to
    const s = state(f);
    if (s.full) return;
    let message = s.indent > 0 ? '  '.repeat(s.indent) + text : text;
    const room = MAX_CHARS - s.chars;
    if (s.lines.length >= MAX_LINES - 1 || message.length > room) {
      if (message.length > room && room > 0 && s.lines.length < MAX_LINES - 1) {
        message = message.slice(0, room);
        s.lines.push({ level, message, at: new DateCtor().toISOString() });
      }
      s.full = true;
      s.lines.push({ level: 'warn', message: TRUNCATED, at: new DateCtor().toISOString() });
      return;
    }
    s.chars += message.length;
    s.lines.push({ level, message, at: new DateCtor().toISOString() });
  }

  /** JSON with cycles marked instead of failing (the ancestors stack tells a cycle from a repeat). */
  function json(value) {
    const ancestors = [];
    return jsonStringify(value, function replacer(_key, v) {
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'function') return `[Function: ${v.name || '(anonymous)'}]`;
      if (typeof v === 'symbol') return v.toString();
      if (v === null || typeof v !== 'object') return v;
      while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
      if (ancestors.includes(v)) return '[Circular]';
      ancestors.push(v);
      return v;
    });
  }

  function inspect(v, top) {
    try {
      switch (typeof v) {
        case 'string':
          return top ? v : jsonStringify(v);
        case 'function':
          return `[Function: ${v.name || '(anonymous)'}]`;
        case 'symbol':
          return v.toString();
        case 'bigint':
          return `${v}n`;
        case 'object': {
          if (v === null) return 'null';
          if (v instanceof ErrorCtor) return `${StringCtor(v.name)}: ${StringCtor(v.message)}`;
          if (DateTime.isDateTime(v)) return v.isValid ? v.toISO() : 'Invalid DateTime';
          if (v instanceof DateCtor) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
          const text = json(v);
          return text === undefined ? StringCtor(v) : text;
        }
        default:
          return StringCtor(v);
      }
    } catch {
      return '[unprintable value]';
    }
  }

  /** console.log's formatting: printf-style placeholders in a first string argument, then the rest. */
  function format(args) {
    let rest = 0;
    const parts = [];
    if (typeof args[0] === 'string' && args[0].includes('%')) {
      rest = 1;
      const head = args[0].replace(/%[sdifjoOc%]/g, (token) => {
        if (token === '%%') return '%';
        if (rest >= args.length) return token;
        const v = args[rest++];
        switch (token) {
          case '%s':
            return typeof v === 'string' ? v : inspect(v, false);
          case '%d':
          case '%i': {
            const n = typeof v === 'bigint' ? v : Number(v);
            return token === '%i' && typeof n === 'number' ? StringCtor(Math.trunc(n)) : StringCtor(n);
          }
          case '%f':
            return StringCtor(Number(v));
          case '%c':
            return '';
          default:
            return inspect(v, false);
        }
      });
      parts.push(head);
    }
    for (let i = rest; i < args.length; i++) parts.push(inspect(args[i], true));
    return parts.join(' ');
  }

  const logAt = (level) =>
    function log(...args) {
      push(level, format(args));
    };

  function label(v) {
    return v === undefined ? 'default' : StringCtor(v);
  }

  const consoleObject = {
    log: logAt('info'),
    info: logAt('info'),
    debug: logAt('debug'),
    warn: logAt('warn'),
    error: logAt('error'),
    trace: logAt('info'),
    dir: (v) => push('info', inspect(v, false)),
    dirxml: logAt('info'),
    table: (v) => push('info', inspect(v, false)),
    assert(condition, ...args) {
      if (!condition) push('error', args.length ? `Assertion failed: ${format(args)}` : 'Assertion failed');
    },
    count(name) {
      const f = activeFrame();
      if (f === null) return;
      const s = state(f);
      const counts = (s.counts ??= objectCreate(null));
      const key = label(name);
      counts[key] = (counts[key] ?? 0) + 1;
      push('info', `${key}: ${counts[key]}`);
    },
    countReset(name) {
      const f = activeFrame();
      if (f !== null && f.logs !== null && f.logs.counts !== null) delete f.logs.counts[label(name)];
    },
    time(name) {
      const f = activeFrame();
      if (f === null) return;
      const s = state(f);
      (s.timers ??= objectCreate(null))[label(name)] = dateNow();
    },
    timeLog(name, ...args) {
      timer(name, false, args);
    },
    timeEnd(name) {
      timer(name, true, []);
    },
    group(...args) {
      if (args.length) push('info', format(args));
      const f = activeFrame();
      if (f !== null) state(f).indent++;
    },
    groupCollapsed(...args) {
      consoleObject.group(...args);
    },
    groupEnd() {
      const f = activeFrame();
      if (f !== null && f.logs !== null && f.logs.indent > 0) f.logs.indent--;
    },
    clear() {},
  };

  function timer(name, end, args) {
    const f = activeFrame();
    if (f === null) return;
    const s = state(f);
    const key = label(name);
    const started = s.timers === null ? undefined : s.timers[key];
    if (started === undefined) {
      push('warn', `No such label '${key}' for console.time${end ? 'End' : 'Log'}()`);
      return;
    }
    if (end) delete s.timers[key];
    push('info', `${key}: ${dateNow() - started}ms${args.length ? ' ' + format(args) : ''}`);
  }

  // ---------------------------------------------------------------------------------------------
  // crypto: the subset Code nodes use for ids and signatures. Digests are computed by the host's
  // hash callback (strings in, encoded digest out); randomness comes from the host's CSPRNG.

  const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3-256', 'sha3-384', 'sha3-512', 'ripemd160'];
  const ENCODINGS = ['hex', 'base64', 'base64url'];

  function algorithmName(algorithm) {
    const name = typeof algorithm === 'string' ? algorithm.toLowerCase().replace(/^sha-(\d)/, 'sha$1') : '';
    if (!ALGORITHMS.includes(name)) throw new ErrorCtor(`Digest method not supported: ${StringCtor(algorithm)} (supported: ${ALGORITHMS.join(', ')})`);
    return name;
  }

  class Hash {
    #algorithm;
    #key;
    #text = '';
    #done = false;
    constructor(algorithm, key) {
      this.#algorithm = algorithmName(algorithm);
      this.#key = key;
    }
    update(data, inputEncoding) {
      if (this.#done) throw new ErrorCtor('Digest already called');
      if (inputEncoding !== undefined && inputEncoding !== 'utf8' && inputEncoding !== 'utf-8') {
        throw new TypeError(`Input encoding '${StringCtor(inputEncoding)}' is not supported in the sandbox: pass a string`);
      }
      if (typeof data !== 'string') throw new TypeError('The data to hash must be a string in the sandbox (Buffers are not available)');
      this.#text += data;
      return this;
    }
    digest(encoding) {
      if (this.#done) throw new ErrorCtor('Digest already called');
      if (!ENCODINGS.includes(encoding)) {
        throw new TypeError(`digest() needs an output encoding (${ENCODINGS.join(', ')}): Buffers are not available in the sandbox`);
      }
      this.#done = true;
      return hash(this.#text, this.#algorithm, this.#key, encoding);
    }
  }

  function bytes(n) {
    const hex = randomHex(n);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = parseIntFn(hex.slice(i * 2, i * 2 + 2), 16);
    return out;
  }

  const crypto = {
    createHash(algorithm) {
      return new Hash(algorithm, undefined);
    },
    createHmac(algorithm, key) {
      if (typeof key !== 'string') throw new TypeError('The HMAC key must be a string in the sandbox (Buffers are not available)');
      return new Hash(algorithm, key);
    },
    getHashes() {
      return ALGORITHMS.slice();
    },
    randomUUID() {
      const h = randomHex(16);
      const variant = ((parseIntFn(h[16], 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    randomInt(min, max) {
      if (max === undefined) {
        max = min;
        min = 0;
      }
      if (!numberIsSafeInteger(min) || !numberIsSafeInteger(max) || max <= min) throw new RangeError('randomInt() expects safe integers with min < max');
      const range = max - min;
      if (range > 2 ** 48) throw new RangeError('randomInt() range must be at most 2^48');
      // Rejection sampling over 48 random bits keeps the result uniform.
      const limit = 2 ** 48 - (2 ** 48 % range);
      for (;;) {
        const n = parseIntFn(randomHex(6), 16);
        if (n < limit) return min + (n % range);
      }
    },
    getRandomValues(array) {
      if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
        throw new TypeError('getRandomValues() expects an integer typed array');
      }
      if (array.byteLength > 65536) throw new RangeError('getRandomValues() fills at most 65536 bytes');
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes(array.byteLength));
      return array;
    },
  };
  crypto.webcrypto = { getRandomValues: crypto.getRandomValues, randomUUID: crypto.randomUUID };

  // ---------------------------------------------------------------------------------------------
  // require

  const modules = objectCreate(null);
  modules.luxon = { DateTime, Duration, Interval, Info };
  modules.crypto = crypto;
  if (lodash !== undefined) modules.lodash = lodash;
  const BUILTINS = ['crypto'];
  const allowed = objectKeys(modules).sort().join(', ');

  function require(id) {
    if (typeof id !== 'string') throw new TypeError('require() expects a module name (a string)');
    let name = id;
    if (name.startsWith('node:') && BUILTINS.includes(name.slice(5))) name = name.slice(5);
    if (hasOwn(modules, name)) return modules[name];
    // lodash's per-method modules: require('lodash/get')
    const slash = name.indexOf('/');
    if (lodash !== undefined && name.slice(0, slash) === 'lodash') {
      const method = name.slice(slash + 1).replace(/\.js$/, '');
      if (hasOwn(lodash, method) && typeof lodash[method] === 'function') return lodash[method];
    }
    throw new ErrorCtor(`Cannot find module '${id}' (allowed: ${allowed})`);
  }

  return freeze({
    console: consoleObject,
    require,
    // for the lock-down: everything reachable from these gets frozen
    hidden: [consoleObject, require, crypto, Hash, modules],
  });
});
