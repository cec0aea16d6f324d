// bench:engine — in-process executions per second for a 3-node and a 20-node workflow, against the
// same item transform written as plain JavaScript (the baseline) in the same run.
import { createRegistry } from '../host/engine/registry.ts';
import { runWorkflow } from '../host/engine/execution.ts';
import type { EngineDeps } from '../host/engine/types.ts';
import { createExpressionEvaluator } from '../host/expressions/evaluate.ts';
import type { INode, Workflow } from '../host/model/index.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);

function chain(count: number): Workflow {
  const nodes: INode[] = [{ id: 'n0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
  for (let i = 1; i < count; i++) {
    const set = i % 2 === 1;
    nodes.push({
      id: `n${i}`,
      name: `Node ${i}`,
      type: set ? 'n8n-nodes-base.set' : 'n8n-nodes-base.noOp',
      typeVersion: set ? 3.4 : 1,
      position: [i * 200, 0],
      parameters: set
        ? { includeOtherFields: true, assignments: { assignments: [{ id: '1', name: `f${i}`, value: '={{ $json.n * 2 }}', type: 'number' }] } }
        : {},
    });
  }
  const connections: Workflow['connections'] = {};
  for (let i = 0; i < count - 1; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
  return { id: `bench${count}`, name: `chain of ${count}`, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

async function measure(label: string, once: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 2000; i++) await once(); // warm-up
  let count = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) await once();
    count += 100;
  }
  const perSec = count / seconds;
  console.log(`${label.padEnd(44)} ${perSec.toFixed(0).padStart(9)} /s`);
  return perSec;
}

const registry = await createRegistry();
const expressions = createExpressionEvaluator();
const deps: EngineDeps = { registry, expressions };
const input = [{ json: { n: 21 } }];

const results: Record<number, number> = {};
for (const size of [3, 20]) {
  const wf = chain(size);
  const setCount = wf.nodes.filter((n) => n.type.endsWith('.set')).length;
  results[size] = await measure(`engine, ${size}-node workflow (${setCount} sandboxed expr)`, () =>
    runWorkflow(deps, { workflow: wf, executionId: 'bench', mode: 'manual', triggerItems: input }),
  );
  const plain = await measure(`plain JS, same ${setCount} transforms`, async () => {
    let json: Record<string, unknown> = { n: 21 };
    for (let i = 0; i < setCount; i++) json = { ...json, [`f${i}`]: (json.n as number) * 2 };
    return json;
  });
  console.log(`ratio engine/plain: ${(results[size] / plain).toFixed(3)}\n`);
}
console.log('Target (issue 2): ≥ 20,000 executions/s for the 3-node workflow:', results[3] >= 20_000 ? 'met' : 'NOT met');
expressions.dispose();
