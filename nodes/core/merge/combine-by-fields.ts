// Merge › Combine › Matching Fields: joins input 1 and input 2 on field values (inner, outer,
// left, right and anti joins), with n8n's clash handling and output choices.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { getField } from '../split-out/field-path.ts';
import type { ClashOptions } from './json-merge.ts';
import { fuzzyEqual, isDeepEqual, mergeFunction, withSuffix } from './json-merge.ts';
import { combined } from './paired.ts';
import type { Inputs } from './paired.ts';

type JoinMode = 'keepMatches' | 'keepNonMatches' | 'keepEverything' | 'enrichInput1' | 'enrichInput2';
const JOIN_MODES: JoinMode[] = ['keepMatches', 'keepNonMatches', 'keepEverything', 'enrichInput1', 'enrichInput2'];
type OutputFrom = 'both' | 'input1' | 'input2';

interface Options {
  disableDotNotation?: boolean;
  fuzzyCompare?: boolean;
  multipleMatches?: 'all' | 'first';
}

interface FieldPair {
  field1: string;
  field2: string;
}

interface Match {
  entry: INodeExecutionData;
  matches: INodeExecutionData[];
}

function matchFields(ctx: IExecuteFunctions): FieldPair[] {
  const advanced = ctx.getNodeParameter('advanced', 0, false) === true;
  const parameter = advanced ? 'mergeByFields' : 'fieldsToMatchString';
  const pairs: FieldPair[] = advanced
    ? ((ctx.getNodeParameter('mergeByFields.values', 0, []) as Partial<FieldPair>[]) ?? []).map((p) => ({ field1: String(p?.field1 ?? '').trim(), field2: String(p?.field2 ?? '').trim() }))
    : String(ctx.getNodeParameter('fieldsToMatchString', 0, '') ?? '')
        .split(',')
        .map((f) => ({ field1: f.trim(), field2: f.trim() }));
  if (!pairs.length || (pairs.length === 1 && !pairs[0].field1 && !pairs[0].field2))
    throw new NodeOperationError(ctx.getNode(), 'You need to define at least one pair of fields in "Fields to Match" to match on', { parameter });
  pairs.forEach((p, i) => {
    if (!p.field1 || !p.field2)
      throw new NodeOperationError(ctx.getNode(), `You need to define both fields in "Fields to Match" for pair ${i + 1}: field 1 = '${p.field1}', field 2 = '${p.field2}'`, { parameter });
  });
  return pairs;
}

function findMatches(in1: INodeExecutionData[], in2: INodeExecutionData[], pairs: FieldPair[], options: Options, separate: boolean) {
  const equal = options.fuzzyCompare ? fuzzyEqual : isDeepEqual;
  const dot = !options.disableDotNotation;
  const firstOnly = options.multipleMatches === 'first';
  const matched: Match[] = [];
  const unmatched1: INodeExecutionData[] = [];
  const hit = new Set<number>();
  for (const entry of in1) {
    const lookup = pairs.map((p) => ({ field: p.field2, value: getField(entry.json, p.field1, dot) }));
    // An item without the match field never matches, even under fuzzy compare.
    if (lookup.some((l) => l.value === undefined)) {
      unmatched1.push(entry);
      continue;
    }
    const found: number[] = [];
    for (let j = 0; j < in2.length && !(firstOnly && found.length); j++)
      if (lookup.every((l) => equal(l.value, getField(in2[j].json, l.field, dot)))) found.push(j);
    if (!found.length) {
      unmatched1.push(entry);
      continue;
    }
    found.forEach((j) => hit.add(j));
    if (separate) for (const j of found) matched.push({ entry, matches: [in2[j]] });
    else matched.push({ entry, matches: found.map((j) => in2[j]) });
  }
  return {
    matched,
    matched2: in2.filter((_, j) => hit.has(j)),
    unmatched1,
    unmatched2: in2.filter((_, j) => !hit.has(j)),
  };
}

function mergeMatched(matched: Match[], clash: ClashOptions, joinMode: JoinMode): INodeExecutionData[] {
  const resolve = clash.resolveClash || (joinMode === 'enrichInput2' ? 'preferInput1' : 'preferLast');
  const merge = mergeFunction(clash);
  return matched.map(({ entry, matches }) => {
    if (resolve === 'addSuffix')
      return combined(merge([withSuffix(entry.json, '1'), ...matches.map((m) => withSuffix(m.json, '2'))]), [entry, ...matches]);
    if (resolve === 'preferInput1') return combined(merge([...matches.map((m) => m.json), entry.json]), [...matches, entry]);
    return combined(merge([entry.json, ...matches.map((m) => m.json)]), [entry, ...matches]);
  });
}

const suffixed = (items: INodeExecutionData[], suffix: string) => items.map((i) => ({ ...i, json: withSuffix(i.json, suffix) as IDataObject }));
const tagged = (items: INodeExecutionData[], source: string) => items.map((i) => ({ ...i, json: { ...i.json, _source: source } }));

export function combineByFields(ctx: IExecuteFunctions, [in1 = [], in2 = []]: Inputs): INodeExecutionData[] {
  const pairs = matchFields(ctx);
  const joinMode = ctx.getNodeParameter('joinMode', 0, 'keepMatches') as JoinMode;
  if (!JOIN_MODES.includes(joinMode))
    throw new NodeOperationError(ctx.getNode(), `Output Type must be one of ${JOIN_MODES.join(', ')}, not "${String(joinMode)}"`, { parameter: 'joinMode' });
  const outputFrom = ctx.getNodeParameter('outputDataFrom', 0, 'both') as OutputFrom;
  const options = ctx.getNodeParameter('options', 0, {}) as Options;
  const clash = ctx.getNodeParameter('options.clashHandling.values', 0, {}) as ClashOptions;

  // With one input empty there is nothing to match: n8n passes on whatever the join keeps.
  if (!in1.length || !in2.length) {
    if (joinMode === 'keepMatches') return [];
    if (joinMode === 'keepNonMatches' && ((outputFrom === 'input1' && !in1.length) || (outputFrom === 'input2' && !in2.length))) return [];
    if ((joinMode === 'enrichInput1' && !in1.length) || (joinMode === 'enrichInput2' && !in2.length)) return [];
    return [...in1, ...in2];
  }

  const separate = outputFrom === 'both' || joinMode === 'enrichInput1' || joinMode === 'enrichInput2';
  const m = findMatches(in1, in2, pairs, options, separate);
  const addSuffix = clash.resolveClash === 'addSuffix';
  switch (joinMode) {
    case 'keepMatches':
    case 'keepEverything': {
      const kept = joinMode === 'keepEverything' ? 'both' : outputFrom;
      const out = kept === 'input1' ? m.matched.map((x) => x.entry) : kept === 'input2' ? m.matched2 : mergeMatched(m.matched, clash, joinMode);
      if (joinMode === 'keepMatches') return out;
      return [...out, ...(addSuffix ? suffixed(m.unmatched1, '1') : m.unmatched1), ...(addSuffix ? suffixed(m.unmatched2, '2') : m.unmatched2)];
    }
    case 'keepNonMatches':
      if (outputFrom === 'input1') return m.unmatched1;
      if (outputFrom === 'input2') return m.unmatched2;
      return [...tagged(m.unmatched1, 'input1'), ...tagged(m.unmatched2, 'input2')];
    case 'enrichInput1':
      return [...mergeMatched(m.matched, clash, joinMode), ...(addSuffix ? suffixed(m.unmatched1, '1') : m.unmatched1)];
    case 'enrichInput2':
      return [...mergeMatched(m.matched, clash, joinMode), ...(addSuffix ? suffixed(m.unmatched2, '2') : m.unmatched2)];
  }
}
