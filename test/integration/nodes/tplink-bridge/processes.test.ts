// The shared browser's processes (the memory budget of README "Memory"): one renderer per modem
// context and nothing on top — no address-bar WebUI renderer per window, no spare renderer, the
// network service and the GPU compositor inside the browser process — while the feature switches
// Playwright sets for itself stay in force next to ours (Chromium keeps only the last list).
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgePool, PLAYWRIGHT_DISABLED_FEATURES, PLAYWRIGHT_ENABLED_FEATURES } from '../../../../nodes/tplink-bridge/browser-pool.ts';
import { runBridgeOperation } from '../../../../nodes/tplink-bridge/bridge.ts';
import { modemTarget } from '../../../../nodes/tplink-bridge/transport.ts';
import type { ModemTarget } from '../../../../nodes/tplink-bridge/transport.ts';
import { startBridgeEnv } from './setup.ts';
import type { BridgeEnv } from './setup.ts';

let env: BridgeEnv;
const targets: ModemTarget[] = [];
const pool = bridgePool();

beforeAll(async () => {
  env = await startBridgeEnv();
  for (let i = 0; i < 3; i++) {
    const { fake } = await env.modem();
    targets.push(modemTarget(fake.url, 'user', fake.password));
  }
});
afterAll(() => env?.close());

interface Proc {
  pid: number;
  /** Chromium's --type (renderer, zygote, utility, gpu-process); the browser has none. */
  type: string;
  args: string;
}

/** The browser process and its descendants, with their command lines. */
function chromiumTree(root: number): Proc[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: Proc[] = [];
  for (const stack = [root]; stack.length; ) {
    const pid = stack.pop()!;
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) out.push({ pid, type: /--type=(\S+)/.exec(args)?.[1] ?? 'browser', args });
    } catch {
      // gone meanwhile
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The value of the last `--<name>=` switch in a command line, as a list. */
const switchList = (args: string | string[], name: string): string[] => {
  const all = (Array.isArray(args) ? args : args.split(' ')).filter((a) => a.startsWith(`--${name}=`));
  return all.length ? all.at(-1)!.slice(name.length + 3).split(',') : [];
};

describe('TP-Link bridge browser processes', () => {
  it('runs one renderer per modem context and no helper renderers or service processes', async () => {
    await Promise.all(targets.map((t) => runBridgeOperation(t, { operation: 'deviceInfo' })));
    // A spare renderer would be started after the navigations: give it the time to appear.
    await new Promise((r) => setTimeout(r, 1000));
    expect(pool.stats().modems).toHaveLength(3);
    const procs = chromiumTree(pool.stats().browserPid!);
    expect(procs.filter((p) => p.type === 'renderer')).toHaveLength(3);
    expect(procs.filter((p) => p.type === 'gpu-process')).toEqual([]);
    expect(procs.filter((p) => /--utility-sub-type=network\./.test(p.args))).toEqual([]);
    expect(procs.filter((p) => p.type === 'zygote')).toHaveLength(1);
    expect(procs.map((p) => p.type).sort()).toEqual(['browser', 'renderer', 'renderer', 'renderer', 'utility', 'zygote']);
  });

  it('shows the modem page at 1024 CSS pixels, device pixel ratio 1 (the half scale is the window frame only)', async () => {
    const seen = await pool.withModem(targets[0].origin, AbortSignal.timeout(5000), async (lease) => (await lease.page()).evaluate(() => [innerWidth, innerHeight, devicePixelRatio]));
    expect(seen).toEqual([1024, 700, 1]);
  });

  it("keeps Playwright's own feature switches in force next to ours", async () => {
    // What Playwright passes by itself, read from a bare launch (not from our copy of its lists).
    const bare = await chromium.launchServer({ executablePath: pool.config.executablePath, args: [] });
    const spawned = bare.process().spawnargs;
    await bare.close();
    const playwrightDisabled = switchList(spawned, 'disable-features');
    const playwrightEnabled = switchList(spawned, 'enable-features');
    expect(playwrightDisabled).toContain('HttpsUpgrades');
    expect(playwrightDisabled.filter((f) => !PLAYWRIGHT_DISABLED_FEATURES.includes(f))).toEqual([]);
    expect(playwrightEnabled.filter((f) => !PLAYWRIGHT_ENABLED_FEATURES.includes(f))).toEqual([]);

    // What Chromium made of the pool's switches: the browser hands its feature state to each renderer.
    await runBridgeOperation(targets[0], { operation: 'deviceInfo' });
    const renderer = chromiumTree(pool.stats().browserPid!).find((p) => p.type === 'renderer')!;
    const disabled = switchList(renderer.args, 'disable-features');
    const enabled = switchList(renderer.args, 'enable-features');
    expect(disabled).toEqual(expect.arrayContaining([...playwrightDisabled, 'WebUIOmniboxPopup', 'SpareRendererForSitePerProcess']));
    expect(enabled).toEqual(expect.arrayContaining([...playwrightEnabled, 'NetworkServiceInProcess2']));
  });
});
