// Query builder rows → the NBI's MongoDB-style query, JSON queries, projection and sort.
import { describe, expect, it } from 'vitest';
import { operatorValue, parseQuery, parseSort, projectionText, QUERY_OPERATORS, rowsToQuery } from '../../../../nodes/genieacs/query.ts';

const fail = (message: string): never => {
  throw new Error(message);
};

describe('rowsToQuery', () => {
  it('offers the operators the NBI understands', () => {
    expect(QUERY_OPERATORS.map((o) => o.value)).toEqual(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$regex', '$exists']);
  });

  it('ANDs rows on distinct paths in one object; $eq is the bare value', () => {
    const rows = [
      { path: 'InternetGatewayDevice.DeviceInfo.ModelName', operator: '$eq', value: 'HG8245Q2' },
      { path: '_lastInform', operator: '$lt', value: '2026-01-01T00:00:00Z' },
      { path: 'InternetGatewayDevice.DeviceInfo.UpTime', operator: '$gte', value: '3600' },
      { path: '_tags', operator: '$in', value: 'vip, business' },
      { path: 'InternetGatewayDevice.DeviceInfo.SoftwareVersion', operator: '$nin', value: '["V1", "V2"]' },
      { path: 'InternetGatewayDevice.DeviceInfo.Manufacturer', operator: '$regex', value: '^Hua' },
      { path: 'Device.Optical.Interface.1.OpticalSignalLevel', operator: '$exists', value: '' },
      { path: 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable', operator: '$ne', value: 'TRUE' },
    ];
    expect(rowsToQuery(rows, fail)).toEqual({
      'InternetGatewayDevice.DeviceInfo.ModelName': 'HG8245Q2',
      _lastInform: { $lt: '2026-01-01T00:00:00Z' },
      'InternetGatewayDevice.DeviceInfo.UpTime': { $gte: 3600 },
      _tags: { $in: ['vip', 'business'] },
      'InternetGatewayDevice.DeviceInfo.SoftwareVersion': { $nin: ['V1', 'V2'] },
      'InternetGatewayDevice.DeviceInfo.Manufacturer': { $regex: '^Hua' },
      'Device.Optical.Interface.1.OpticalSignalLevel': { $exists: true },
      'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable': { $ne: true },
    });
  });

  it('puts rows on the same path into $and (the NBI refuses $ne mixed with other operators on one key)', () => {
    const rows = [
      { path: 'InternetGatewayDevice.DeviceInfo.UpTime', operator: '$gt', value: '10' },
      { path: 'InternetGatewayDevice.DeviceInfo.UpTime', operator: '$ne', value: '99' },
    ];
    expect(rowsToQuery(rows, fail)).toEqual({
      $and: [{ 'InternetGatewayDevice.DeviceInfo.UpTime': { $gt: 10 } }, { 'InternetGatewayDevice.DeviceInfo.UpTime': { $ne: '99' } }],
    });
  });

  it('no rows match every device', () => {
    expect(rowsToQuery([], fail)).toEqual({});
  });

  it('names the row that is wrong', () => {
    expect(() => rowsToQuery([{ path: '', operator: '$eq', value: 'x' }], fail)).toThrow('Condition 1 has no parameter path');
    expect(() => rowsToQuery([{ path: 'a', operator: '$eq', value: '1' }, { path: 'b', operator: '$where', value: '1' }], fail)).toThrow('Condition 2 (b): unknown operator "$where"');
    expect(() => rowsToQuery([{ path: 'a', operator: '$regex', value: '(' }], fail)).toThrow('Condition 1 (a): "(" is not a valid regular expression');
    expect(() => rowsToQuery([{ path: 'a', operator: '$exists', value: 'maybe' }], fail)).toThrow('"$exists" takes true or false');
    expect(() => rowsToQuery([{ path: 'a', operator: '$in', value: '["x",' }], fail)).toThrow('the list is not valid JSON');
  });
});

describe('operatorValue', () => {
  it('keeps non-numeric comparison values as text (the NBI turns date text into dates)', () => {
    expect(operatorValue('$gt', '2026-03-01 00:00:00 +0000', 'r', fail)).toBe('2026-03-01 00:00:00 +0000');
    expect(operatorValue('$lte', '-12.5', 'r', fail)).toBe(-12.5);
  });
  it('keeps $eq text as typed except true/false, and passes values from expressions through', () => {
    expect(operatorValue('$eq', '0042', 'r', fail)).toBe('0042');
    expect(operatorValue('$eq', 'False', 'r', fail)).toBe(false);
    expect(operatorValue('$eq', 7, 'r', fail)).toBe(7);
    expect(operatorValue('$in', ['a', 1], 'r', fail)).toEqual(['a', 1]);
    expect(operatorValue('$exists', false, 'r', fail)).toBe(false);
    expect(operatorValue('$nin', '', 'r', fail)).toEqual([]);
  });
});

describe('parseQuery, projectionText, parseSort', () => {
  it('parses JSON text, passes objects, refuses non-objects', () => {
    expect(parseQuery('{"_tags": "vip"}', fail)).toEqual({ _tags: 'vip' });
    expect(parseQuery({ _id: 'x' }, fail)).toEqual({ _id: 'x' });
    expect(parseQuery('  ', fail)).toEqual({});
    expect(() => parseQuery('[1]', fail)).toThrow('The query must be a JSON object');
    expect(() => parseQuery('{"a":', fail)).toThrow('The query is not valid JSON');
  });
  it('joins projections from text (commas or lines) or lists', () => {
    expect(projectionText(' _id, InternetGatewayDevice.DeviceInfo\n_tags ,')).toBe('_id,InternetGatewayDevice.DeviceInfo,_tags');
    expect(projectionText(['_id', ' _lastInform '])).toBe('_id,_lastInform');
    expect(projectionText(undefined)).toBe('');
  });
  it('takes a sort of 1 / -1 values', () => {
    expect(parseSort('{"_lastInform": -1}', fail)).toEqual({ _lastInform: -1 });
    expect(parseSort('', fail)).toBeUndefined();
    expect(() => parseSort('{"_lastInform": "desc"}', fail)).toThrow('Sort "_lastInform" must be 1 (ascending) or -1 (descending), not "desc"');
    expect(() => parseSort('[1]', fail)).toThrow('The sort must be a JSON object');
  });
});
