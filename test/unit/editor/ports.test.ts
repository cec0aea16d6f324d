// Canvas ports from real node descriptions: named outputs, parameter-dependent outputs, error output.
import { describe, expect, it } from 'vitest';
import { ifDescription } from '../../../nodes/core/if/description.ts';
import { setDescription } from '../../../nodes/core/set/description.ts';
import { switchDescription } from '../../../nodes/core/switch/description.ts';
import { portsOf } from '../../../editor/src/stores/node-types.store.ts';
import type { INode, NodeTypeDescription } from '../../../editor/src/api/types.ts';

const node = (parameters: Record<string, unknown> = {}, extra: Partial<INode> = {}): INode => ({ id: 'x', name: 'X', type: 't', typeVersion: 1, position: [0, 0], parameters, ...extra });
const desc = (d: unknown) => d as NodeTypeDescription;

describe('portsOf', () => {
  it('labels If outputs true/false and a plain node output not at all', () => {
    expect(portsOf(node(), desc(ifDescription))).toEqual({ inputs: 1, outputs: ['true', 'false'] });
    expect(portsOf(node(), desc(setDescription))).toEqual({ inputs: 1, outputs: [''] });
  });

  it('adds the error output when the node routes errors', () => {
    expect(portsOf(node({}, { onError: 'continueErrorOutput' }), desc(setDescription)).outputs).toEqual(['success', 'error']);
    expect(portsOf(node({}, { onError: 'continueErrorOutput' }), desc(ifDescription)).outputs).toEqual(['true', 'false', 'error']);
  });

  it('counts Switch outputs from its rules and fallback', () => {
    const parameters = {
      mode: 'rules',
      rules: { values: [{ renameOutput: true, outputKey: 'urgent' }, {}] },
      options: { fallbackOutput: 'extra' },
    };
    expect(portsOf(node(parameters), desc(switchDescription)).outputs).toEqual(['urgent', '1', 'Fallback']);
    expect(portsOf(node({ mode: 'expression', numberOutputs: 3 }), desc(switchDescription)).outputs).toEqual(['0', '1', '2']);
  });
});
