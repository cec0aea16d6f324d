// TP-Link XX230v-class ISP gateways (EX/XX series, "JSON over GDPR", integration-apis.md §4.1 C).
// Login ids from the public XX230v Selenium script (§4.2); page API and object ids as the
// firmware's own scripts use them. The error texts and codes 4 / 9003 / 71235 are those of the
// fake modem (test/fakes/tplink-modem/README.md): verify them on a real unit and adjust here.
import type { FirmwareProfile } from './types.ts';

export const xx230v: FirmwareProfile = {
  id: 'xx230v',
  label: 'TP-Link XX230v (EX/XX series, GDPR JSON)',
  loginPath: '/',
  selectors: {
    username: '#pc-login-user',
    password: '#pc-login-password',
    loginButton: '#pc-login-btn',
    loginError: '#login-error',
  },
  pageApi: { act: '$.act', logout: '$.logout', token: 'token' },
  loginErrors: [
    { code: 'wrong_password', pattern: /wrong password\D*(\d+)\s*attempt/i, numberGroup: 1 },
    { code: 'wrong_password', pattern: /wrong password|incorrect password|71233/i },
    { code: 'locked', pattern: /too many (?:failed )?attempts\D*(\d+)\s*s/i, numberGroup: 1 },
    { code: 'locked', pattern: /too many (?:failed )?attempts|locked/i },
    { code: 'another_admin', pattern: /another (?:administrator|admin|user)|already logged in|71235/i },
  ],
  sessionExpired: { errorcodes: [4], pattern: /not logged in|session (?:expired|timeout)|\$\.ret=4\b/i },
  anotherAdmin: { errorcodes: [71235], pattern: /another administrator/i },
  objects: {
    deviceInfo: 'DEV2_DEV_INFO',
    wan: 'DEV2_ADT_WAN',
    wifiCommon: 'DEV2_ADT_WIFI_COMMON',
    wifiRadio: 'DEV2_WIFI_RADIO',
    wifiSsid: 'DEV2_WIFI_SSID',
    hosts: 'DEV2_HOST_ENTRY',
    mesh: 'DEV2_MESH_AGENT',
    optical: 'DEV2_OPTICAL_INTF',
    reboot: 'ACT_REBOOT',
  },
  unknownObjectErrorcodes: [9003],
};
