// The Device Diagnostic's output vocabulary (documented by diagnostic.schema.json and README.md).
// Extractors fill the same shapes with `source: 'genieacs'`; merge.ts adds the other sources.

export type SourceName = 'genieacs' | 'olt-snmp' | 'tplink-bridge';
export type DataModel = 'TR-181' | 'TR-098';
export type Band = '2.4GHz' | '5GHz' | '6GHz' | 'unknown';
export type OpticalLevel = 'ok' | 'warning' | 'critical' | 'unknown';

export type WarningCode =
  | 'weak_optical_power'
  | 'critical_optical_power'
  | 'source_failed'
  | 'device_offline'
  | 'onu_offline'
  | 'no_reading'
  | 'task_queued'
  | 'task_faulted'
  | 'no_device'
  | 'multiple_devices'
  | 'implausible_value'
  | 'unrecognized_item';

export interface Warning {
  code: WarningCode;
  message: string;
  /** The source the warning is about; `unknown` for an error item that does not say where it came from. */
  source?: SourceName | 'unknown';
}

export interface DeviceSummary {
  id: string | null;
  serialNumber: string | null;
  manufacturer: string | null;
  oui: string | null;
  productClass: string | null;
  model?: string;
  firmware?: string;
  lastInform: string | null;
  online: boolean;
  uptimeSeconds?: number;
  /** null when the document carries neither root (a projection of `_` fields only). */
  dataModel: DataModel | null;
}

export interface NetInterface {
  name: string;
  type: 'wan' | 'lan' | 'pon' | 'wifi';
  status: string;
  ipAddress?: string;
  macAddress?: string;
  connectionType?: 'dhcp' | 'pppoe' | 'static';
  username?: string;
  source: SourceName;
}

export interface WifiNetwork {
  band: Band;
  ssid: string;
  enabled: boolean;
  channel?: number;
  bandwidth?: string;
  clients: number;
  source: SourceName;
}

export interface MeshNode {
  mac: string;
  name?: string;
  ip?: string;
  backhaul?: string;
  signalDbm?: number;
  /** Whether the controller currently sees the node (TP-Link X_TP_Active), when reported. */
  active?: boolean;
  source: SourceName;
}

export interface OpticalStatus {
  source: SourceName;
  /** Where the light is received: at the ONU = downstream, at the OLT = upstream. */
  direction: 'downstream' | 'upstream';
  rxPowerDbm: number | null;
  /** Transmit power of the same end (the ONU for downstream readings), when known. */
  txPowerDbm?: number | null;
  level: OpticalLevel;
  ponPort?: string;
  onuId?: number;
  olt?: string;
}

export interface Host {
  mac: string;
  ip?: string;
  hostname?: string;
  interface?: string;
  active?: boolean;
  source: SourceName;
}

export interface Diagnostic {
  device: DeviceSummary | null;
  interfaces: NetInterface[];
  wifi: WifiNetwork[];
  mesh: MeshNode[];
  opticalStatus: OpticalStatus[];
  hosts: Host[];
  warnings: Warning[];
  /** The input items' json, in input order (option Include Raw Inputs). */
  raw?: unknown[];
}

/** An optical reading before thresholds are applied (extractors and sources produce these). */
export type OpticalReading = Omit<OpticalStatus, 'level'>;

/** What one GenieACS document says, before it meets the other sources. */
export interface ModemView {
  dataModel: DataModel | null;
  info: {
    serialNumber?: string;
    manufacturer?: string;
    oui?: string;
    productClass?: string;
    model?: string;
    firmware?: string;
    uptimeSeconds?: number;
  };
  interfaces: NetInterface[];
  wifi: WifiNetwork[];
  hosts: Host[];
  mesh: MeshNode[];
  optical: OpticalReading[];
  warnings: Warning[];
}
