// One GenieACS document → ModemView, by its data model: `InternetGatewayDevice` is TR-098 (checked
// first: some TR-098 CPEs also carry a small TR-106 `Device` object), `Device` is TR-181.
import type { DataModel, ModemView } from '../types.ts';
import { at } from './doc.ts';
import type { DocNode } from './doc.ts';
import { extractTr098 } from './tr098.ts';
import { extractTr181 } from './tr181.ts';

export function dataModelOf(doc: DocNode): DataModel | undefined {
  if (at(doc, 'InternetGatewayDevice')) return 'TR-098';
  if (at(doc, 'Device')) return 'TR-181';
  return undefined;
}

/** The view of a device document; one without either root (a projection of `_` fields only) has an unknown data model and nothing else. */
export function extractDocument(doc: DocNode): ModemView {
  const model = dataModelOf(doc);
  if (model === 'TR-098') return extractTr098(doc);
  const view = extractTr181(doc);
  return model ? view : { ...view, dataModel: null };
}
