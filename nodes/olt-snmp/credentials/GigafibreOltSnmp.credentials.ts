import type { ICredentialType, INodeProperties } from 'n8n-workflow';

const v3 = { show: { version: ['v3'] } };
const withAuth = { show: { version: ['v3'], securityLevel: ['authNoPriv', 'authPriv'] } };
const withPriv = { show: { version: ['v3'], securityLevel: ['authPriv'] } };

/**
 * How to reach one OLT's SNMP agent: SNMPv2c with a community, or SNMPv3 (USM) with a user and
 * keys. Timeout and retries are defaults; the OLT SNMP node can override them per run.
 */
export class GigafibreOltSnmp implements ICredentialType {
  name = 'gigafibreOltSnmp';
  displayName = 'OLT SNMP (Gigafibre)';
  documentationUrl = 'https://github.com/markabrahams/node-net-snmp#readme';
  properties: INodeProperties[] = [
    { displayName: 'Host', name: 'host', type: 'string', default: '', required: true, placeholder: '10.0.0.2', description: 'The OLT management address (name or IP)' },
    { displayName: 'Port', name: 'port', type: 'number', typeOptions: { minValue: 1, maxValue: 65535 }, default: 161, description: 'UDP port of the SNMP agent' },
    {
      displayName: 'Version',
      name: 'version',
      type: 'options',
      options: [
        { name: 'SNMPv2c', value: 'v2c' },
        { name: 'SNMPv3', value: 'v3' },
      ],
      default: 'v2c',
    },
    {
      displayName: 'Community',
      name: 'community',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      displayOptions: { show: { version: ['v2c'] } },
      description: 'The read community. A wrong community gets no answer at all: it shows as a timeout.',
    },
    { displayName: 'Username', name: 'username', type: 'string', default: '', displayOptions: v3, description: 'The SNMPv3 (USM) user name' },
    {
      displayName: 'Security Level',
      name: 'securityLevel',
      type: 'options',
      options: [
        { name: 'No Auth, No Privacy', value: 'noAuthNoPriv' },
        { name: 'Auth, No Privacy', value: 'authNoPriv' },
        { name: 'Auth and Privacy', value: 'authPriv' },
      ],
      default: 'authPriv',
      displayOptions: v3,
    },
    {
      displayName: 'Auth Protocol',
      name: 'authProtocol',
      type: 'options',
      options: [
        { name: 'MD5', value: 'md5' },
        { name: 'SHA-1', value: 'sha' },
        { name: 'SHA-256', value: 'sha256' },
        { name: 'SHA-512', value: 'sha512' },
      ],
      default: 'sha',
      displayOptions: withAuth,
    },
    { displayName: 'Auth Key', name: 'authKey', type: 'string', typeOptions: { password: true }, default: '', displayOptions: withAuth, description: 'The authentication pass phrase (at least 8 characters)' },
    {
      displayName: 'Privacy Protocol',
      name: 'privProtocol',
      type: 'options',
      options: [
        { name: 'AES-128', value: 'aes' },
        { name: 'AES-256 (Blumenthal)', value: 'aes256b' },
        { name: 'AES-256 (Reeder)', value: 'aes256r' },
        { name: 'DES', value: 'des' },
      ],
      default: 'aes',
      displayOptions: withPriv,
    },
    { displayName: 'Privacy Key', name: 'privKey', type: 'string', typeOptions: { password: true }, default: '', displayOptions: withPriv, description: 'The privacy (encryption) pass phrase' },
    { displayName: 'Timeout (ms)', name: 'timeoutMs', type: 'number', typeOptions: { minValue: 1 }, default: 5000, description: 'How long to wait for each answer before sending again' },
    { displayName: 'Retries', name: 'retries', type: 'number', typeOptions: { minValue: 0 }, default: 1, description: 'How many times a request is sent again after a timeout' },
  ];
}
