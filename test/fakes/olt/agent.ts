// Starting a net-snmp Agent on 127.0.0.1 at a free UDP port, with a v2c community and a v3 user.
import dgram from 'node:dgram';
import snmp from 'net-snmp';
import { closedUdpPort } from '../../helpers/ports.ts';

const MAX_INT32 = 2147483647;
const MAX_UINT32 = 4294967295;
let widened = false;

/**
 * net-snmp's Mib refuses OID sub-identifiers above 2^31 − 1, but RFC 2578 allows up to 2^32 − 1
 * and Huawei OLTs index PON ports from 4194304000. The fake widens that one check (the client
 * side already encodes and decodes full 32-bit sub-identifiers); every other check still runs.
 */
export function allowUint32SubIdentifiers(): void {
  if (widened) return;
  widened = true;
  const Mib = snmp.createMib().constructor as unknown as { convertOidToAddress(oid: string | Array<string | number>): number[] };
  const original = Mib.convertOidToAddress.bind(Mib);
  Mib.convertOidToAddress = (oid) => {
    const parts = Array.isArray(oid) ? [...oid] : String(oid).split('.');
    const big: Array<[number, number]> = [];
    parts.forEach((p, i) => {
      const n = Number(p);
      if (Number.isInteger(n) && n > MAX_INT32 && n <= MAX_UINT32) {
        big.push([i, n]);
        parts[i] = '0';
      }
    });
    const address = original(Array.isArray(oid) ? parts : parts.join('.'));
    for (const [i, n] of big) address[i] = n;
    return address;
  };
}

export interface FakeV3User {
  name: string;
  authProtocol: 'sha';
  authKey: string;
  privProtocol: 'aes';
  privKey: string;
}

/** The part of net-snmp's Agent the fake uses (its typings leave the Agent untyped). */
interface Agent {
  close(callback?: () => void): void;
  getAuthorizer(): { addCommunity(community: string): void; addUser(user: object): void };
}

export interface StartedAgent {
  agent: Agent;
  port: number;
  /** PDU types the agent answered, in order (GetRequest, GetBulkRequest, …). */
  requests: string[];
  close(): Promise<void>;
}

/** Starts an agent serving `mib`, retrying on another port if the chosen one was taken meanwhile. */
export async function startAgent(mib: unknown, community: string, user: FakeV3User): Promise<StartedAgent> {
  const requests: string[] = [];
  for (let attempt = 0; ; attempt++) {
    const port = await closedUdpPort();
    let socket: dgram.Socket | undefined;
    // net-snmp takes a dgram module: this one hands back the socket so we can wait for it to listen.
    const dgramModule = {
      createSocket: (type: dgram.SocketType) => {
        socket = dgram.createSocket(type);
        return socket;
      },
    };
    const agent: Agent = snmp.createAgent({ port, address: '127.0.0.1', transport: 'udp4', dgramModule }, () => undefined, mib);
    // The agent dispatches each request PDU to one of these methods: record which, then serve it.
    const served = agent as unknown as Record<string, (...args: unknown[]) => void>;
    for (const [method, type] of [['getRequest', 'GetRequest'], ['getNextRequest', 'GetNextRequest'], ['getBulkRequest', 'GetBulkRequest'], ['setRequest', 'SetRequest']] as const) {
      const original = served[method].bind(agent);
      served[method] = (...args: unknown[]) => {
        requests.push(type);
        original(...args);
      };
    }
    const started = await new Promise<Error | null>((resolve) => {
      socket!.once('listening', () => resolve(null));
      socket!.once('error', (err) => resolve(err));
    });
    if (started) {
      try {
        agent.close();
      } catch {
        // the socket never opened
      }
      if ((started as NodeJS.ErrnoException).code === 'EADDRINUSE' && attempt < 5) continue;
      throw started;
    }
    agent.getAuthorizer().addCommunity(community);
    agent.getAuthorizer().addUser({
      name: user.name,
      level: snmp.SecurityLevel.authPriv,
      authProtocol: snmp.AuthProtocols.sha,
      authKey: user.authKey,
      privProtocol: snmp.PrivProtocols.aes,
      privKey: user.privKey,
    });
    return {
      agent,
      port,
      requests,
      close: () => new Promise<void>((resolve) => agent.close(() => resolve())),
    };
  }
}
