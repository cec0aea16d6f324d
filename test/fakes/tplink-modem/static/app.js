// The fake XX230v's page logic. On the login page: the #pc-login-btn click runs the GDPR login
// (key fetch → random AES key/iv → encrypted, RSA-signed login to /cgi_gdpr?9 → GET / for the main
// page). On the main page: window.$.act(operation, oid, data) → Promise (encrypted, signed acts
// with the TokenID header), window.$.logout(), and a small menu. The session's crypto state
// (key, iv, h, seq, nn, ee) survives the navigation in sessionStorage, as it must between pages.
(function () {
  'use strict';
  var enc = window.tpEncrypt;
  var STORE = 'tplink.enc';
  var ZERO = '0,0,0,0,0,0';
  var MESSAGES = {
    4: 'not logged in or session expired; log in again',
    403: 'forbidden (Referer or TokenID refused)',
    71233: 'wrong password',
    71234: 'bad request',
    71235: 'another administrator is logged in',
    9003: 'no such object',
    9004: 'operation not supported',
  };

  function load() {
    try { return JSON.parse(sessionStorage.getItem(STORE) || 'null'); } catch (e) { return null; }
  }
  function save(st) { sessionStorage.setItem(STORE, JSON.stringify(st)); }

  function codeError(code, detail) {
    var err = new Error('errorcode ' + code + ': ' + (detail || MESSAGES[code] || 'error'));
    err.code = code;
    return err;
  }

  function retOf(text) {
    var m = /\$\.ret=(\d+);/.exec(text);
    return m ? Number(m[1]) : null;
  }
  function varOf(text, name) {
    var m = new RegExp('var ' + name + '=(\\d+);').exec(text);
    return m ? Number(m[1]) : null;
  }

  function post(body, token) {
    var headers = { 'Content-Type': 'text/plain;charset=UTF-8' };
    if (token) headers.TokenID = token;
    return fetch('/cgi_gdpr?9', { method: 'POST', headers: headers, body: body, credentials: 'same-origin' }).then(function (r) {
      return r.text().then(function (text) { return { status: r.status, text: text }; });
    });
  }

  /** A reply is plain `$.ret=N;` (a refusal before the key was trusted) or base64 AES. */
  function openReply(res, st) {
    if (res.status === 403) throw codeError(403);
    if (res.status !== 200) throw codeError(res.status, 'HTTP ' + res.status);
    if (/^\s*(var |\$\.ret=)/.test(res.text)) return { plain: true, text: res.text };
    return { plain: false, text: enc.aesDecrypt(res.text.trim(), st.key, st.iv) };
  }

  function fetchKey() {
    return fetch('/cgi/getGDPRParm', { credentials: 'same-origin' }).then(function (r) { return r.text(); }).then(function (t) {
      var ee = /var ee="([0-9a-fA-F]+)";/.exec(t), nn = /var nn="([0-9a-fA-F]+)";/.exec(t), seq = /var seq="(\d+)";/.exec(t);
      if (!ee || !nn || !seq || retOf(t) !== 0) throw new Error('Could not read the router key');
      return { ee: ee[1], nn: nn[1], seq: Number(seq[1]) };
    });
  }

  function login(user, pass) {
    return fetchKey().then(function (k) {
      var st = { key: enc.randomKey(), iv: enc.randomKey(), h: enc.md5(user + pass), nn: k.nn, ee: k.ee, seq: k.seq };
      var act = JSON.stringify({
        data: { UserName: enc.base64Encode(user), Passwd: enc.base64Encode(pass), Action: '1', stack: ZERO, pstack: ZERO },
        operation: 'cgi',
        oid: '/cgi/login',
      });
      var data = enc.aesEncrypt(act, st.key, st.iv);
      st.seq = k.seq + data.length;
      var sign = enc.rsaEncrypt('key=' + st.key + '&iv=' + st.iv + '&h=' + st.h + '&s=' + st.seq, st.nn, st.ee);
      return post('sign=' + sign + '\r\ndata=' + data + '\r\n').then(function (res) {
        var reply = openReply(res, st);
        var code = retOf(reply.text);
        if (code === 0) { save(st); return; }
        var err = codeError(code === null ? 71234 : code);
        err.authTimes = varOf(reply.text, 'currAuthTimes');
        err.forbidTime = varOf(reply.text, 'currForbidTime');
        err.maxAuthTimes = varOf(reply.text, 'maxAuthTimes');
        throw err;
      });
    });
  }

  // One act at a time: each signature's s builds on the previous one, so requests must reach the
  // gateway in the order they were signed.
  var queue = Promise.resolve();

  function sendAct(operation, oid, data) {
    var st = load();
    if (!st) return Promise.reject(codeError(4));
    var attrs = { stack: ZERO, pstack: ZERO };
    for (var k in data || {}) attrs[k] = data[k];
    var body = enc.aesEncrypt(JSON.stringify({ data: attrs, operation: operation, oid: oid }), st.key, st.iv);
    st.seq += body.length;
    save(st);
    var sign = enc.rsaEncrypt('h=' + st.h + '&s=' + st.seq, st.nn, st.ee);
    return post('sign=' + sign + '\r\ndata=' + body + '\r\n', window.token).then(function (res) {
      var reply = openReply(res, st);
      if (reply.plain) throw codeError(retOf(reply.text) === null ? 71234 : retOf(reply.text));
      var json = JSON.parse(reply.text);
      if (!json.success) throw codeError(json.errorcode);
      return json.data;
    });
  }

  function act(operation, oid, data) {
    var p = queue.then(function () { return sendAct(operation, oid, data); });
    queue = p.catch(function () {});
    return p;
  }

  function logout() {
    return act('cgi', '/cgi/logout').catch(function () {}).then(function () {
      sessionStorage.removeItem(STORE);
    });
  }

  window.$ = { act: act, logout: logout, login: login };

  // ---- login page ----
  var btn = document.getElementById('pc-login-btn');
  if (btn) {
    var errorBox = document.getElementById('login-error');
    var showError = function (text) { errorBox.textContent = text; errorBox.hidden = false; };
    btn.addEventListener('click', function () {
      var userInput = document.getElementById('pc-login-user');
      var user = userInput ? userInput.value : window.loginUser;
      var pass = document.getElementById('pc-login-password').value;
      errorBox.hidden = true;
      errorBox.textContent = '';
      btn.disabled = true;
      login(user, pass).then(function () {
        window.location.href = '/';
      }, function (err) {
        btn.disabled = false;
        if (err.code === 71233 && err.forbidTime > 0) showError('Too many failed attempts. Try again in ' + err.forbidTime + ' seconds.');
        else if (err.code === 71233) showError('Wrong password. ' + Math.max(0, (err.maxAuthTimes || 5) - (err.authTimes || 0)) + ' attempt(s) left.');
        else if (err.code === 71235) showError('Another administrator is logged in.');
        else showError('Login failed (error ' + (err.code || err.message) + ').');
      });
    });
    document.getElementById('pc-login-password').addEventListener('keydown', function (e) { if (e.key === 'Enter') btn.click(); });
    return;
  }

  // ---- main page ----
  var content = document.getElementById('content');
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function table(rows, fields) {
    return '<table><tr>' + fields.map(function (f) { return '<th>' + esc(f) + '</th>'; }).join('') + '</tr>' + rows.map(function (r) {
      return '<tr>' + fields.map(function (f) { return '<td>' + esc(r[f] == null ? '' : r[f]) + '</td>'; }).join('') + '</tr>';
    }).join('') + '</table>';
  }
  function failed(err) {
    content.innerHTML = '<p class="error">' + esc(err.message) + '</p>' + (err.code === 4 ? '<p><a href="/">Log in again</a></p>' : '');
  }
  var views = {
    status: function () {
      return Promise.all([act('go', 'DEV2_DEV_INFO'), act('gl', 'DEV2_ADT_WAN'), act('go', 'DEV2_OPTICAL_INTF')]).then(function (r) {
        content.innerHTML = '<h3>Device</h3>' + table([r[0]], ['modelName', 'softwareVersion', 'serialNumber', 'upTime']) +
          '<h3>Internet</h3>' + table(r[1], ['name', 'connType', 'connStatusV4', 'connIPv4Address']) +
          '<h3>GPON</h3>' + table([r[2]], ['status', 'RXPower', 'TXPower']);
      });
    },
    network: function () {
      return Promise.all([act('gl', 'DEV2_HOST_ENTRY'), act('gl', 'DEV2_MESH_AGENT')]).then(function (r) {
        content.innerHTML = '<h3>Clients</h3>' + table(r[0], ['hostName', 'IPAddress', 'physAddress', 'X_TP_LanConnType', 'active']) +
          '<h3>Mesh</h3>' + table(r[1], ['name', 'mac', 'ip', 'backhaul', 'signalDbm']);
      });
    },
    wireless: function () {
      return act('gl', 'DEV2_WIFI_SSID').then(function (list) {
        var bs = list[0] || {};
        content.innerHTML = '<h3>Wireless</h3>' + table(list, ['band', 'SSID', 'channel', 'clients']) +
          '<label for="ssid_bs">Network Name (SSID)</label><input id="ssid_bs" value="' + esc(bs.SSID || '') + '">' +
          '<label for="wpa2PersonalPwd_bs">Password</label><input id="wpa2PersonalPwd_bs" type="password" value="' + esc(bs.keyPassphrase || '') + '">' +
          '<button id="save_bs" type="button">SAVE</button> <span id="save_result"></span>';
        document.getElementById('save_bs').addEventListener('click', function () {
          act('so', 'DEV2_WIFI_SSID', {
            stack: bs.stack,
            SSID: document.getElementById('ssid_bs').value,
            keyPassphrase: document.getElementById('wpa2PersonalPwd_bs').value,
          }).then(function () { document.getElementById('save_result').textContent = 'Saved.'; }, failed);
        });
      });
    },
    advanced: function () {
      content.innerHTML = '<h3>System</h3><button id="reboot_btn" type="button">REBOOT</button>';
      document.getElementById('reboot_btn').addEventListener('click', function () {
        act('op', 'ACT_REBOOT').then(function () { sessionStorage.removeItem(STORE); content.innerHTML = '<p>Rebooting…</p>'; }, failed);
      });
      return Promise.resolve();
    },
  };
  Object.keys(views).forEach(function (id) {
    document.getElementById(id).addEventListener('click', function () { views[id]().catch(failed); });
  });
  document.getElementById('logout').addEventListener('click', function () {
    logout().then(function () { window.location.href = '/'; });
  });
})();
