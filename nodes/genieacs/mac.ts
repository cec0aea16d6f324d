// MAC addresses as people type them, and where GenieACS keeps a device's own MAC addresses.
// CPEs report them colon-separated, some in upper case, some in lower case, so a search tries both.

/** The spellings a parameter value may have: upper and lower case, colon-separated. */
export const macValueSpellings = (mac: string): string[] => [mac.toUpperCase(), mac.toLowerCase()];

/** The spellings a tag may have: the colon forms plus bare hex (tags often avoid ':'), upper and lower case. */
export const macTagSpellings = (mac: string): string[] => {
  const bare = mac.replace(/:/g, '');
  return [...macValueSpellings(mac), bare.toUpperCase(), bare.toLowerCase()];
};

/**
 * Parameters that hold the device's own MAC address (not its clients'): the WAN connections
 * (what the BNG/DHCP server sees; internet, VoIP and TR-069 often sit on connection devices 1-3)
 * and the first LAN Ethernet port, for TR-098 and TR-181 devices.
 */
export const DEFAULT_MAC_PATHS = [
  ...[1, 2, 3].flatMap((j) => [
    `InternetGatewayDevice.WANDevice.1.WANConnectionDevice.${j}.WANIPConnection.1.MACAddress`,
    `InternetGatewayDevice.WANDevice.1.WANConnectionDevice.${j}.WANPPPConnection.1.MACAddress`,
  ]),
  'InternetGatewayDevice.LANDevice.1.LANEthernetInterfaceConfig.1.MACAddress',
  'Device.Ethernet.Interface.1.MACAddress',
  'Device.Ethernet.Link.1.MACAddress',
];

/** An NBI device query matching a MAC address at any of `paths` (and in `_tags` when asked). */
export function macQuery(mac: string, paths: string[] = DEFAULT_MAC_PATHS, opts: { tags?: boolean } = {}): Record<string, unknown> {
  const values = macValueSpellings(mac);
  const alternatives: Record<string, unknown>[] = paths.map((path) => ({ [path]: { $in: values } }));
  if (opts.tags) alternatives.push({ _tags: { $in: macTagSpellings(mac) } });
  return { $or: alternatives };
}
