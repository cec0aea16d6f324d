// Debian's Net-SNMP agent (snmpd) as a real SNMP peer for tests: its own config in a temp dir,
// 127.0.0.1 on a free UDP port, a v2c community restricted to 127.0.0.1 and a v3 authPriv
// (SHA/AES) user; no system-wide config, no persistent state outside the temp dir.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import snmp from 'net-snmp';
import { closedUdpPort } from './ports.ts';

export const SNMPD_PATH = '/usr/sbin/snmpd';

export interface Snmpd {
  port: number;
  community: string;
  sysName: string;
  v3User: { name: string; authProtocol: 'sha'; authKey: string; privProtocol: 'aes'; privKey: string };
  /** What snmpd printed (-Lo), for failure messages. */
  output(): string;
  close(): Promise<void>;
}

function config(port: number, s: Pick<Snmpd, 'community' | 'sysName' | 'v3User'>): string {
  const u = s.v3User;
  return [
    `agentAddress udp:127.0.0.1:${port}`,
    `rocommunity ${s.community} 127.0.0.1`,
    // With -C only this file is read, so the user is created here (snmpd.conf(5), "SNMPv3 USM Users").
    `createUser ${u.name} SHA ${u.authKey} AES ${u.privKey}`,
    `rouser ${u.name} priv`,
    `sysName ${s.sysName}`,
    'sysLocation gigaflow test',
    'sysContact tests@gigaflow.invalid',
    '',
  ].join('\n');
}

/** Asks sysName.0 until snmpd answers (or exits). */
async function answers(port: number, community: string): Promise<boolean> {
  const session = snmp.createSession('127.0.0.1', community, { port, version: snmp.Version2c, retries: 0, timeout: 200 });
  session.on('error', () => undefined);
  try {
    return await new Promise<boolean>((resolve) => session.get(['1.3.6.1.2.1.1.5.0'], (err) => resolve(!err)));
  } finally {
    session.close();
  }
}

async function launch(dir: string, port: number, s: Pick<Snmpd, 'community' | 'sysName' | 'v3User'>): Promise<{ child?: ChildProcess; out: string[] }> {
  const conf = join(dir, 'snmpd.conf');
  writeFileSync(conf, config(port, s), { mode: 0o600 });
  const persist = join(dir, 'persist');
  mkdirSync(persist, { recursive: true });
  const out: string[] = [];
  // -f foreground, -Lo log to stdout, -C no default config files, -c ours; the env keeps
  // snmp.conf lookups and persistent state (engine boots, usmUser) inside the temp dir.
  const child = spawn(SNMPD_PATH, ['-f', '-Lo', '-C', '-c', conf, '-p', join(dir, 'snmpd.pid')], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SNMPCONFPATH: dir, SNMP_PERSISTENT_DIR: persist, MIBDIRS: dir, MIBS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (exited) return { out };
    if (await answers(port, s.community)) return { child, out };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`snmpd did not answer on 127.0.0.1:${port} within 10 s:\n${out.join('')}`);
}

export async function startSnmpd(): Promise<Snmpd> {
  if (!existsSync(SNMPD_PATH)) throw new Error(`${SNMPD_PATH} is missing: install Debian's snmpd (apt-get install -y snmpd), as .ci/run does`);
  const dir = mkdtempSync(join(tmpdir(), 'gigaflow-snmpd-'));
  const settings = {
    community: `gf${Math.random().toString(36).slice(2, 10)}`,
    sysName: `snmpd-${Math.random().toString(36).slice(2, 8)}`,
    v3User: { name: 'gfops', authProtocol: 'sha' as const, authKey: 'gf-auth-secret-1', privProtocol: 'aes' as const, privKey: 'gf-priv-secret-1' },
  };
  let lastOutput = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await closedUdpPort();
    const { child, out } = await launch(dir, port, settings);
    // No child: snmpd exited, most likely because another process took the port meanwhile; try another.
    if (!child) {
      lastOutput = out.join('');
      continue;
    }
    return {
      port,
      ...settings,
      output: () => out.join(''),
      async close() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((r) => child.once('exit', () => r()));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`snmpd could not start on a free UDP port after 5 tries:\n${lastOutput}`);
}
