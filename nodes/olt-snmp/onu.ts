// Reading ONU rows through a vendor profile: one ONU with a single GET, or every ONU of a PON port
// by walking each column under the port's ifIndex; then the shared OLT item (see README).
import type { IDataObject } from 'n8n-workflow';
import type { OltSession } from './transport.ts';
import type { MetricColumn, OnuColumn, OpticalField, PonPort, StatusField, VendorProfile } from './profiles/types.ts';
import { gponSerial, isMissing, numberValue, textValue } from './values.ts';
import type { RawVarbind } from './values.ts';

export interface OnuQuery {
  profile: VendorProfile;
  port: PonPort;
  /** One ONU id, or 'all' for every ONU configured on the port. */
  onu: number | 'all';
  optical: boolean;
  status: boolean;
}

/** A column of the query, named by the output field it feeds. */
interface NamedColumn {
  field: OpticalField | StatusField;
  column: OnuColumn;
}

/** Thrown when the OLT has nothing for the ONU or port asked; the action turns it into a node error. */
export class OnuNotFound extends Error {
  override name = 'OnuNotFound';
}

function columnsOf(q: OnuQuery): NamedColumn[] {
  const out: NamedColumn[] = [];
  // The state column always, first: it is the roster when walking and tells a missing ONU from an offline one.
  out.push({ field: 'state', column: q.profile.status.state });
  if (q.optical) for (const [field, column] of Object.entries(q.profile.optical)) out.push({ field: field as OpticalField, column: column! });
  if (q.status)
    for (const [field, column] of Object.entries(q.profile.status)) if (field !== 'state') out.push({ field: field as StatusField, column: column! });
  return out;
}

const instance = (c: OnuColumn, ifIndex: number, onuId: number) => `${c.oid}.${ifIndex}.${onuId}${c.suffix ?? ''}`;

type Row = Map<string, RawVarbind>;

async function readOne(olt: OltSession, q: OnuQuery, onuId: number, columns: NamedColumn[]): Promise<Map<number, Row>> {
  const varbinds = await olt.get(columns.map((c) => instance(c.column, q.port.ifIndex, onuId)));
  if (varbinds.every(isMissing)) throw new OnuNotFound(`No ONU ${onuId} on PON port ${q.port.name} (ifIndex ${q.port.ifIndex})`);
  const row: Row = new Map();
  columns.forEach((c, n) => row.set(c.field, varbinds[n]));
  return new Map([[onuId, row]]);
}

/** Every ONU of the port: the roster from the state column, each other column walked once. */
async function readAll(olt: OltSession, q: OnuQuery, columns: NamedColumn[]): Promise<Map<number, Row>> {
  const rows = new Map<number, Row>();
  for (const { field, column } of columns) {
    const base = `${column.oid}.${q.port.ifIndex}.`;
    const { varbinds } = await olt.subtree(`${column.oid}.${q.port.ifIndex}`);
    for (const vb of varbinds) {
      if (!vb.oid.startsWith(base) || isMissing(vb)) continue;
      const [id, ...rest] = vb.oid.slice(base.length).split('.');
      const onuId = Number(id);
      const row = rows.get(onuId);
      if (field === 'state') {
        if (!row) rows.set(onuId, new Map([[field, vb]]));
        continue;
      }
      if (!row) continue; // not on the roster
      // Tables with an extra ANI index: the configured one wins, else the first seen.
      const suffix = rest.length ? `.${rest.join('.')}` : '';
      if (!row.has(field) || suffix === (column.suffix ?? '')) row.set(field, vb);
    }
    if (field === 'state' && rows.size === 0) throw new OnuNotFound(`No ONUs on PON port ${q.port.name} (ifIndex ${q.port.ifIndex}): nothing under ${column.oid}.${q.port.ifIndex}`);
  }
  return rows;
}

function opticalJson(profile: VendorProfile, row: Row): IDataObject {
  const out: IDataObject = {};
  const read = (field: OpticalField) => {
    const column = profile.optical[field] as MetricColumn | undefined;
    if (!column) return null;
    const raw = numberValue(row.get(field));
    return raw === null ? null : column.scale(raw);
  };
  // The three powers are always present (null when this vendor has no such column); the rest only when the vendor has them.
  for (const field of ['rxPowerDbm', 'txPowerDbm', 'oltRxPowerDbm'] as const) out[field] = read(field);
  for (const field of ['temperatureC', 'voltageV', 'biasCurrentMa'] as const) if (profile.optical[field]) out[field] = read(field);
  return out;
}

function statusJson(profile: VendorProfile, row: Row): IDataObject {
  const state = numberValue(row.get('state'));
  const causeVb = row.get('lastDownCause');
  const cause = causeVb && !isMissing(causeVb) ? (numberValue(causeVb) ?? textValue(causeVb)) : null;
  const out: IDataObject = {
    status: profile.statusWord(state, cause),
    vendorState: profile.stateName(state),
    lastDownCause: profile.downCauseText(cause),
  };
  if (profile.status.serialNumber) out.serialNumber = gponSerial(row.get('serialNumber'));
  for (const field of ['onuType', 'name', 'description'] as const) if (profile.status[field]) out[field] = textValue(row.get(field));
  return out;
}

/** The OLT items for the query, one per ONU, in ONU id order. */
export async function readOnus(olt: OltSession, q: OnuQuery): Promise<IDataObject[]> {
  const columns = columnsOf(q);
  const rows = q.onu === 'all' ? await readAll(olt, q, columns) : await readOne(olt, q, q.onu, columns);
  return [...rows.keys()]
    .sort((a, b) => a - b)
    .map((onuId) => {
      const row = rows.get(onuId)!;
      return {
        source: 'olt-snmp',
        olt: olt.target.host,
        vendor: q.profile.vendor,
        ponPort: q.port.name,
        ifIndex: q.port.ifIndex,
        onuId,
        ...(q.optical ? opticalJson(q.profile, row) : {}),
        ...(q.status ? statusJson(q.profile, row) : {}),
      };
    });
}
