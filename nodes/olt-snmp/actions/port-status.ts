import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { adminStatusName, IF_MIB, operStatusName, portMatcher } from '../if-mib.ts';
import { ponPortOf } from '../profiles/index.ts';
import { withOlt } from '../transport.ts';
import type { OltSession } from '../transport.ts';
import { counter64, isMissing, numberValue, textValue } from '../values.ts';
import type { RawVarbind } from '../values.ts';
import { show, timing } from './common.ts';
import type { OltAction } from './common.ts';

/** The columns read for each matched port, in output order. */
const COLUMNS = ['ifName', 'ifDescr', 'ifAlias', 'ifAdminStatus', 'ifOperStatus', 'ifHCInOctets', 'ifHCOutOctets', 'ifInOctets', 'ifOutOctets'] as const;

/** ifIndex → name, from one IF-MIB name column (empty when the OLT lacks it). */
async function names(olt: OltSession, column: string): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const vb of (await olt.subtree(column)).varbinds) {
    const text = textValue(vb);
    if (text !== null) out.set(Number(vb.oid.slice(column.length + 1)), text);
  }
  return out;
}

/** A 64-bit counter when the OLT has ifXTable, else the 32-bit one. */
function octets(hc: RawVarbind, legacy: RawVarbind): number | string | null {
  if (!isMissing(hc)) return counter64(hc.value);
  return numberValue(legacy);
}

function portJson(host: string, ifIndex: number, row: Record<(typeof COLUMNS)[number], RawVarbind>): IDataObject {
  const pon = ponPortOf(ifIndex);
  return {
    source: 'olt-snmp',
    olt: host,
    ifIndex,
    name: textValue(row.ifName) ?? textValue(row.ifDescr),
    description: textValue(row.ifDescr),
    alias: textValue(row.ifAlias),
    adminStatus: adminStatusName(numberValue(row.ifAdminStatus)),
    operStatus: operStatusName(numberValue(row.ifOperStatus)),
    inOctets: octets(row.ifHCInOctets, row.ifInOctets),
    outOctets: octets(row.ifHCOutOctets, row.ifOutOctets),
    ...(pon ? { vendor: pon.vendor, ponPort: pon.ponPort } : {}),
  };
}

/** Status and traffic counters of the interfaces whose ifName or ifDescr matches. */
export const portStatus: OltAction = {
  operation: {
    name: 'PON Port Status',
    value: 'portStatus',
    action: 'Get PON port status',
    description: 'Admin/oper status and octet counters of ports from IF-MIB, by name or pattern',
  },
  properties: [
    {
      displayName: 'Port Name or Pattern',
      name: 'port',
      type: 'string',
      required: true,
      default: 'gpon*',
      placeholder: 'GPON 0/1/0',
      displayOptions: show('portStatus'),
      description: 'An interface name (ifName or ifDescr, e.g. "GPON 0/1/0", "gpon-olt_1/2/1", or just "0/1/0"), or a pattern with * and ?, e.g. "gpon*". Case is ignored.',
    },
  ],
  async run(ctx, i) {
    const pattern = String(ctx.getNodeParameter('port', i, '') ?? '').trim();
    if (!pattern) throw new NodeOperationError(ctx.getNode(), '"Port Name or Pattern" is empty', { parameter: 'port', itemIndex: i, description: 'Set a port name such as "GPON 0/1/0", or "*" for every interface.' });
    const matches = portMatcher(pattern);
    return withOlt(ctx, i, timing(ctx, i), async (olt) => {
      const byName = await names(olt, IF_MIB.ifName);
      const byDescr = await names(olt, IF_MIB.ifDescr);
      const indexes = [...new Set([...byName.keys(), ...byDescr.keys()])]
        .filter((ix) => matches(byName.get(ix) ?? '') || matches(byDescr.get(ix) ?? ''))
        .sort((a, b) => a - b);
      if (!indexes.length) {
        const seen = [...new Set([...byName.values(), ...byDescr.values()])];
        throw new NodeOperationError(ctx.getNode(), `No interface on the OLT at ${olt.target.host} matches "${pattern}"`, {
          parameter: 'port',
          itemIndex: i,
          description: seen.length ? `Interfaces seen: ${seen.slice(0, 12).join(', ')}${seen.length > 12 ? ', …' : ''}.` : 'The OLT answered no ifName or ifDescr at all.',
        });
      }
      const varbinds = await olt.get(indexes.flatMap((ix) => COLUMNS.map((c) => `${IF_MIB[c]}.${ix}`)));
      return indexes.map((ifIndex, n) => {
        const row = Object.fromEntries(COLUMNS.map((c, k) => [c, varbinds[n * COLUMNS.length + k]])) as Record<(typeof COLUMNS)[number], RawVarbind>;
        return portJson(olt.target.host, ifIndex, row);
      });
    });
  },
};
