// The HTML the gateway serves: the login page (element ids the XX230v automation scripts use,
// integration-apis.md §4.2) and, once logged in, the main page carrying `var token="…"` (the
// TokenID every act must send) and a small menu. All behaviour lives in /js/app.js.
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A value placed inside a JS string literal in a <script>: JSON-escaped, and no "</script>". */
const jsString = (s: string) => JSON.stringify(s).replace(/</g, '\\u003c');

const HEAD = (title: string) => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<style>
body { font-family: sans-serif; margin: 0; background: #f3f5f7; color: #222; }
.box { max-width: 360px; margin: 80px auto; background: #fff; padding: 24px; border-radius: 6px; box-shadow: 0 1px 4px #0002; }
input { display: block; width: 100%; box-sizing: border-box; margin: 8px 0 14px; padding: 8px; }
button { padding: 8px 16px; background: #4acbd6; border: 0; color: #fff; border-radius: 4px; cursor: pointer; }
#login-error { color: #c0392b; margin-top: 12px; }
#menu { display: flex; gap: 4px; background: #263238; padding: 8px; }
#menu a { color: #fff; padding: 6px 12px; text-decoration: none; cursor: pointer; }
#content { padding: 16px; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
</style>
</head>`;

export function loginPage(opts: { username: string; usernameField: boolean }): string {
  const user = opts.usernameField ? `<label for="pc-login-user">Username</label><input id="pc-login-user" type="text" autocomplete="username" value="">` : '';
  return `${HEAD('Login - TP-Link XX230v')}
<body>
<div class="box" id="login-box">
<h2>XX230v</h2>
<p>Log in with the password printed on the label.</p>
${user}<label for="pc-login-password">Password</label><input id="pc-login-password" type="password" autocomplete="current-password">
<button id="pc-login-btn" type="button">LOG IN</button>
<div id="login-error" hidden></div>
</div>
<script type="text/javascript">var loginUser=${jsString(opts.username)};</script>
<script src="/js/lib.js"></script>
<script src="/js/app.js"></script>
</body>
</html>
`;
}

export function mainPage(token: string): string {
  return `${HEAD('TP-Link XX230v')}
<body>
<script type="text/javascript">var token=${jsString(token)};</script>
<nav id="menu">
<a id="status">Status</a><a id="network">Network</a><a id="wireless">Wireless</a><a id="advanced">Advanced</a><a id="logout">Log Out</a>
</nav>
<main id="content"><p>Welcome. Choose a menu entry.</p></main>
<script src="/js/lib.js"></script>
<script src="/js/app.js"></script>
</body>
</html>
`;
}

export function forbiddenPage(reason: string): string {
  return `<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>${esc(reason)}</p></body></html>\n`;
}
