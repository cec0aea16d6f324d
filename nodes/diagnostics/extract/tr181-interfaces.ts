// TR-181 interfaces. TR-181 has no "this is the WAN" flag, so an IP.Interface is classified by what
// it stacks on (LowerLayers): a PPP.Interface, an Optical.Interface or an Ethernet.Interface with
// Upstream = true make it the WAN, as does a DHCPv4.Client on it; a Bridging.Bridge port makes it
// the LAN. Only when the stack says nothing do its Name ("wan", "br-lan") and its address decide.
import type { NetInterface } from '../types.ts';
import { absolute, at, bool, instances, instancesAt, refs, str, stripUndefined, value } from './doc.ts';
import type { DocNode } from './doc.ts';

const ROOT = 'Device';
const MAX_DEPTH = 8;

/** Every object below `path` through LowerLayers (absolute paths, nearest first). */
export function lowerChain(doc: DocNode, path: string): string[] {
  const seen = new Set<string>([path]);
  const out: string[] = [];
  let frontier = [path];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: string[] = [];
    for (const p of frontier) {
      for (const ref of refs(value(at(doc, p), 'LowerLayers'))) {
        const abs = absolute(ROOT, ref);
        if (seen.has(abs)) continue;
        seen.add(abs);
        out.push(abs);
        next.push(abs);
      }
    }
    frontier = next;
  }
  return out;
}

export function isPrivateIpv4(ip: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(ip ?? '');
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

const addressingType = (t: string | undefined): NetInterface['connectionType'] =>
  t && /dhcp/i.test(t) ? 'dhcp' : t && /static/i.test(t) ? 'static' : undefined;

/** When the stack says nothing: the name ("wan0", "br-lan"), else a public address means WAN. */
function looksLikeWan(name: string | undefined, ip: string | undefined): boolean {
  if (/wan|ppp|internet/i.test(name ?? '')) return true;
  if (/lan|^br/i.test(name ?? '')) return false;
  return !!ip && !isPrivateIpv4(ip);
}

function firstIpv4(ipIf: DocNode): { ip?: string; addressing?: string } {
  for (const [, a] of instances(at(ipIf, 'IPv4Address'))) {
    const ip = str(a, 'IPAddress');
    if (ip && bool(a, 'Enable') !== false) return { ip, addressing: str(a, 'AddressingType') };
  }
  return {};
}

function ipInterfaces(doc: DocNode, root: DocNode, reachedPpp: Set<string>): NetInterface[] {
  const dhcpClientOn = new Set(instances(at(root, 'DHCPv4.Client')).flatMap(([, c]) => refs(value(c, 'Interface')).map((r) => absolute(ROOT, r))));
  return instancesAt(root, ROOT, 'IP.Interface').flatMap(({ path, node }) => {
    const name = str(node, 'Name');
    const { ip, addressing } = firstIpv4(node);
    if (/loopback/i.test(str(node, 'Type') ?? '') || name === 'lo' || ip?.startsWith('127.')) return [];
    const chain = lowerChain(doc, path);
    const pppPath = chain.find((p) => /\.PPP\.Interface\.\d+$/.test(p));
    const ppp = pppPath ? at(doc, pppPath) : undefined;
    if (pppPath) reachedPpp.add(pppPath);
    const upstream = chain.some(
      (p) => /\.(Optical|DSL|Cellular)\./.test(p) || (/\.Ethernet\.Interface\.\d+$/.test(p) && bool(at(doc, p), 'Upstream') === true),
    );
    const bridged = chain.some((p) => /\.Bridging\.Bridge\./.test(p));
    const dhcp = dhcpClientOn.has(path);
    const wan = !!ppp || upstream || dhcp || (!bridged && looksLikeWan(name, ip));
    const macPath = chain.find((p) => /\.Ethernet\.(Link|Interface)\.\d+$/.test(p));
    return [
      stripUndefined<NetInterface>({
        name: name ?? path,
        type: wan ? 'wan' : 'lan',
        status: str(ppp, 'ConnectionStatus') ?? str(node, 'Status') ?? 'unknown',
        ipAddress: ip ?? str(ppp, 'IPCP.LocalIPAddress'),
        macAddress: macPath ? str(at(doc, macPath), 'MACAddress') : undefined,
        connectionType: !wan ? undefined : ppp ? 'pppoe' : dhcp ? 'dhcp' : addressingType(addressing),
        username: str(ppp, 'Username'),
        source: 'genieacs',
      }),
    ];
  });
}

/** A PPP.Interface no IP.Interface stacks on (some firmwares only fill the PPP object). */
function loosePpp(root: DocNode, reached: Set<string>): NetInterface[] {
  return instancesAt(root, ROOT, 'PPP.Interface')
    .filter(({ path }) => !reached.has(path))
    .map(({ path, node }) =>
      stripUndefined<NetInterface>({
        name: str(node, 'Name') ?? path,
        type: 'wan',
        status: str(node, 'ConnectionStatus') ?? str(node, 'Status') ?? 'unknown',
        ipAddress: str(node, 'IPCP.LocalIPAddress'),
        connectionType: 'pppoe',
        username: str(node, 'Username'),
        source: 'genieacs',
      }),
    );
}

/** Physical and Wi-Fi interfaces: Optical (pon), Ethernet ports (lan, or wan when Upstream), SSIDs (wifi). */
function physical(root: DocNode): NetInterface[] {
  const pon = instancesAt(root, ROOT, 'Optical.Interface').map(({ path, node }) =>
    stripUndefined<NetInterface>({ name: str(node, 'Name') ?? path, type: 'pon', status: str(node, 'Status') ?? 'unknown', source: 'genieacs' }),
  );
  const eth = instancesAt(root, ROOT, 'Ethernet.Interface').map(({ path, node }) =>
    stripUndefined<NetInterface>({
      name: str(node, 'Name') ?? path,
      type: bool(node, 'Upstream') ? 'wan' : 'lan',
      status: str(node, 'Status') ?? 'unknown',
      macAddress: str(node, 'MACAddress'),
      source: 'genieacs',
    }),
  );
  const wifi = instancesAt(root, ROOT, 'WiFi.SSID').map(({ path, node }) =>
    stripUndefined<NetInterface>({
      name: str(node, 'Name') ?? path,
      type: 'wifi',
      status: str(node, 'Status') ?? 'unknown',
      macAddress: str(node, 'BSSID') ?? str(node, 'MACAddress'),
      source: 'genieacs',
    }),
  );
  return [...pon, ...eth, ...wifi];
}

export function tr181Interfaces(doc: DocNode): NetInterface[] {
  const root = at(doc, ROOT) ?? {};
  const reachedPpp = new Set<string>();
  const ip = ipInterfaces(doc, root, reachedPpp);
  return [...physical(root), ...ip, ...loosePpp(root, reachedPpp)];
}
