import type { INodeTypeDescription } from 'n8n-workflow';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';

export const deviceDiagnosticDescription: INodeTypeDescription = {
  displayName: 'Device Diagnostic',
  name: 'deviceDiagnostic',
  icon: 'fa:stethoscope',
  group: ['transform'],
  version: 1,
  description: 'Combine GenieACS, OLT and TP-Link readings of one modem into a single diagnosis with warnings',
  defaults: { name: 'Device Diagnostic' },
  inputs: ['main'],
  outputs: ['main'],
  codex: { categories: ['Network'] },
  properties: [
    {
      displayName:
        'Feed this node every reading of one subscriber (GenieACS device or task result, OLT optical/status items, TP-Link bridge items), e.g. through a Merge in Append mode. Give the source nodes "On Error: Continue" so a failed source becomes a warning instead of stopping the workflow.',
      name: 'notice',
      type: 'notice',
      default: '',
    },
    {
      displayName: 'Warning Below (dBm)',
      name: 'warningBelowDbm',
      type: 'number',
      typeOptions: { numberPrecision: 1 },
      default: DEFAULT_THRESHOLDS.warningBelowDbm,
      description: 'Optical receive power below this gives a weak_optical_power warning',
    },
    {
      displayName: 'Critical Below (dBm)',
      name: 'criticalBelowDbm',
      type: 'number',
      typeOptions: { numberPrecision: 1 },
      default: DEFAULT_THRESHOLDS.criticalBelowDbm,
      description: 'Optical receive power below this gives a critical_optical_power warning; must not be above the warning threshold',
    },
    {
      displayName: 'Online Within (Minutes)',
      name: 'onlineWithinMinutes',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: DEFAULT_THRESHOLDS.onlineWithinMinutes,
      description: "The device counts as online when GenieACS heard from it (_lastInform) at most this long ago; set it above the CPEs' periodic inform interval",
    },
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add Option',
      default: {},
      options: [
        {
          displayName: 'Include Raw Inputs',
          name: 'includeRaw',
          type: 'boolean',
          default: false,
          description: 'Whether to attach the input items as they came, under raw, for troubleshooting (large: a GenieACS document is often hundreds of KB)',
        },
      ],
    },
  ],
};
