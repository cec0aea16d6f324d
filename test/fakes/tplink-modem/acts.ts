// JSON act handling: {data:{stack, pstack, …attrs}, operation, oid} → the decrypted reply
// {data, operation, oid, success} or {success:false, errorcode}. go = one object (a list entry by
// stack), gl/gs = the list, so = set attributes, add/del = list instances, op/do = actions,
// cgi = /cgi/logout. An attribute sent as "" asks for that field only (tplinkrouterc6u's
// `"attr":""`); with none, every field comes back.
import { ACTIONS, ZERO_STACK } from './objects.ts';
import type { Entry, ObjectStore } from './objects.ts';
import { ERR, OPERATIONS } from './protocol.ts';
import type { Act } from './protocol.ts';

export interface ActContext {
  objects: ObjectStore;
  /** When the gateway last booted (upTime counts from here). */
  bootAt: number;
  now: number;
}

export interface ActResult {
  reply: Record<string, unknown>;
  ok: boolean;
  /** What the server must do after sending the reply. */
  effect?: 'logout' | 'reboot';
}

const CONTROL = new Set(['stack', 'pstack']);

function attrsOf(data: Record<string, unknown>): [string, unknown][] {
  return Object.entries(data).filter(([k]) => !CONTROL.has(k));
}

/** Values the firmware computes when asked rather than stores. */
function derived(oid: string, entry: Entry, ctx: ActContext): Entry {
  if (oid === 'DEV2_DEV_INFO') return { ...entry, upTime: String(Math.floor((ctx.now - ctx.bootAt) / 1000)) };
  if (oid === 'DEV2_WIFI_SSID' || oid === 'DEV2_WIFI_RADIO') {
    const conn = entry.band === '2.4GHz' ? '1' : '3';
    const hosts = ctx.objects.DEV2_HOST_ENTRY as Entry[];
    const clients = hosts.filter((h) => h.active === '1' && h.X_TP_LanConnType === conn).length;
    const out: Entry = { ...entry, clients: String(clients) };
    if (oid === 'DEV2_WIFI_SSID') {
      const radio = (ctx.objects.DEV2_WIFI_RADIO as Entry[]).find((r) => r.stack === entry.stack);
      out.channel = radio?.channel ?? '';
      out.operatingChannelBandwidth = radio?.operatingChannelBandwidth ?? '';
    }
    return out;
  }
  return { ...entry };
}

function view(oid: string, entry: Entry, data: Record<string, unknown>, ctx: ActContext): Entry {
  const full = derived(oid, entry, ctx);
  const wanted = attrsOf(data).filter(([, v]) => v === '').map(([k]) => k);
  if (!wanted.length) return full;
  const out: Entry = {};
  for (const k of wanted) if (k in full) out[k] = full[k];
  if (full.stack) out.stack = full.stack;
  return out;
}

function stackOf(data: Record<string, unknown>): string {
  return typeof data.stack === 'string' && data.stack ? data.stack : ZERO_STACK;
}

export function runAct(ctx: ActContext, act: Act): ActResult {
  const { operation, oid, data } = act;
  const fail = (errorcode: number): ActResult => ({ ok: false, reply: { success: false, errorcode, operation, oid } });
  const done = (value: unknown, effect?: ActResult['effect']): ActResult => ({ ok: true, effect, reply: { data: value, operation, oid, success: true } });
  if (!(OPERATIONS as readonly string[]).includes(operation)) return fail(ERR.BAD_OPERATION);

  if (operation === 'cgi') {
    if (oid === '/cgi/logout') return done({}, 'logout');
    return fail(oid === '/cgi/login' ? ERR.BAD_REQUEST : ERR.NO_SUCH_OBJECT);
  }
  if (ACTIONS.has(oid)) return operation === 'op' || operation === 'do' ? done({}, 'reboot') : fail(ERR.BAD_OPERATION);
  const obj = ctx.objects[oid];
  if (obj === undefined) return fail(ERR.NO_SUCH_OBJECT);
  if (operation === 'op' || operation === 'do') return fail(ERR.BAD_OPERATION);

  const stack = stackOf(data);
  const list = Array.isArray(obj) ? obj : null;
  const target: Entry | undefined = list ? (stack === ZERO_STACK && operation === 'go' ? list[0] : list.find((e) => e.stack === stack)) : (obj as Entry);

  switch (operation) {
    case 'go':
      return target ? done(view(oid, target, data, ctx)) : fail(ERR.NO_SUCH_OBJECT);
    case 'gl':
    case 'gs':
      return done((list ?? [obj as Entry]).map((e) => view(oid, e, data, ctx)));
    case 'so': {
      if (!target) return fail(ERR.NO_SUCH_OBJECT);
      const attrs = attrsOf(data);
      if (!attrs.length || attrs.some(([k, v]) => !(k in target) || k === 'clients' || k === 'upTime' || !['string', 'number', 'boolean'].includes(typeof v))) return fail(ERR.BAD_REQUEST);
      for (const [k, v] of attrs) target[k] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
      return done({});
    }
    case 'add': {
      if (!list) return fail(ERR.BAD_OPERATION);
      const next = Math.max(0, ...list.map((e) => Number(e.stack.split(',')[0]) || 0)) + 1;
      const entry: Entry = { stack: `${next},0,0,0,0,0` };
      for (const [k, v] of attrsOf(data)) entry[k] = String(v);
      list.push(entry);
      return done({ stack: entry.stack });
    }
    case 'del': {
      if (!list) return fail(ERR.BAD_OPERATION);
      const i = list.findIndex((e) => e.stack === stack);
      if (i < 0) return fail(ERR.NO_SUCH_OBJECT);
      list.splice(i, 1);
      return done({});
    }
  }
  return fail(ERR.BAD_OPERATION);
}
