// Live takeover page: shows the person's and officers' messages as they arrive and sends the
// officer's messages without reloading the page.
(function () {
  'use strict';
  var body = document.body;
  var contactKey = body.getAttribute('data-contact');
  var list = document.getElementById('live-transcript');
  var form = document.getElementById('takeover-form');
  var status = document.getElementById('takeover-status');
  var csrf = document.querySelector('meta[name="csrf-token"]');

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function timeOf(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime())
      ? ''
      : pad(d.getHours()) + ':' + pad(d.getMinutes()) + ' ' + pad(d.getDate()) + '/' + pad(d.getMonth() + 1) + '/' + d.getFullYear();
  }

  function append(author, who, text, at) {
    if (!list) return;
    var item = document.createElement('li');
    item.className = 'msg ' + author;
    var meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = who + ' · ' + timeOf(at);
    var content = document.createElement('div');
    content.className = 'text';
    content.textContent = text;
    item.appendChild(meta);
    item.appendChild(content);
    list.appendChild(item);
    // Scroll the conversation only, not the page.
    list.scrollTop = list.scrollHeight;
  }

  if (list) list.scrollTop = list.scrollHeight;

  document.addEventListener('caunoi:live', function (e) {
    var detail = e.detail || {};
    var d = detail.data || {};
    if (d.contactKey !== contactKey) return;
    if (detail.type === 'takeover.message') {
      append(d.author, d.author === 'person' ? 'Người dân' : 'Cán bộ ' + d.staffUsername, d.text, d.at);
    } else if (detail.type === 'takeover.ended') {
      if (status) {
        status.textContent =
          d.reason === 'idle'
            ? 'Cuộc trò chuyện đã tự trả lại cho trợ lý tự động vì không có hoạt động.'
            : 'Cuộc trò chuyện đã được trả lại cho trợ lý tự động.';
        status.className = 'flash';
      }
      if (form)
        form.querySelectorAll('textarea, button').forEach(function (el) {
          el.disabled = true;
        });
    }
  });

  if (!form || !window.fetch || !csrf) return;
  var error = document.createElement('p');
  error.className = 'flash error';
  error.hidden = true;
  form.appendChild(error);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var textarea = form.querySelector('textarea[name="text"]');
    var clientId = form.querySelector('input[name="clientId"]');
    var button = form.querySelector('button[type="submit"]');
    if (!textarea.value.trim()) return;
    button.disabled = true;
    error.hidden = true;
    fetch(form.getAttribute('action'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf.getAttribute('content') },
      body: JSON.stringify({ text: textarea.value, clientId: clientId.value }),
    })
      .then(function (r) {
        return r.json().then(function (json) {
          return { ok: r.ok, json: json };
        });
      })
      .then(function (result) {
        if (!result.ok) throw new Error(result.json && result.json.message ? result.json.message : 'Không gửi được tin nhắn.');
        textarea.value = '';
        clientId.value = result.json.nextClientId;
      })
      .catch(function (err) {
        error.textContent = err.message || 'Không gửi được tin nhắn.';
        error.hidden = false;
      })
      .finally(function () {
        button.disabled = false;
        textarea.focus();
      });
  });
})();
