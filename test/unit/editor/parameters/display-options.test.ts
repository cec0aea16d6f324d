import { describe, expect, it } from 'vitest';
import type { INodeProperties } from 'n8n-workflow';
import { isDisplayed, withDefaults, displayedProperties } from '../../../../editor/src/lib/display-options.ts';
import { validateParameters } from '../../../../editor/src/lib/parameter-validation.ts';
import { webhookDescription } from '../../../../nodes/core/webhook/description.ts';
import { setDescription } from '../../../../nodes/core/set/description.ts';

const prop = (p: Partial<INodeProperties>): INodeProperties => ({ displayName: p.name ?? 'x', name: 'x', type: 'string', default: '', ...p }) as INodeProperties;

describe('isDisplayed', () => {
  it('requires every show key to match one allowed value and no hide key to match', () => {
    const p = prop({ displayOptions: { show: { mode: ['a', 'b'], kind: ['k'] }, hide: { off: [true] } } });
    expect(isDisplayed(p, { mode: 'b', kind: 'k' }, 1)).toBe(true);
    expect(isDisplayed(p, { mode: 'c', kind: 'k' }, 1)).toBe(false);
    expect(isDisplayed(p, { mode: 'a' }, 1)).toBe(false);
    expect(isDisplayed(p, { mode: 'a', kind: 'k', off: true }, 1)).toBe(false);
  });

  it('reads @version and _cnd conditions', () => {
    const p = prop({ displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } } });
    expect(isDisplayed(p, {}, 1)).toBe(false);
    expect(isDisplayed(p, {}, 2.1)).toBe(true);
    const conds = (cnd: object, v: unknown) => isDisplayed(prop({ displayOptions: { show: { a: [{ _cnd: cnd }] } } as never }), { a: v }, 1);
    expect(conds({ lte: 3 }, 3)).toBe(true);
    expect(conds({ lte: 3 }, 4)).toBe(false);
    expect(conds({ eq: 'x' }, 'x')).toBe(true);
    expect(conds({ not: 'x' }, 'x')).toBe(false);
    expect(conds({ not: 'x' }, 'y')).toBe(true);
    expect(conds({ exists: true }, undefined)).toBe(false);
    expect(conds({ exists: true }, 0)).toBe(true);
  });

  it("resolves '/' keys against the root parameters", () => {
    const p = prop({ displayOptions: { show: { '/responseMode': ['lastNode'] } } });
    expect(isDisplayed(p, {}, 1, { responseMode: 'lastNode' })).toBe(true);
    expect(isDisplayed(p, { responseMode: 'lastNode' }, 1, {})).toBe(false);
  });
});

describe('withDefaults', () => {
  it('fills missing values from the first displayed property, so later conditions see earlier defaults', () => {
    const resolved = withDefaults(webhookDescription.properties, { path: 'x' }, 2);
    expect(resolved.responseMode).toBe('onReceived');
    expect(displayedProperties(webhookDescription.properties, resolved, 2).map((p) => p.name)).not.toContain('responseData');
    const lastNode = withDefaults(webhookDescription.properties, { responseMode: 'lastNode' }, 2);
    expect(displayedProperties(webhookDescription.properties, lastNode, 2).map((p) => p.name)).toContain('responseData');
    expect(lastNode.responseData).toBe(webhookDescription.properties.find((p) => p.name === 'responseData')!.default);
  });

  it('hides Set JSON Output in manual mode and shows it in raw mode', () => {
    const manual = displayedProperties(setDescription.properties, withDefaults(setDescription.properties, {}, 3.4), 3.4).map((p) => p.name);
    expect(manual).toContain('assignments');
    expect(manual).not.toContain('jsonOutput');
    const raw = displayedProperties(setDescription.properties, withDefaults(setDescription.properties, { mode: 'raw' }, 3.4), 3.4).map((p) => p.name);
    expect(raw).toContain('jsonOutput');
    expect(raw).not.toContain('assignments');
  });
});

describe('validateParameters', () => {
  const props: INodeProperties[] = [
    prop({ name: 'mode', type: 'options', default: 'a', options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] }),
    prop({ name: 'url', displayName: 'URL', required: true }),
    prop({ name: 'onlyB', displayName: 'Only B', required: true, displayOptions: { show: { mode: ['b'] } } }),
    prop({ name: 'count', displayName: 'Count', type: 'number', required: true, default: 0 }),
    prop({
      name: 'options',
      type: 'collection',
      default: {},
      options: [prop({ name: 'header', displayName: 'Header', required: true }), prop({ name: 'other', displayName: 'Other', required: true })],
    }),
    prop({
      name: 'rules',
      type: 'fixedCollection',
      default: {},
      typeOptions: { multipleValues: true },
      options: [{ name: 'values', displayName: 'Rule', values: [prop({ name: 'outputKey', displayName: 'Output Key', required: true })] }] as never,
    }),
  ];

  it('reports displayed required fields that are empty, with input paths', () => {
    expect(validateParameters(props, { options: { header: '' }, rules: { values: [{ outputKey: 'ok' }, {}] } }, 1)).toEqual([
      { path: 'url', message: 'URL is required' },
      { path: 'options.header', message: 'Header is required' },
      { path: 'rules.values[1].outputKey', message: 'Output Key is required' },
    ]);
  });

  it('ignores hidden fields, counts 0 as a value and an empty expression as empty', () => {
    expect(validateParameters(props, { url: 'http://x' }, 1)).toEqual([]);
    expect(validateParameters(props, { url: '=', mode: 'b', onlyB: 'v' }, 1)).toEqual([{ path: 'url', message: 'URL is required' }]);
    expect(validateParameters(props, { url: 'u', mode: 'b' }, 1).map((i) => i.path)).toEqual(['onlyB']);
  });

  it("flags the Webhook's required path", () => {
    expect(validateParameters(webhookDescription.properties, { path: '' }, 2).map((i) => i.path)).toEqual(['path']);
    expect(validateParameters(webhookDescription.properties, { path: 'hook' }, 2)).toEqual([]);
  });
});
