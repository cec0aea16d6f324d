// Gigaflow sandbox runtime. This file is NOT imported by the host: sandbox.ts reads it as text
// and evaluates it INSIDE the isolated-vm isolate, once per isolate, right after Luxon.
//
// It receives:
//   luxon              the Luxon module object (loaded from luxon's IIFE build in this isolate)
//   installExtensions  the function from extensions.js (n8n-style data transformation functions)
//   cbData             ivm.Callback: (token, op, name, a, b) -> JSON string | status number | undefined
//   cbHash             ivm.Callback: (text, algorithm, hmacKey?, encoding?) -> digest | status number
//   config             { mode: 'expression' | 'code', limits: { maxElements, maxStringLength, maxCollectionSize } }
//   cbRandom           ivm.Callback: (byteCount) -> hex string of random bytes | status number
//   lodashFactory      Code isolate only: returns lodash's exports (its UMD build, wrapped), else undefined
//   installCodeGlobals Code isolate only: the function from code-globals.js (console capture, require)
//
// Both callbacks only ever see primitives (ivm copies arguments), validate them on the host and
// answer with strings/numbers. Neither callback is reachable from user code: they live in this
// closure only. After setup every intrinsic is frozen, dangerous globals are deleted and the
// global object is locked, so one evaluation cannot tamper with the next.
(function gigaflowRuntime(luxon, installExtensions, cbData, cbHash, config, cbRandom, lodashFactory, installCodeGlobals) {
  'use strict';

  const G = globalThis;
  const ObjectCtor = Object;
  const { defineProperty, freeze, getOwnPropertyDescriptor, getPrototypeOf, create: objectCreate, isFrozen, preventExtensions } = Object;
  const { apply: reflectApply, ownKeys } = Reflect;
  const jsonParse = JSON.parse;
  const jsonStringify = JSON.stringify;
  const isArray = Array.isArray;
  const hasOwn = Object.hasOwn;
  const MapCtor = Map;
  const ErrorCtor = Error;
  const StringCtor = String;
  const numberIsInteger = Number.isInteger;
  const { DateTime, Duration, Interval, Settings, Info } = luxon;

  const MODE = config.mode;
  const UNSET = Symbol('unset');

  // Data callback operations (mirrored in sandbox.ts).
  const OP_ITEM = 1;
  const OP_INPUT_ALL = 2;
  const OP_OUTPUT = 3;
  const OP_PAIRED = 4;
  const OP_PARAMS = 5;
  const OP_META = 6;
  const OP_HAS_NODE = 7;
  const OP_EXECUTED = 8;
  // Status answers.
  const S_NO_NODE = -1;
  const S_NOT_EXECUTED = -2;
  const S_NO_PAIRED = -3;
  const S_STALE = -4;
  const S_BAD_ARG = -5;

  // ---------------------------------------------------------------------------------------------
  // Errors. A failure leaves `run`/`collect` as '\u0002' + JSON { k: kind, m: message, n: name,
  // d: description, l: line }. Kinds are decided here, never taken from user-controlled values:
  // 'syntax' (our compile step), 'miss' (compile cache miss), 'sandbox' (errors of this runtime),
  // 'runtime' (anything user code threw).

  class SandboxError extends ErrorCtor {
    constructor(message, description) {
      super(message);
      this.description = description;
    }
  }
  defineProperty(SandboxError.prototype, 'name', { value: 'ExpressionError', writable: true, configurable: true });

  function safeString(v) {
    try {
      return typeof v === 'string' ? v : StringCtor(v);
    } catch {
      return 'Unknown error';
    }
  }

  function describe(err, kind, lineOffset) {
    const info = { k: kind, m: 'Unknown error', n: 'Error' };
    try {
      if (err !== null && (typeof err === 'object' || typeof err === 'function')) {
        const m = err.message;
        info.m = m === undefined ? safeString(err) : safeString(m);
        const n = err.name;
        if (typeof n === 'string') info.n = n;
        const d = err instanceof SandboxError ? err.description : undefined;
        if (typeof d === 'string') info.d = d;
        if (err instanceof SandboxError) info.k = 'sandbox';
        const stack = err.stack;
        if (typeof stack === 'string' && lineOffset !== undefined) {
          const match = /<anonymous>:(\d+):(\d+)/.exec(stack);
          if (match) info.l = Number(match[1]) - lineOffset;
        }
      } else {
        info.m = safeString(err);
      }
    } catch {
      // A hostile getter: keep the generic message.
    }
    if (info.m.length > 4000) info.m = info.m.slice(0, 4000) + '…';
    return info;
  }

  /** Thrown by the compile step only; never visible to user code. */
  class CompileFailure {
    constructor(info) {
      this.info = info;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluation frames. One frame per evaluation; objects handed to user code keep their frame and
  // refuse to work once it has ended, so data of one evaluation cannot be read from another.

  let frame = null;

  class Frame {
    constructor(token, itemIndex, runIndex) {
      this.token = token;
      this.itemIndex = itemIndex;
      this.runIndex = runIndex;
      this.active = true;
      this.json = UNSET;
      this.item = UNSET;
      this.inputAll = UNSET;
      this.cache = null;
      this.meta = null;
      this.input = null;
      this.now = UNSET;
      /** Code only: captured console output of this run (see code-globals.js). */
      this.logs = null;
    }
  }

  function current() {
    const f = frame;
    if (f === null || !f.active) throw new SandboxError('No expression is being evaluated: data from a finished evaluation cannot be used');
    return f;
  }

  function ask(f, op, name, a, b) {
    if (!f.active) throw new SandboxError('Data from a finished evaluation cannot be used');
    const r = cbData(f.token, op, name, a, b);
    if (typeof r === 'string' && r.charCodeAt(0) === 0) throw new SandboxError(r.slice(1));
    if (r === S_STALE) throw new SandboxError('Data from a finished evaluation cannot be used');
    if (r === S_BAD_ARG) throw new SandboxError('Invalid argument');
    return r;
  }

  function cached(f, key, load) {
    let c = f.cache;
    if (c === null) c = f.cache = new MapCtor();
    if (c.has(key)) return c.get(key);
    const v = load();
    c.set(key, v);
    return v;
  }

  function parse(r) {
    return typeof r === 'string' ? jsonParse(r) : undefined;
  }

  function toIndex(v, fallback, what) {
    if (v === undefined || v === null) return fallback;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !numberIsInteger(n) || n < 0 || n > 10_000_000) {
      throw new SandboxError(`${what} must be a non-negative integer`);
    }
    return n;
  }

  function nodeName(name) {
    if (typeof name !== 'string' || name === '') throw new SandboxError('Node name must be a non-empty string');
    if (name.length > 1000) throw new SandboxError('Node name is too long');
    return name;
  }

  function getMeta(f, which) {
    let m = f.meta;
    if (m === null) m = f.meta = objectCreate(null);
    if (which in m) return m[which];
    const v = parse(ask(f, OP_META, which, -1, -1));
    m[which] = v;
    return v;
  }

  // ---- current item / input
  function inputAll(f) {
    if (f.inputAll === UNSET) {
      const all = parse(ask(f, OP_INPUT_ALL, '', -1, -1)) || [];
      // Keep identity with an already loaded $json / $input.item.
      const i = f.itemIndex;
      if (all[i] !== undefined && all[i] !== null) {
        if (f.item !== UNSET && f.item !== undefined) all[i] = f.item;
        else if (f.json !== UNSET) all[i].json = f.json;
      }
      f.inputAll = all;
    }
    return f.inputAll;
  }

  function inputItem(f) {
    if (f.item === UNSET) {
      let item;
      if (f.inputAll !== UNSET) item = f.inputAll[f.itemIndex];
      else {
        item = parse(ask(f, OP_ITEM, '', f.itemIndex, -1));
        if (item && f.json !== UNSET) item.json = f.json;
      }
      f.item = item;
    }
    return f.item;
  }

  function currentJson(f) {
    if (f.json === UNSET) {
      const item = inputItem(f);
      let json = item ? item.json : undefined;
      if (json === undefined || json === null) {
        json = {};
        if (item) item.json = json;
      }
      f.json = json;
    }
    return f.json;
  }

  function currentBinary(f) {
    const item = inputItem(f);
    if (!item) return {};
    if (item.binary === undefined || item.binary === null) item.binary = {};
    return item.binary;
  }

  // ---- other nodes
  function requireNode(f, name) {
    const exists = cached(f, 'has\u0000' + name, () => ask(f, OP_HAS_NODE, name, -1, -1) === 1);
    if (!exists) throw new SandboxError("Referenced node doesn't exist", `There is no node called '${name}' in this workflow`);
  }

  function notExecuted(name) {
    return new SandboxError(`Node '${name}' hasn't been executed`, `Execute the node '${name}' (or an earlier node connected to it) before this one`);
  }

  function nodeOutput(f, name, outputIndex, runIndex) {
    const o = toIndex(outputIndex, 0, 'Output index');
    const r = toIndex(runIndex, -1, 'Run index');
    return cached(f, `out\u0000${name}\u0000${o}\u0000${r}`, () => {
      const res = ask(f, OP_OUTPUT, name, o, r);
      if (res === S_NO_NODE) throw new SandboxError("Referenced node doesn't exist", `There is no node called '${name}' in this workflow`);
      if (res === S_NOT_EXECUTED) throw notExecuted(name);
      return parse(res) || [];
    });
  }

  function pairedItem(f, name, itemIndex) {
    const i = toIndex(itemIndex, f.itemIndex, 'Item index');
    return cached(f, `pair\u0000${name}\u0000${i}`, () => {
      const res = ask(f, OP_PAIRED, name, i, -1);
      if (res === S_NO_NODE) throw new SandboxError("Referenced node doesn't exist", `There is no node called '${name}' in this workflow`);
      if (res === S_NOT_EXECUTED) throw notExecuted(name);
      if (res === S_NO_PAIRED) {
        throw new SandboxError(`Paired item data for item from node '${name}' is unavailable`, `Item ${i} cannot be traced back to an item of '${name}'; use $('${name}').first() or .all() instead`);
      }
      return parse(res);
    });
  }

  function nodeParams(f, name) {
    return cached(f, 'params\u0000' + name, () => {
      const res = ask(f, OP_PARAMS, name, -1, -1);
      if (res === S_NO_NODE) throw new SandboxError("Referenced node doesn't exist", `There is no node called '${name}' in this workflow`);
      return parse(res) || {};
    });
  }

  function isExecuted(f, name) {
    return cached(f, 'exec\u0000' + name, () => {
      const res = ask(f, OP_EXECUTED, name, -1, -1);
      if (res === S_NO_NODE) throw new SandboxError("Referenced node doesn't exist", `There is no node called '${name}' in this workflow`);
      return res === 1;
    });
  }

  // `$('Node')` — the objects keep their frame in a private field that user code cannot reach.
  class NodeAccessor {
    #f;
    #name;
    constructor(f, name) {
      this.#f = f;
      this.#name = name;
    }
    all(branchIndex, runIndex) {
      return nodeOutput(this.#f, this.#name, branchIndex, runIndex);
    }
    first(branchIndex, runIndex) {
      return nodeOutput(this.#f, this.#name, branchIndex, runIndex)[0];
    }
    last(branchIndex, runIndex) {
      const all = nodeOutput(this.#f, this.#name, branchIndex, runIndex);
      return all[all.length - 1];
    }
    get item() {
      return pairedItem(this.#f, this.#name, undefined);
    }
    itemMatching(itemIndex) {
      return pairedItem(this.#f, this.#name, itemIndex === undefined ? undefined : itemIndex);
    }
    pairedItem(itemIndex) {
      return pairedItem(this.#f, this.#name, itemIndex);
    }
    get isExecuted() {
      return isExecuted(this.#f, this.#name);
    }
    get params() {
      return nodeParams(this.#f, this.#name);
    }
    get name() {
      return this.#name;
    }
  }

  // `$node["Node"]` (legacy).
  class LegacyNode {
    #f;
    #name;
    constructor(f, name) {
      this.#f = f;
      this.#name = name;
    }
    #item() {
      const all = nodeOutput(this.#f, this.#name, 0, undefined);
      return all[this.#f.itemIndex] || all[0];
    }
    get json() {
      const item = this.#item();
      return item ? item.json : undefined;
    }
    get data() {
      return this.json;
    }
    get binary() {
      const item = this.#item();
      return item ? item.binary : undefined;
    }
    get parameter() {
      return nodeParams(this.#f, this.#name);
    }
    get isExecuted() {
      return isExecuted(this.#f, this.#name);
    }
    get name() {
      return this.#name;
    }
  }

  class InputAccessor {
    #f;
    constructor(f) {
      this.#f = f;
    }
    all() {
      return inputAll(this.#f);
    }
    first() {
      return inputAll(this.#f)[0];
    }
    last() {
      const all = inputAll(this.#f);
      return all[all.length - 1];
    }
    get item() {
      return inputItem(this.#f);
    }
    get params() {
      const f = this.#f;
      const node = getMeta(f, 'node');
      return nodeParams(f, node.name);
    }
  }

  function accessor(f, key, make) {
    return cached(f, key, make);
  }

  function $(name) {
    const f = current();
    const n = nodeName(name);
    requireNode(f, n);
    return accessor(f, 'acc\u0000' + n, () => new NodeAccessor(f, n));
  }

  function $items(name, outputIndex, runIndex) {
    const f = current();
    if (name === undefined) return inputAll(f);
    const n = nodeName(name);
    requireNode(f, n);
    return nodeOutput(f, n, outputIndex, runIndex);
  }

  const nodeProxyTarget = freeze(objectCreate(null));
  const nodeProxy = new Proxy(nodeProxyTarget, {
    get(_t, prop) {
      if (typeof prop !== 'string') return undefined;
      const f = current();
      const exists = cached(f, 'has\u0000' + prop, () => ask(f, OP_HAS_NODE, prop, -1, -1) === 1);
      if (exists) return accessor(f, 'legacy\u0000' + prop, () => new LegacyNode(f, prop));
      // `$node.name` etc.: the current node, when no node of that name exists.
      const self = getMeta(f, 'node');
      if (self && hasOwn(self, prop)) return self[prop];
      if (prop === 'toJSON' || prop === 'then') return undefined;
      throw new SandboxError("Referenced node doesn't exist", `There is no node called '${prop}' in this workflow`);
    },
    has(_t, prop) {
      if (typeof prop !== 'string') return false;
      const f = current();
      return ask(f, OP_HAS_NODE, prop, -1, -1) === 1;
    },
    set() {
      return false;
    },
    defineProperty() {
      return false;
    },
    deleteProperty() {
      return false;
    },
    setPrototypeOf() {
      return false;
    },
    ownKeys() {
      return [];
    },
    getOwnPropertyDescriptor() {
      return undefined;
    },
  });

  // ---- $now / $today / zone
  let zone = '';
  function setZone(tz) {
    if (typeof tz !== 'string' || tz === zone) return;
    zone = tz;
    Settings.defaultZone = tz && Info.isValidIANAZone(tz) ? tz : 'system';
  }
  function now(f) {
    if (f.now === UNSET) f.now = DateTime.now();
    return f.now;
  }

  // ---- small n8n helpers
  function isEmptyValue(v) {
    if (v === undefined || v === null || v === '') return true;
    if (isArray(v)) return v.length === 0;
    if (typeof v === 'object' && !DateTime.isDateTime(v) && !(v instanceof Date)) return ownKeys(v).length === 0;
    return false;
  }
  function $ifEmpty(value, defaultValue) {
    if (arguments.length !== 2) throw new SandboxError('$ifEmpty expects 2 arguments');
    return isEmptyValue(value) ? defaultValue : value;
  }
  function $if(condition, valueIfTrue, valueIfFalse) {
    if (arguments.length < 2 || arguments.length > 3) throw new SandboxError('$if expects 2 or 3 arguments');
    return condition ? valueIfTrue : valueIfFalse;
  }
  function $max(...values) {
    return Math.max(...values);
  }
  function $min(...values) {
    return Math.min(...values);
  }

  // ---------------------------------------------------------------------------------------------
  // Extension functions (n8n's data transformation functions) and DoS guards, installed on the
  // built-in prototypes of THIS isolate before they are frozen.

  const methods = [];

  /** Installs a method as a getter/setter pair so a frozen prototype does not stop `obj.name = x`. */
  function defineMethod(proto, name, fn) {
    const value = fn;
    defineProperty(proto, name, {
      get() {
        return value;
      },
      set(v) {
        if (this === proto || this === undefined || this === null) throw new TypeError(`Cannot assign to read only property '${StringCtor(name)}'`);
        if (typeof this !== 'object' && typeof this !== 'function') return;
        defineProperty(this, name, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: false,
      configurable: true,
    });
    methods.push(value);
  }

  const limits = config.limits;
  installExtensions({
    luxon,
    defineMethod,
    hash(text, algorithm) {
      const r = cbHash(text, algorithm);
      if (typeof r !== 'string') throw new SandboxError(`Unsupported hash algorithm '${safeString(algorithm)}'`);
      return r;
    },
    SandboxError,
  });

  // Guards against the allocation patterns that V8 cannot interrupt or that abort the whole
  // process instead of tripping the isolate's memory limit (see docs/sandbox.md).
  (function installGuards() {
    const tooBig = (what) => new RangeError(`${what} exceeds the sandbox limit`);
    const ArrayProto = Array.prototype;
    const origFill = ArrayProto.fill;
    defineMethod(ArrayProto, 'fill', function fill(value, start, end) {
      const len = this.length >>> 0;
      if (len > limits.maxElements) {
        const s = start === undefined ? 0 : Math.trunc(Number(start)) || 0;
        const e = end === undefined ? len : Math.trunc(Number(end)) || 0;
        const from = s < 0 ? Math.max(len + s, 0) : Math.min(s, len);
        const to = e < 0 ? Math.max(len + e, 0) : Math.min(e, len);
        if (to - from > limits.maxElements) throw tooBig('Array.prototype.fill range');
      }
      return reflectApply(origFill, this, arguments);
    });
    const ArrayCtor = Array;
    const origFrom = ArrayCtor.from;
    defineProperty(ArrayCtor, 'from', {
      value: function from(items) {
        if (items !== null && items !== undefined && typeof items === 'object' && !(Symbol.iterator in ObjectCtor(items))) {
          const len = Number(items.length);
          if (len > limits.maxElements) throw tooBig('Array.from length');
        }
        if (typeof items === 'string' && items.length > limits.maxElements) throw tooBig('Array.from length');
        return reflectApply(origFrom, this, arguments);
      },
      writable: true,
      configurable: true,
    });
    const MapProto = Map.prototype;
    const origSet = MapProto.set;
    const mapSize = getOwnPropertyDescriptor(MapProto, 'size').get;
    defineMethod(MapProto, 'set', function set(key, value) {
      if (reflectApply(mapSize, this, []) >= limits.maxCollectionSize) throw tooBig('Map size');
      return reflectApply(origSet, this, [key, value]);
    });
    const SetProto = Set.prototype;
    const origAdd = SetProto.add;
    const setSize = getOwnPropertyDescriptor(SetProto, 'size').get;
    defineMethod(SetProto, 'add', function add(value) {
      if (reflectApply(setSize, this, []) >= limits.maxCollectionSize) throw tooBig('Set size');
      return reflectApply(origAdd, this, [value]);
    });
    const StringProto = String.prototype;
    const origRepeat = StringProto.repeat;
    defineMethod(StringProto, 'repeat', function repeat(count) {
      const s = StringCtor(this);
      if (s.length * Number(count) > limits.maxStringLength) throw tooBig('String.prototype.repeat result');
      return reflectApply(origRepeat, s, [count]);
    });
    for (const name of ['padStart', 'padEnd']) {
      const orig = StringProto[name];
      defineMethod(StringProto, name, function pad(maxLength, fill) {
        if (Number(maxLength) > limits.maxStringLength) throw tooBig(`String.prototype.${name} result`);
        return reflectApply(orig, this, arguments);
      });
    }
    const origSplit = StringProto.split;
    defineMethod(StringProto, 'split', function split(separator, limit) {
      const s = StringCtor(this);
      if (s.length > limits.maxElements && (limit === undefined || Number(limit) > limits.maxElements)) {
        // Count the pieces first (a huge result array aborts V8 instead of failing softly).
        let pieces = s.length;
        if (typeof separator === 'string' && separator.length > 0) {
          pieces = 1;
          for (let at = s.indexOf(separator); at !== -1 && pieces <= limits.maxElements; at = s.indexOf(separator, at + separator.length)) pieces++;
        }
        if (pieces > limits.maxElements) throw tooBig('String.prototype.split result');
      }
      return reflectApply(origSplit, s, arguments);
    });
    const origIterator = StringProto[Symbol.iterator];
    defineProperty(StringProto, Symbol.iterator, {
      value: function iterator() {
        const s = StringCtor(this);
        if (s.length > limits.maxElements) throw tooBig('String iteration');
        return reflectApply(origIterator, s, []);
      },
      writable: true,
      configurable: true,
    });
  })();

  // Binary buffers live outside the V8 heap, under the isolate's ceiling rather than its budget
  // (see expressionHeapCeilingMb in sandbox.ts): cap each one at the budget.
  (function guardBinaryBuffers() {
    const maxBytes = limits.maxBytes;
    if (!maxBytes) return;
    const tooBig = (what) => new RangeError(`${what} exceeds the sandbox limit`);
    const requested = (args, bytesPerElement) => {
      const first = args[0];
      if (typeof first === 'number') return first * bytesPerElement;
      if (first !== null && typeof first === 'object' && !(first instanceof IntrinsicArrayBuffer)) {
        const len = Number(first.length ?? first.byteLength ?? 0);
        return Number.isFinite(len) ? len * bytesPerElement : 0;
      }
      return 0;
    };
    const IntrinsicArrayBuffer = ArrayBuffer;
    const names = ['ArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
      'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Float16Array'];
    for (const name of names) {
      const Ctor = G[name];
      if (typeof Ctor !== 'function') continue;
      const bytesPerElement = Ctor.BYTES_PER_ELEMENT ?? 1;
      const guarded = new Proxy(Ctor, {
        construct(target, args, newTarget) {
          if (requested(args, bytesPerElement) > maxBytes) throw tooBig(`${name} size`);
          return Reflect.construct(target, args, newTarget === guarded ? target : newTarget);
        },
      });
      defineProperty(G, name, { value: guarded, writable: true, enumerable: false, configurable: true });
    }
  })();

  // V8 (Node 24) bug: TurboFan lowers `new Array(<constant>)` to an inline allocation and a loop
  // around it can then no longer be terminated (neither by isolated-vm's timeout nor by
  // Worker.terminate()). Calling the constructor through a Proxy keeps that lowering away from
  // the common `new Array(n)` / `Array(n)` spellings. See docs/sandbox.md ("Residual risks").
  (function proxyArrayConstructor() {
    const IntrinsicArray = Array;
    const ArrayProxy = new Proxy(IntrinsicArray, {
      construct(target, args, newTarget) {
        return Reflect.construct(target, args, newTarget === ArrayProxy ? target : newTarget);
      },
      apply(target, self, args) {
        return reflectApply(target, self, args);
      },
    });
    defineProperty(G, 'Array', { value: ArrayProxy, writable: true, enumerable: false, configurable: true });
  })();

  // ---------------------------------------------------------------------------------------------
  // Result handling. Everything leaves the isolate as a primitive (no copy step needed):
  //   number / boolean / undefined / null   as is
  //   string                                as is, or '\u0000' + s if s starts with \u0000-\u0002
  //   object                                '\u0001' + JSON
  //   failure                               '\u0002' + JSON { k, m, n, d, l }
  //   Code result with console output       '\u0003' + JSON { r: one of the above, l: log lines }

  function encodeString(s) {
    return s.length > 0 && s.charCodeAt(0) <= 3 ? '\u0000' + s : s;
  }

  function encode(v) {
    switch (typeof v) {
      case 'string':
        return encodeString(v);
      case 'number':
      case 'boolean':
      case 'undefined':
        return v;
      case 'bigint':
        return v.toString();
      case 'symbol':
        throw new SandboxError('The expression returned a Symbol, which cannot be used as a value');
      case 'function':
        throw new SandboxError('The expression returned a function, which cannot be used as a value', 'Call the function, e.g. .toString() instead of .toString');
      default: {
        if (v === null) return null;
        if (typeof v.then === 'function' && v instanceof Promise) {
          throw new SandboxError('The expression returned a Promise', 'Expressions are synchronous; use a Code node to await');
        }
        const json = jsonStringify(v);
        return json === undefined ? undefined : '\u0001' + json;
      }
    }
  }

  function stringifyPart(v) {
    switch (typeof v) {
      case 'string':
        return v;
      case 'undefined':
        return '';
      case 'number':
      case 'boolean':
      case 'bigint':
        return StringCtor(v);
      case 'symbol':
        return v.toString();
      case 'function':
        throw new SandboxError('The expression returned a function, which cannot be used as a value');
      default: {
        if (v === null) return '';
        if (DateTime.isDateTime(v)) return v.isValid ? v.toISO() : 'Invalid DateTime';
        if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
        const json = jsonStringify(v);
        return json === undefined ? '' : json;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Compilation (cached by id; the host keeps the code -> id map).

  const FunctionCtor = Function;
  const AsyncFunctionCtor = getPrototypeOf(async function () {}).constructor;
  const compiled = new MapCtor();

  function compileExpression(code) {
    let body = code.trim();
    while (body.endsWith(';')) body = body.slice(0, -1).trimEnd();
    if (body === '') return () => undefined;
    try {
      return new FunctionCtor(`return (\n${body}\n);`);
    } catch (e) {
      throw new CompileFailure({ k: 'syntax', m: 'invalid syntax', n: 'SyntaxError', d: safeString(e && e.message) });
    }
  }

  function compileTemplate(src) {
    const desc = jsonParse(src);
    if (desc.k === 1) return { single: true, fn: compileExpression(desc.c) };
    const parts = [];
    for (const p of desc.p) parts.push(typeof p === 'string' ? p : compileExpression(p.c));
    return { single: false, parts };
  }

  // ---------------------------------------------------------------------------------------------
  // Expression entry point (sync, one call per evaluation).

  // Failures are RETURNED ('\u0002' + infoJson) rather than thrown: isolated-vm only drains the
  // microtask queue (and reports unhandled rejections) at the end of a task that completed, so a
  // throwing task would leave its continuations to run inside the next evaluation.
  function failure(e, kind) {
    if (e instanceof CompileFailure) return '\u0002' + jsonStringify(e.info);
    return '\u0002' + jsonStringify(describe(e, kind));
  }

  function run(id, src, json, itemIndex, runIndex, tz, token) {
    let tpl = compiled.get(id);
    if (tpl === undefined) {
      if (typeof src !== 'string') return '\u0002' + jsonStringify({ k: 'miss', m: 'Expression cache miss', n: 'Error' });
      try {
        tpl = compileTemplate(src);
      } catch (e) {
        tpl = { error: e };
      }
      compiled.set(id, tpl);
    }
    if (tpl.error !== undefined) return failure(tpl.error, 'syntax');
    const previous = frame;
    const f = new Frame(token, itemIndex, runIndex);
    try {
      setZone(tz);
      if (typeof json === 'string') f.json = jsonParse(json);
      frame = f;
      if (tpl.single) return encode(tpl.fn());
      let out = '';
      for (const p of tpl.parts) out += typeof p === 'string' ? p : stringifyPart(p());
      return encodeString(out);
    } catch (e) {
      return failure(e, 'runtime');
    } finally {
      f.active = false;
      frame = previous;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Code node entry points (async: `start` runs the body, microtasks drain at the end of the
  // isolate task, `collect` picks up the outcome).

  const pending = new MapCtor();
  const CODE_LINE_OFFSET = 2; // AsyncFunction adds "async function anonymous(\n) {\n"
  let baselineGlobals = null;

  function cleanupGlobals() {
    if (baselineGlobals === null) return;
    for (const key of ownKeys(G)) {
      if (!baselineGlobals.has(key)) {
        try {
          delete G[key];
        } catch {
          // non-configurable user globals cannot exist; ignore
        }
      }
    }
  }

  function start(callId, id, src, itemIndex, runIndex, tz, mode) {
    cleanupGlobals();
    const state = { done: false, value: undefined, error: undefined };
    pending.set(callId, state);
    let fn = compiled.get(id);
    if (fn === undefined) {
      if (typeof src !== 'string') {
        state.done = true;
        state.error = { k: 'miss', m: 'Code cache miss', n: 'Error' };
        return;
      }
      try {
        fn = new AsyncFunctionCtor(src);
      } catch (e) {
        fn = { error: { k: 'syntax', m: `invalid syntax: ${safeString(e && e.message)}`, n: 'SyntaxError' } };
      }
      compiled.set(id, fn);
    }
    if (typeof fn !== 'function') {
      state.done = true;
      state.error = fn.error;
      return;
    }
    setZone(tz);
    const f = new Frame(callId, itemIndex, runIndex);
    f.mode = mode;
    frame = f;
    state.frame = f;
    let promise;
    try {
      promise = reflectApply(fn, undefined, []);
    } catch (e) {
      state.done = true;
      state.error = describe(e, 'runtime', CODE_LINE_OFFSET);
      return;
    }
    reflectApply(Promise.prototype.then, promise, [
      (v) => {
        try {
          state.value = encode(v);
        } catch (e) {
          state.error = describe(e, 'runtime');
        }
        state.done = true;
      },
      (e) => {
        state.error = describe(e, 'runtime', CODE_LINE_OFFSET);
        state.done = true;
      },
    ]);
  }

  function collect(callId) {
    const state = pending.get(callId);
    pending.delete(callId);
    if (state === undefined) return '\u0002' + jsonStringify({ k: 'sandbox', m: 'Unknown code run', n: 'Error' });
    const f = state.frame;
    if (f) {
      f.active = false;
      if (frame === f) frame = null;
    }
    let out;
    if (!state.done) out = '\u0002' + jsonStringify({ k: 'runtime', m: 'The code did not finish: it awaited something that never resolved', n: 'Error' });
    else if (state.error !== undefined) out = '\u0002' + jsonStringify(state.error);
    else out = state.value;
    // Console output travels with the outcome, so it is kept for failed runs too.
    if (f && f.logs !== null && f.logs.lines.length > 0) return '\u0003' + jsonStringify({ r: out, l: f.logs.lines });
    return out;
  }

  function reset() {
    compiled.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Globals visible to user code.

  // Expressions get a console that does nothing; Code gets one that captures (code-globals.js),
  // plus `require` over an allow-list of libraries loaded into this isolate.
  const noop = () => undefined;
  let consoleObject = {};
  for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table', 'time', 'timeEnd', 'group', 'groupEnd', 'assert', 'count']) consoleObject[k] = noop;
  let codeGlobals = null;
  if (MODE === 'code' && typeof installCodeGlobals === 'function') {
    codeGlobals = installCodeGlobals({
      activeFrame: () => (frame !== null && frame.active ? frame : null),
      hash(text, algorithm, key, encoding) {
        const r = cbHash(text, algorithm, key, encoding);
        if (typeof r !== 'string') throw new ErrorCtor(`Digest method not supported: ${safeString(algorithm)}`);
        return r;
      },
      randomHex(n) {
        const r = cbRandom(n);
        if (typeof r !== 'string') throw new ErrorCtor('Random bytes are not available');
        return r;
      },
      luxon: { DateTime, Duration, Interval, Info },
      // Loaded here, after the allocation guards and the Array proxy, so lodash captures the guarded
      // constructors; frozen below with everything else.
      lodash: typeof lodashFactory === 'function' ? lodashFactory() : undefined,
    });
    consoleObject = codeGlobals.console;
  }

  // Remove what must not exist in the sandbox.
  // `eval` runs its argument as global script code; V8 cannot always terminate loops at that level
  // (see docs/sandbox.md), and n8n expressions have no use for it. The Function constructor stays:
  // it only creates functions inside this isolate.
  for (const name of ['WebAssembly', 'SharedArrayBuffer', 'Atomics', 'FinalizationRegistry', 'WeakRef', 'console', 'eval']) {
    try {
      delete G[name];
    } catch {
      // ignore
    }
  }
  if ('WebAssembly' in G || 'SharedArrayBuffer' in G || 'Atomics' in G || 'eval' in G) throw new ErrorCtor('sandbox setup failed: could not remove dangerous globals');

  function defineGlobalGetter(name, get) {
    defineProperty(G, name, { get, enumerable: false, configurable: false });
  }
  function defineGlobalValue(name, value) {
    defineProperty(G, name, { value, writable: false, enumerable: false, configurable: false });
  }

  defineGlobalValue('console', consoleObject);
  defineGlobalValue('DateTime', DateTime);
  defineGlobalValue('Duration', Duration);
  defineGlobalValue('Interval', Interval);
  defineGlobalValue('$', $);
  defineGlobalValue('$items', $items);
  defineGlobalValue('$node', nodeProxy);
  defineGlobalValue('$ifEmpty', $ifEmpty);
  defineGlobalValue('$if', $if);
  defineGlobalValue('$max', $max);
  defineGlobalValue('$min', $min);
  defineGlobalGetter('$json', () => currentJson(current()));
  defineGlobalGetter('$binary', () => currentBinary(current()));
  defineGlobalGetter('$input', () => {
    const f = current();
    if (f.input === null) f.input = new InputAccessor(f);
    return f.input;
  });
  defineGlobalGetter('$now', () => now(current()));
  defineGlobalGetter('$today', () => now(current()).startOf('day'));
  defineGlobalGetter('$itemIndex', () => current().itemIndex);
  defineGlobalGetter('$runIndex', () => current().runIndex);
  defineGlobalGetter('$thisItemIndex', () => current().itemIndex);
  defineGlobalGetter('$thisRunIndex', () => current().runIndex);
  defineGlobalGetter('$execution', () => getMeta(current(), 'execution'));
  defineGlobalGetter('$workflow', () => getMeta(current(), 'workflow'));
  defineGlobalGetter('$vars', () => getMeta(current(), 'vars'));
  defineGlobalGetter('$prevNode', () => getMeta(current(), 'prevNode'));
  defineGlobalGetter('$nodeVersion', () => getMeta(current(), 'node').typeVersion);
  defineGlobalGetter('$env', () => {
    throw new SandboxError('access to env vars denied', 'Environment variables are not available to expressions or Code nodes');
  });
  if (codeGlobals !== null) defineGlobalValue('require', codeGlobals.require);
  if (MODE === 'code') {
    defineGlobalGetter('items', () => inputAll(current()));
    defineGlobalGetter('item', () => {
      const f = current();
      if (f.mode !== 'runOnceForEachItem') return undefined;
      return inputItem(f);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Lock down: make common override targets safe to shadow, then freeze every intrinsic reachable
  // from the global object (plus the ones only reachable through syntax) and the Luxon classes.

  function tame(proto, name) {
    const desc = getOwnPropertyDescriptor(proto, name);
    if (!desc || !('value' in desc) || !desc.configurable) return;
    defineMethod(proto, name, desc.value);
    const d2 = getOwnPropertyDescriptor(proto, name);
    defineProperty(proto, name, { get: d2.get, set: d2.set, enumerable: desc.enumerable, configurable: true });
  }
  for (const name of ['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']) {
    tame(Object.prototype, name);
  }
  for (const E of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError]) {
    for (const name of ['name', 'message', 'constructor', 'toString']) tame(E.prototype, name);
  }
  if (typeof SuppressedError === 'function') for (const name of ['name', 'message', 'constructor']) tame(SuppressedError.prototype, name);

  const visited = new WeakSet();
  function harden(root) {
    const stack = [root];
    while (stack.length > 0) {
      const o = stack.pop();
      if (o === null || (typeof o !== 'object' && typeof o !== 'function')) continue;
      if (visited.has(o) || o === G) continue;
      visited.add(o);
      freeze(o);
      const proto = getPrototypeOf(o);
      if (proto !== null) stack.push(proto);
      for (const key of ownKeys(o)) {
        const desc = getOwnPropertyDescriptor(o, key);
        if (desc === undefined) continue;
        if ('value' in desc) stack.push(desc.value);
        else {
          if (desc.get) stack.push(desc.get);
          if (desc.set) stack.push(desc.set);
        }
      }
    }
  }

  const hidden = [
    getPrototypeOf(function* () {}),
    getPrototypeOf(async function () {}),
    getPrototypeOf(async function* () {}),
    getPrototypeOf([][Symbol.iterator]()),
    getPrototypeOf(new Map()[Symbol.iterator]()),
    getPrototypeOf(new Set()[Symbol.iterator]()),
    getPrototypeOf(''[Symbol.iterator]()),
    getPrototypeOf('a'.matchAll(/a/g)),
    getPrototypeOf(Uint8Array),
    getOwnPropertyDescriptor(Function.prototype, 'caller')?.get,
  ];
  try {
    hidden.push(getPrototypeOf([].values().map((x) => x)));
    hidden.push(getPrototypeOf(Iterator.from({ next: () => ({ done: true }) })));
  } catch {
    // older V8 without iterator helpers
  }
  // Luxon: the classes we expose and their internals reachable from sample instances.
  const sample = [DateTime.now(), DateTime.fromISO('2020-01-01T00:00:00', { zone: 'Europe/Berlin' }), DateTime.utc(), DateTime.fromMillis(0, { zone: 'UTC+1' }), Duration.fromMillis(1), Interval.fromDateTimes(DateTime.utc(), DateTime.utc())];
  for (const s of sample) {
    for (const key of ownKeys(s)) {
      const v = s[key];
      if (v !== null && typeof v === 'object') hidden.push(getPrototypeOf(v));
    }
  }
  // Every Luxon class (collected by the loader patch in sandbox.ts) and the public exports.
  const luxonInternals = luxon.__gfInternals;
  delete luxon.__gfInternals;
  if (isArray(luxonInternals)) for (const c of luxonInternals) hidden.push(c);
  for (const k of ownKeys(luxon)) hidden.push(luxon[k]);
  for (const m of methods) hidden.push(m);

  for (const name of ownKeys(G)) {
    const desc = getOwnPropertyDescriptor(G, name);
    if ('value' in desc) hidden.push(desc.value);
    else {
      hidden.push(desc.get);
      if (desc.set) hidden.push(desc.set);
    }
  }
  hidden.push(SandboxError, NodeAccessor, LegacyNode, InputAccessor, consoleObject);
  if (codeGlobals !== null) for (const o of codeGlobals.hidden) hidden.push(o);
  for (const o of hidden) harden(o);
  // Sanity checks: the lock-down must have happened.
  if (!isFrozen(Object.prototype) || !isFrozen(Function.prototype) || !isFrozen(Array.prototype) || !isFrozen(Error)) {
    throw new ErrorCtor('sandbox setup failed: intrinsics are not frozen');
  }

  // Globals: existing ones become read-only; the expression isolate also refuses new globals.
  for (const name of ownKeys(G)) {
    const desc = getOwnPropertyDescriptor(G, name);
    if (desc.configurable) {
      if ('value' in desc) defineProperty(G, name, { value: desc.value, writable: false, enumerable: desc.enumerable, configurable: false });
      else defineProperty(G, name, { get: desc.get, set: desc.set, enumerable: desc.enumerable, configurable: false });
    }
  }
  if (MODE === 'expression') preventExtensions(G);
  else baselineGlobals = new Set(ownKeys(G));

  return freeze({ run, start, collect, reset });
});
