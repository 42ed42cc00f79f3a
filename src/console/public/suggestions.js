// Ticket page: the closest FAQ entries and earlier answers of the department, each insertable into
// the answer box to edit; and, once the ticket is answered, proposing the answer as an FAQ entry.
(function () {
  'use strict';
  var box = document.getElementById('suggestions');
  if (!box || !window.fetch) return;
  var src = box.getAttribute('data-src');
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function insert(text) {
    var area = document.getElementById('answer-text');
    if (!area) return;
    area.value = area.value.trim() ? area.value.replace(/\s+$/, '') + '\n\n' + text : text;
    area.focus();
  }

  function group(title, items, kind) {
    var section = el('div', { class: 'suggestion-group', 'data-kind': kind });
    section.appendChild(el('h3', {}, title));
    if (items.length === 0) {
      section.appendChild(el('p', { class: 'muted' }, 'Không có gợi ý.'));
      return section;
    }
    var list = el('ol', {});
    items.forEach(function (item) {
      var li = el('li', { class: 'suggestion' });
      li.appendChild(el('strong', {}, item.title));
      li.appendChild(el('p', { class: 'answer-text' }, item.text));
      var button = el('button', { type: 'button', class: 'secondary insert' }, 'Chèn vào câu trả lời');
      button.addEventListener('click', function () {
        insert(item.text);
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    section.appendChild(list);
    return section;
  }

  function propose(json) {
    var wrap = el('div', { class: 'propose' });
    var button = el('button', { type: 'button', class: 'secondary', id: 'propose-faq' }, 'Đề xuất câu trả lời này thành câu hỏi thường gặp');
    var note = el('p', { class: 'muted', id: 'propose-result' });
    button.addEventListener('click', function () {
      button.disabled = true;
      fetch(json.proposeAction, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': tokenMeta ? tokenMeta.getAttribute('content') : '' },
        body: '{}',
      })
        .then(function (r) {
          return r.json().then(function (body) {
            return { ok: r.ok, body: body };
          });
        })
        .then(function (res) {
          note.textContent = res.ok
            ? 'Đã tạo bản nháp ' + res.body.draft + '; biên tập viên sẽ viết lại câu hỏi ở dạng chung trước khi xuất bản.'
            : (res.body && res.body.message) || 'Không tạo được bản nháp.';
          if (!res.ok) button.disabled = false;
        })
        .catch(function () {
          note.textContent = 'Không tạo được bản nháp; hãy thử lại.';
          button.disabled = false;
        });
    });
    wrap.appendChild(button);
    wrap.appendChild(note);
    return wrap;
  }

  fetch(src, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (r) {
      return r.ok ? r.json() : null;
    })
    .then(function (json) {
      if (!json) return;
      box.className = 'card suggestions';
      box.appendChild(el('h2', {}, 'Gợi ý trả lời'));
      box.appendChild(group('Câu hỏi thường gặp gần nhất', json.faq, 'faq'));
      box.appendChild(group('Câu trả lời trước đây của phòng (đã bỏ thông tin cá nhân)', json.answers, 'answers'));
      if (json.proposeAction) box.appendChild(propose(json));
    })
    .catch(function () {
      /* Suggestions are a help; the page works without them. */
    });
})();
