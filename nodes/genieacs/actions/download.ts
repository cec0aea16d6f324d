import type { IDataObject } from 'n8n-workflow';
import { runTask, taskOptionsOf } from '../tasks.ts';
import { deviceIdOf, requiredString, show } from './common.ts';
import type { GenieAcsAction } from './common.ts';

const OP = 'download';
const FILE_TYPES = ['1 Firmware Upgrade Image', '2 Web Content', '3 Vendor Configuration File', '4 Tone File', '5 Ringer File'];

/** Task download: a file GenieACS hosts (uploaded with PUT /files/<name>), by id or by type and name. */
export const download: GenieAcsAction = {
  operation: { name: 'Download File (Firmware)', value: OP, action: 'Send a file to a device', description: 'Have the device download a firmware image or configuration file (task download)' },
  properties: [
    {
      displayName: 'File By',
      name: 'fileBy',
      type: 'options',
      options: [
        { name: 'File ID', value: 'id', description: 'The file\'s id in GenieACS (its name under Admin → Files)' },
        { name: 'File Type and Name', value: 'typeName' },
      ],
      default: 'id',
      displayOptions: show(OP),
    },
    { displayName: 'File ID', name: 'fileId', type: 'string', default: '', required: true, placeholder: 'HG8245Q2-V5R020C10S115.bin', displayOptions: { show: { operation: [OP], fileBy: ['id'] } } },
    {
      displayName: 'File Type',
      name: 'fileType',
      type: 'options',
      options: FILE_TYPES.map((t) => ({ name: t, value: t })),
      default: FILE_TYPES[0],
      displayOptions: { show: { operation: [OP], fileBy: ['typeName'] } },
    },
    { displayName: 'File Name', name: 'fileName', type: 'string', default: '', required: true, displayOptions: { show: { operation: [OP], fileBy: ['typeName'] } } },
    { displayName: 'Target File Name', name: 'targetFileName', type: 'string', default: '', displayOptions: show(OP), description: 'The name the device saves the file under (optional)' },
  ],
  async run(ctx, i) {
    const deviceId = deviceIdOf(ctx, i);
    const task: IDataObject = { name: 'download' };
    if (ctx.getNodeParameter('fileBy', i, 'id') === 'typeName') {
      task.fileType = requiredString(ctx, 'fileType', i, 'File Type');
      task.fileName = requiredString(ctx, 'fileName', i, 'File Name');
    } else task.file = requiredString(ctx, 'fileId', i, 'File ID');
    const target = String(ctx.getNodeParameter('targetFileName', i, '') ?? '').trim();
    if (target) task.targetFileName = target;
    return [await runTask(ctx, deviceId, task, taskOptionsOf(ctx, i))];
  },
};
