// The editor's Export writes n8n's condition shape, so the downloaded file opens in n8n; a rule n8n
// cannot hold stays JSONLogic and is named in meta.gigaflowUnconverted.
import { describe, expect, it } from 'vitest';
import { convertNodeConditions } from '../../../host/conditions/convert.ts';
import type { INode } from '../../../host/model/index.ts';
import { workflowFile } from '../../../editor/src/lib/files.ts';

const n8nIf: INode = {
  id: 'a1',
  name: 'Open?',
  type: 'n8n-nodes-base.if',
  typeVersion: 2.2,
  position: [200, 0],
  parameters: {
    conditions: {
      options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
      conditions: [{ id: 'c1', leftValue: '={{ $json.status }}', rightValue: 'Open', operator: { type: 'string', operation: 'equals' } }],
      combinator: 'and',
    },
    options: {},
  },
};

describe('workflowFile (editor Export)', () => {
  it('writes saved JSONLogic conditions back in n8n shape', () => {
    const stored = convertNodeConditions(n8nIf);
    expect(stored.parameters.conditions).toHaveProperty('jsonLogic');
    const file = workflowFile({ name: 'W', nodes: [stored], connections: {}, settings: {} } as never);
    const [node] = file.nodes as INode[];
    const conditions = node.parameters.conditions as { conditions: { leftValue: unknown; rightValue: unknown; operator: { operation: string } }[]; combinator: string };
    expect(conditions.combinator).toBe('and');
    expect(conditions.conditions).toHaveLength(1);
    expect(conditions.conditions[0].rightValue).toBe('Open');
    expect(conditions.conditions[0].operator.operation).toBe('equals');
    expect(file.meta).toBeUndefined();
    // Imported back, it is the same rule.
    expect(convertNodeConditions(node).parameters.conditions).toEqual(stored.parameters.conditions);
  });

  it('keeps a rule n8n cannot hold and names its node', () => {
    const mixed = { ...n8nIf, name: 'Mixed', parameters: { conditions: { jsonLogic: { or: [{ and: [{ '==': [{ var: 'a' }, 1] }, { '==': [{ var: 'b' }, 2] }] }, { '==': [{ var: 'c' }, 3] }] } }, options: {} } };
    const file = workflowFile({ name: 'W', nodes: [mixed], connections: {}, settings: {}, meta: { gigaflowUnconverted: ['stale'] } } as never);
    expect((file.nodes as INode[])[0].parameters.conditions).toEqual(mixed.parameters.conditions);
    expect(file.meta).toEqual({ gigaflowUnconverted: ['Mixed'] });
  });
});
