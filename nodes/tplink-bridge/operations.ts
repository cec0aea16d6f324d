// The bridge's operations, shared by the node and the REST service: what each reads from the
// modem (object ids from the firmware profile) and how the replies become the normalised TP-Link
// item. Every operation answers one JSON object with `source: 'tplink-bridge'`.
import { BridgeError } from './errors.ts';
import * as N from './normalize.ts';
import type { FirmwareProfile } from './profiles/index.ts';
import type { ActRequest, ActResult, ModemTarget } from './transport.ts';

export type Json = Record<string, unknown>;

/** What an operation may do with the modem (bridge.ts provides it: login, re-login, page API). */
export interface ModemSession {
  target: ModemTarget;
  profile: FirmwareProfile;
  /** Runs the acts in order; each result says ok or the modem's errorcode. */
  read(acts: ActRequest[]): Promise<ActResult[]>;
  /** Forgets the session (after a reboot the modem has dropped it). */
  discard(): Promise<void>;
}

export interface BridgeRequest {
  operation: string;
  /** raw: the object id, e.g. DEV2_DEV_INFO. */
  oid?: string;
  /** raw: go (one object), gl (a list), gs (a list with stacks). */
  act?: string;
  /** raw: attributes sent with the read (e.g. { stack: '1,0,0,0,0,0' }). */
  data?: Json;
  /** reboot: must be true. */
  confirm?: boolean;
}

export interface OperationSpec {
  name: string;
  label: string;
  description: string;
  /** Read-only operations are retried once after a browser crash; reboot is not. */
  readOnly: boolean;
  /** Checks the request before any browser work (bad_request errors). */
  check?(req: BridgeRequest): void;
  run(s: ModemSession, req: BridgeRequest): Promise<Json>;
}

const RAW_ACTS = ['go', 'gl', 'gs'];

const base = (s: ModemSession): Json => ({ source: 'tplink-bridge', modem: s.target.origin, readAt: new Date().toISOString() });

function modemError(s: ModemSession, act: ActRequest, r: Extract<ActResult, { ok: false }>): BridgeError {
  const unknown = s.profile.unknownObjectErrorcodes.includes(r.errorcode as number);
  return new BridgeError(
    unknown ? 'not_supported' : 'modem_error',
    unknown ? `The modem at ${s.target.origin} has no object ${act.oid} (errorcode ${r.errorcode})` : `The modem at ${s.target.origin} refused ${act.operation} ${act.oid}: ${r.message}`,
    {
      modem: s.target.origin,
      errorcode: r.errorcode,
      description: unknown ? `This model or firmware does not expose ${act.oid}.` : 'The modem\'s page API rejected the request.',
    },
  );
}

/** The data of each act, throwing on the first failure. */
async function readAll(s: ModemSession, acts: ActRequest[]): Promise<unknown[]> {
  const results = await s.read(acts);
  return results.map((r, i) => {
    if (!r.ok) throw modemError(s, acts[i], r);
    return r.data;
  });
}

const read1 = async (s: ModemSession, operation: string, oid: string) => (await readAll(s, [{ operation, oid }]))[0];

const wifiActs = (p: FirmwareProfile): ActRequest[] => [
  { operation: 'gl', oid: p.objects.wifiSsid },
  { operation: 'gl', oid: p.objects.wifiRadio },
  { operation: 'gl', oid: p.objects.wifiCommon },
];

const wanFields = (raw: unknown): Json => {
  const all = N.wans(raw);
  return { wan: N.mainWan(all) ?? null, wans: all };
};

export const OPERATIONS: OperationSpec[] = [
  {
    name: 'fullDiagnostic',
    label: 'Full Diagnostic Read',
    description: 'Device info, WAN, Wi-Fi, hosts, mesh and optical levels in one login: the item the Device Diagnostic node merges',
    readOnly: true,
    async run(s) {
      const o = s.profile.objects;
      const required: ActRequest[] = [{ operation: 'go', oid: o.deviceInfo }, { operation: 'gl', oid: o.wan }, ...wifiActs(s.profile).slice(0, 2), { operation: 'gl', oid: o.hosts }];
      const optional: ActRequest[] = [{ operation: 'gl', oid: o.wifiCommon }, { operation: 'gl', oid: o.mesh }, { operation: 'go', oid: o.optical }];
      const results = await s.read([...required, ...optional]);
      const value = (i: number, acts: ActRequest[], offset: number, unavailable?: string[]) => {
        const r = results[offset + i];
        if (r.ok) return r.data;
        const err = modemError(s, acts[i], r);
        if (!unavailable || err.code !== 'not_supported') throw err;
        unavailable.push(acts[i].oid);
        return undefined;
      };
      const [info, wan, ssids, radios, hostList] = required.map((_, i) => value(i, required, 0));
      const unavailable: string[] = [];
      const [common, meshList, opt] = optional.map((_, i) => value(i, optional, required.length, unavailable));
      return {
        ...base(s),
        ...N.deviceInfo(info),
        wifi: N.wifi(ssids, radios, common),
        hosts: N.hosts(hostList),
        ...(meshList === undefined ? {} : { mesh: N.mesh(meshList) }),
        ...wanFields(wan),
        ...(opt === undefined ? {} : { optical: N.optical(opt) }),
        ...(unavailable.length ? { unavailable } : {}),
      };
    },
  },
  {
    name: 'deviceInfo',
    label: 'Device Info',
    description: 'Model, firmware, hardware version, serial number, uptime',
    readOnly: true,
    run: async (s) => ({ ...base(s), ...N.deviceInfo(await read1(s, 'go', s.profile.objects.deviceInfo)) }),
  },
  {
    name: 'wifi',
    label: 'Wi-Fi',
    description: 'SSIDs per band with channel, bandwidth, on/off and connected clients',
    readOnly: true,
    async run(s) {
      const [ssids, radios, common] = await readAll(s, wifiActs(s.profile));
      return { ...base(s), wifi: N.wifi(ssids, radios, common) };
    },
  },
  {
    name: 'hosts',
    label: 'Connected Hosts',
    description: 'Devices the modem knows: MAC, IP, name, how connected, active',
    readOnly: true,
    run: async (s) => ({ ...base(s), hosts: N.hosts(await read1(s, 'gl', s.profile.objects.hosts)) }),
  },
  {
    name: 'wan',
    label: 'WAN Status',
    description: 'The internet connection (status, IP, PPPoE/DHCP) and every other WAN',
    readOnly: true,
    run: async (s) => ({ ...base(s), ...wanFields(await read1(s, 'gl', s.profile.objects.wan)) }),
  },
  {
    name: 'optical',
    label: 'Optical Levels',
    description: 'PON receive and transmit power in dBm (GPON models)',
    readOnly: true,
    run: async (s) => ({ ...base(s), optical: N.optical(await read1(s, 'go', s.profile.objects.optical)) }),
  },
  {
    name: 'mesh',
    label: 'Mesh Agents',
    description: 'Satellites of the modem\'s mesh: MAC, name, IP, backhaul, signal',
    readOnly: true,
    run: async (s) => ({ ...base(s), mesh: N.mesh(await read1(s, 'gl', s.profile.objects.mesh)) }),
  },
  {
    name: 'raw',
    label: 'Read Object (Raw)',
    description: 'Any TR-181 object of the page API by its id (go: one object, gl: a list), as the modem sends it',
    readOnly: true,
    check(req) {
      if (!/^[A-Z][A-Z0-9_]*$/i.test(req.oid ?? ''))
        throw new BridgeError('bad_request', `"${req.oid ?? ''}" is not an object id`, { parameter: 'oid', description: 'Give the object id the page API uses, e.g. DEV2_DEV_INFO or DEV2_HOST_ENTRY.' });
      if (!RAW_ACTS.includes(req.act ?? 'go'))
        throw new BridgeError('bad_request', `Read operation "${req.act}" is not one of ${RAW_ACTS.join(', ')}`, { parameter: 'act', description: 'Only reads are allowed here: go (one object), gl (a list), gs (a list with stacks).' });
    },
    async run(s, req) {
      const act = req.act ?? 'go';
      const [data] = await readAll(s, [{ operation: act, oid: req.oid!, ...(req.data ? { data: req.data } : {}) }]);
      return { ...base(s), oid: req.oid, operation: act, data };
    },
  },
  {
    name: 'reboot',
    label: 'Reboot',
    description: 'Restarts the modem (needs the confirm option): the subscriber loses service for a few minutes',
    readOnly: false,
    check(req) {
      if (req.confirm !== true)
        throw new BridgeError('bad_request', 'Reboot refused: the confirm option is not set', { parameter: 'confirm', description: 'A reboot cuts the subscriber\'s service for a few minutes: set "Confirm Reboot" (REST: "confirm": true) to do it.' });
    },
    async run(s) {
      await readAll(s, [{ operation: 'op', oid: s.profile.objects.reboot }]);
      // The modem drops the admin session as it restarts: do not reuse this page.
      await s.discard();
      return { ...base(s), rebooted: true };
    },
  },
];

export const operationFor = (name: string): OperationSpec | undefined => OPERATIONS.find((o) => o.name === name);
