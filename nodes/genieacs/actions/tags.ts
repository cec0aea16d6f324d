import type { INodeProperties } from 'n8n-workflow';
import { pathSegment } from '../device-id.ts';
import { genieAcsRequest } from '../transport.ts';
import { deviceIdOf, requiredString, show } from './common.ts';
import type { GenieAcsAction } from './common.ts';

export const tagProperty: INodeProperties = {
  displayName: 'Tag',
  name: 'tag',
  type: 'string',
  default: '',
  required: true,
  placeholder: 'vip',
  displayOptions: show('addTag', 'removeTag'),
  description: 'Query tagged devices with Find Devices: path _tags, operator Equals',
};

async function changeTag(ctx: Parameters<GenieAcsAction['run']>[0], i: number, method: 'POST' | 'DELETE') {
  const deviceId = deviceIdOf(ctx, i);
  const tag = requiredString(ctx, 'tag', i, 'Tag');
  await genieAcsRequest(ctx, { method, path: `/devices/${pathSegment(deviceId)}/tags/${pathSegment(tag)}`, subject: { deviceId } });
  return [{ deviceId, tag, tagged: method === 'POST' }];
}

/** POST /devices/<id>/tags/<tag> (idempotent). */
export const addTag: GenieAcsAction = {
  operation: { name: 'Add Tag', value: 'addTag', action: 'Add a tag to a device', description: 'Tag a device' },
  properties: [tagProperty],
  run: (ctx, i) => changeTag(ctx, i, 'POST'),
};

/** DELETE /devices/<id>/tags/<tag>. */
export const removeTag: GenieAcsAction = {
  operation: { name: 'Remove Tag', value: 'removeTag', action: 'Remove a tag from a device', description: 'Untag a device' },
  properties: [],
  run: (ctx, i) => changeTag(ctx, i, 'DELETE'),
};
