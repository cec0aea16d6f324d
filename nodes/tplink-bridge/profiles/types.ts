// A firmware profile: everything about one firmware family that the bridge must know, as data —
// where the login form is, how the page reports login failures, the names of the page's own API
// and the object ids to read. Adding a firmware is adding a profile, not changing the bridge.

/** A login failure the page shows in its error area, recognised by its text. */
export interface LoginErrorPattern {
  code: 'wrong_password' | 'locked' | 'another_admin';
  /** Matched against the error area's text (case-insensitive). */
  pattern: RegExp;
  /** Group in `pattern` holding the attempts left (wrong_password) or seconds to wait (locked). */
  numberGroup?: number;
}

export interface FirmwareProfile {
  id: string;
  label: string;
  /** Path of the login page (also the page that carries the token after login). */
  loginPath: string;
  selectors: {
    /** Present only when the firmware asks for a user name. */
    username: string;
    password: string;
    loginButton: string;
    loginError: string;
  };
  /** Globals of the logged-in page, as dotted paths from `window`. */
  pageApi: {
    /** `(operation, oid, data?) => Promise<data>`; rejects with an Error naming the errorcode. */
    act: string;
    /** `() => Promise<void>`. */
    logout: string;
    /** The TokenID the page scraped into a global (`var token="…"`): its presence means logged in. */
    token: string;
  };
  loginErrors: LoginErrorPattern[];
  /** How a rejected act says the session is gone (then the bridge logs in again once). */
  sessionExpired: { errorcodes: (number | string)[]; pattern: RegExp };
  /** How a rejected act says another admin took the session. */
  anotherAdmin?: { errorcodes: (number | string)[]; pattern: RegExp };
  /** Object ids (TR-181 flavoured) the normalised operations read. */
  objects: {
    deviceInfo: string;
    wan: string;
    wifiCommon: string;
    wifiRadio: string;
    wifiSsid: string;
    hosts: string;
    mesh: string;
    optical: string;
    reboot: string;
  };
  /** Errorcodes meaning "no such object on this model" (the read is reported as not supported). */
  unknownObjectErrorcodes: (number | string)[];
}
