import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * How to log in to one TP-Link modem's web UI. The bridge types the password into the modem's own
 * login page (in a headless browser), so this is the password of the modem's admin page.
 */
export class GigafibreTplinkModem implements ICredentialType {
  name = 'gigafibreTplinkModem';
  displayName = 'TP-Link Modem (Gigafibre)';
  documentationUrl = 'https://www.tp-link.com/support/';
  properties: INodeProperties[] = [
    {
      displayName: 'Modem Address',
      name: 'address',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'http://192.168.1.1',
      description: 'The modem\'s web UI: a URL (http://192.168.1.1, https://10.1.2.3:8443) or a host (http:// is assumed)',
    },
    {
      displayName: 'Username',
      name: 'username',
      type: 'string',
      default: 'user',
      description: 'ISP gateways (XX230v) usually log in as "user"; used when the login page asks for a user name',
    },
    { displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '', required: true },
    {
      displayName: 'Allowed Networks',
      name: 'allowedNetworks',
      type: 'string',
      default: '',
      placeholder: '10.64.0.0/10, 192.168.1.1',
      description: 'Where the node\'s per-item "Modem Address" may point (the password is typed there): comma-separated IPv4 CIDRs or addresses, host names only when listed literally. Empty: only the Modem Address above.',
    },
  ];
}
