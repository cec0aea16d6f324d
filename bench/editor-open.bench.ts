// Time to open a 300-node workflow in the editor: from navigation until every node is on the
// canvas, in Debian's Chromium against a real host. Needs editor/dist (npm run build:editor).
// Run: npx node bench/editor-open.bench.ts [-- nodeCount]
import { chromium } from 'playwright-core';
import { startTestHost } from '../test/helpers/host.ts';

const count = Number(process.argv[2] ?? 300);
const t = await startTestHost();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `n${i}`,
    name: i === 0 ? 'Start' : `Set ${i}`,
    type: i === 0 ? 'n8n-nodes-base.manualTrigger' : 'n8n-nodes-base.set',
    typeVersion: i === 0 ? 1 : 3.4,
    position: [(i % 20) * 240, Math.floor(i / 20) * 140],
    parameters: {},
  }));
  const connections = Object.fromEntries(nodes.slice(0, -1).map((n, i) => [n.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }]));
  const res = await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify({ name: 'bench', nodes, connections }) });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  const { id } = await res.json();

  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(t.url);
  await page.evaluate((key) => sessionStorage.setItem('gigaflow.apiKey', key), t.apiKey);
  for (let round = 1; round <= 3; round++) {
    await page.goto(`${t.url}/#/`);
    await page.reload();
    await page.waitForSelector('[data-test=wf-row]');
    const t0 = performance.now();
    await page.click('[data-test=wf-open]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-test=canvas-node]').length === n, count, { timeout: 60_000 });
    console.log(`round ${round}: ${count} nodes on the canvas in ${Math.round(performance.now() - t0)} ms`);
  }
} finally {
  await browser.close();
  await t.close();
}
