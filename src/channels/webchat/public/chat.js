// Cầu Nối web chat page. Plain JavaScript, no framework, no inline code (the page's CSP
// forbids it). Every text from the visitor, the bot or staff is put into the page as text
// (textContent / text nodes), never as HTML, so markup in a message is shown, not run.
(() => {
  'use strict';

  const TEXT = {
    vi: {
      title: 'Hỏi đáp trực tuyến',
      subtitle: 'Sở Khoa học và Công nghệ',
      welcome:
        'Xin chào! Quý ông/bà cần hỏi về khoa học và công nghệ, tiêu chuẩn, đo lường, chất lượng, sở hữu trí tuệ, khởi nghiệp hay thủ tục hành chính? Mời nhập câu hỏi bên dưới.',
      inputLabel: 'Tin nhắn của bạn',
      placeholder: 'Nhập câu hỏi…',
      send: 'Gửi',
      sending: 'Đang gửi…',
      sent: 'Đã gửi',
      retry: 'Gửi lại',
      failedNetwork: 'Chưa gửi được: mất kết nối mạng.',
      failedServer: 'Chưa gửi được: hệ thống đang bận, vui lòng thử lại sau ít phút.',
      failedTooFast: 'Quý ông/bà gửi hơi nhanh. Vui lòng gửi lại sau {s} giây.',
      failedTooLong: 'Tin nhắn dài quá {n} ký tự, vui lòng rút gọn.',
      failedInvalid: 'Tin nhắn không hợp lệ nên chưa được gửi.',
      tooLong: 'Tin nhắn tối đa {n} ký tự.',
      offline: 'Mất kết nối, đang kết nối lại…',
      historyFailed: 'Chưa tải được các tin nhắn trước, đang thử lại…',
      you: 'Bạn',
      bot: 'Cầu Nối',
      staff: 'Cán bộ Sở',
      quickReplies: 'Lựa chọn nhanh',
      image: 'Hình ảnh kèm tin nhắn',
      newWindow: '(mở trong cửa sổ mới)',
      switchTo: 'English',
      switchLabel: 'Switch to English',
      switchLang: 'en',
    },
    en: {
      title: 'Online Q&A',
      subtitle: 'Department of Science and Technology',
      welcome:
        'Hello! Ask us about science and technology, standards, measurement, quality, intellectual property, startups or administrative procedures. Type your question below.',
      inputLabel: 'Your message',
      placeholder: 'Type your question…',
      send: 'Send',
      sending: 'Sending…',
      sent: 'Sent',
      retry: 'Send again',
      failedNetwork: 'Not sent: no network connection.',
      failedServer: 'Not sent: the service is busy, please try again in a few minutes.',
      failedTooFast: 'You are sending a little fast. Please try again in {s} seconds.',
      failedTooLong: 'The message is longer than {n} characters; please shorten it.',
      failedInvalid: 'The message could not be accepted.',
      tooLong: 'Messages can have at most {n} characters.',
      offline: 'Connection lost, reconnecting…',
      historyFailed: 'Could not load earlier messages, retrying…',
      you: 'You',
      bot: 'Cầu Nối',
      staff: 'Department officer',
      quickReplies: 'Quick replies',
      image: 'Image sent with the message',
      newWindow: '(opens in a new window)',
      switchTo: 'Tiếng Việt',
      switchLabel: 'Chuyển sang tiếng Việt',
      switchLang: 'vi',
    },
  };

  const script = document.currentScript;
  const base = new URL('.', script && script.src ? script.src : window.location.href);
  const apiUrl = (path) => new URL('api/' + path, base).href;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  // Storage can be blocked (private mode, third-party frames); the chat then lasts the visit.
  const storage = (() => {
    const memory = {};
    try {
      const probe = '__caunoi_probe__';
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return {
        get: (k) => window.localStorage.getItem(k),
        set: (k, v) => window.localStorage.setItem(k, v),
      };
    } catch (_err) {
      return {
        get: (k) => (k in memory ? memory[k] : null),
        set: (k, v) => {
          memory[k] = v;
        },
      };
    }
  })();

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    // randomUUID needs a secure context; getRandomValues does not.
    const b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  const IDENTITY_KEY = 'caunoi.chat.identity';
  // Before the service issued credentials the page chose its own id and kept it here.
  const LEGACY_KEY = 'caunoi.chat.visitorId';
  const SECRET = /^[A-Za-z0-9_-]{43}$/;

  function isIdentity(value) {
    return (
      !!value &&
      typeof value === 'object' &&
      typeof value.visitorId === 'string' &&
      UUID.test(value.visitorId) &&
      typeof value.secret === 'string' &&
      SECRET.test(value.secret)
    );
  }

  function storedIdentity() {
    try {
      const value = JSON.parse(storage.get(IDENTITY_KEY) || 'null');
      return isIdentity(value) ? { visitorId: value.visitorId, secret: value.secret } : null;
    } catch (_err) {
      return null;
    }
  }

  const chat = document.getElementById('chat');
  const log = document.getElementById('log');
  const logWrap = document.getElementById('log-wrap');
  const form = document.getElementById('composer');
  const input = document.getElementById('input');
  const composerError = document.getElementById('composer-error');
  const connection = document.getElementById('connection');
  const toggle = document.getElementById('lang-toggle');
  const maxChars = Number(chat.getAttribute('data-max-chars')) || 4000;
  // Portal origins that may hand over and keep the credential; anything else is not listened to.
  const embedOrigins = (chat.getAttribute('data-embed-origins') || '').split(' ').filter(Boolean);
  const embedded = document.body.classList.contains('embedded') && window.parent !== window;
  /** The visitor's credential: `{ visitorId, secret }`, issued by the service. */
  let identity = null;
  /** The trusted portal page that keeps the credential for us, once it has answered. */
  let portalOrigin = null;

  const query = new URLSearchParams(window.location.search);
  let lang = storage.get('caunoi.chat.lang') || (query.get('lang') === 'en' ? 'en' : 'vi');
  if (lang !== 'en') lang = 'vi';
  let cursor = 0;
  const shown = new Set();
  /** The visitor's own bubbles still waiting for the server, by clientMessageId. */
  const pending = new Map();

  function authHeaders(extra) {
    return Object.assign({ Authorization: 'Bearer ' + identity.visitorId + '.' + identity.secret }, extra || {});
  }

  /**
   * Asks the portal page that embeds us (only an origin in data-embed-origins is listened to)
   * for the credential it keeps. Resolves with its answer, or null after a short wait.
   */
  function askPortal() {
    if (!embedded || embedOrigins.length === 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = window.setTimeout(() => done(null), 1500);
      function done(answer) {
        window.clearTimeout(timer);
        window.removeEventListener('message', onMessage);
        resolve(answer);
      }
      function onMessage(event) {
        if (event.source !== window.parent || embedOrigins.indexOf(event.origin) < 0) return;
        const data = event.data;
        if (!data || data.type !== 'caunoi:identity') return;
        portalOrigin = event.origin;
        done({
          identity: isIdentity(data.identity) ? data.identity : null,
          legacyVisitorId: typeof data.legacyVisitorId === 'string' && UUID.test(data.legacyVisitorId) ? data.legacyVisitorId : null,
        });
      }
      window.addEventListener('message', onMessage);
      // Says only that the frame is ready; the answer is sent to our origin alone.
      window.parent.postMessage({ type: 'caunoi:hello' }, '*');
    });
  }

  /** Tells the trusted portal page to keep the credential (when it keeps none, or keeps `replaces`, which the service refused). */
  function keepAtPortal(value, replaces) {
    if (portalOrigin) window.parent.postMessage({ type: 'caunoi:keep', identity: value, replaces: replaces || null }, portalOrigin);
  }

  async function requestIdentity(legacyVisitorId) {
    const res = await fetch(apiUrl('visitors'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(legacyVisitorId ? { legacyVisitorId } : {}),
    });
    if (res.status !== 201) throw new Error('identity ' + res.status);
    const body = await res.json();
    if (!isIdentity(body)) throw new Error('identity malformed');
    return { visitorId: body.visitorId, secret: body.secret };
  }

  /**
   * The credential this page uses: the one stored here first (nothing in the page's address
   * can replace it), else the one the trusted portal keeps, else a new one from the service;
   * a visitor id from before credentials existed is handed in once to keep its conversation.
   */
  async function obtainIdentity() {
    const own = storedIdentity();
    const portal = await askPortal();
    if (own) {
      if (portal && !portal.identity) keepAtPortal(own);
      return own;
    }
    if (portal && portal.identity) {
      storage.set(IDENTITY_KEY, JSON.stringify(portal.identity));
      return portal.identity;
    }
    const localLegacy = storage.get(LEGACY_KEY);
    const legacy = localLegacy && UUID.test(localLegacy) ? localLegacy : portal && portal.legacyVisitorId;
    const issued = await requestIdentity(legacy || null);
    storage.set(IDENTITY_KEY, JSON.stringify(issued));
    storage.set(LEGACY_KEY, '');
    keepAtPortal(issued);
    return issued;
  }

  let renewed = false;
  /** The service no longer knows our credential (erased, or never issued): start a new identity, once per page view. */
  async function renewIdentity() {
    if (renewed) throw new Error('identity refused twice');
    renewed = true;
    const refused = identity ? identity.visitorId : null;
    identity = await requestIdentity(null);
    storage.set(IDENTITY_KEY, JSON.stringify(identity));
    keepAtPortal(identity, refused);
    cursor = 0;
  }

  function t(key, values) {
    let s = TEXT[lang][key] || TEXT.vi[key] || key;
    if (values) for (const name of Object.keys(values)) s = s.split('{' + name + '}').join(String(values[name]));
    return s;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function isWebUrl(value) {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch (_err) {
      return false;
    }
  }

  function applyLanguage(next) {
    if (next !== 'vi' && next !== 'en') return;
    lang = next;
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.getAttribute('data-i18n'));
    for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.setAttribute('placeholder', t(node.getAttribute('data-i18n-placeholder')));
    toggle.textContent = t('switchTo');
    toggle.setAttribute('lang', t('switchLang'));
    toggle.setAttribute('aria-label', t('switchLabel'));
    for (const node of document.querySelectorAll('[data-author]')) node.textContent = t(node.getAttribute('data-author')) + ': ';
    for (const node of document.querySelectorAll('[data-status]')) node.firstChild.textContent = t(node.getAttribute('data-status'), node.statusValues);
  }

  /** Appends `text` to `parent` as text nodes, with web addresses as links. */
  function appendText(parent, text) {
    const pattern = /https?:\/\/[^\s<>"']+/g;
    let last = 0;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      let url = match[0];
      const trailing = /[.,;:!?)\]]+$/.exec(url);
      if (trailing) url = url.slice(0, -trailing[0].length);
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (isWebUrl(url)) {
        const a = el('a', null, url);
        a.href = url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(url));
      }
      last = match.index + url.length;
      pattern.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function scrollToEnd() {
    logWrap.scrollTop = logWrap.scrollHeight;
  }

  function removeQuickReplies() {
    for (const node of log.querySelectorAll('.quick-replies')) node.remove();
  }

  function bubble(author, text) {
    const item = el('li', 'msg msg-' + author);
    const labelKey = author === 'visitor' ? 'you' : author;
    // Staff lines name their author on screen: the visitor should know a person answered.
    const who = el('span', author === 'staff' ? 'author' : 'visually-hidden', t(labelKey) + ': ');
    who.setAttribute('data-author', labelKey);
    const body = el('div', 'bubble');
    const textNode = el('p', 'text');
    appendText(textNode, text);
    body.appendChild(textNode);
    item.append(who, body);
    return { item, body };
  }

  function renderButtons(body, buttons) {
    const row = el('div', 'buttons');
    for (const button of buttons) {
      if (button.type === 'url' && isWebUrl(button.url)) {
        const a = el('a', 'link-button', button.title);
        a.href = button.url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.appendChild(el('span', 'visually-hidden', ' ' + t('newWindow')));
        row.appendChild(a);
      } else if (button.type === 'phone' && /^\+?[0-9 ().-]{3,20}$/.test(button.phone)) {
        const a = el('a', 'link-button', button.title);
        a.href = 'tel:' + button.phone.replace(/[^0-9+]/g, '');
        row.appendChild(a);
      } else if (button.type === 'postback') {
        const b = el('button', 'link-button', button.title);
        b.type = 'button';
        b.addEventListener('click', () => send(button.title, button.payload));
        row.appendChild(b);
      }
    }
    if (row.childNodes.length > 0) body.appendChild(row);
  }

  function renderQuickReplies(item, quickReplies) {
    const group = el('div', 'quick-replies');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', t('quickReplies'));
    for (const reply of quickReplies) {
      const b = el('button', 'quick-reply', reply.title);
      b.type = 'button';
      b.addEventListener('click', () => {
        removeQuickReplies();
        send(reply.title, reply.payload);
      });
      group.appendChild(b);
    }
    item.appendChild(group);
  }

  function setStatus(item, key, values, retry) {
    let status = item.querySelector('.status');
    if (!status) {
      status = el('p', 'status');
      item.appendChild(status);
    }
    status.textContent = '';
    status.className = 'status' + (key.startsWith('failed') ? ' status-error' : '');
    status.setAttribute('data-status', key);
    status.statusValues = values;
    status.appendChild(document.createTextNode(t(key, values)));
    if (retry) {
      const again = el('button', 'retry', t('retry'));
      again.type = 'button';
      again.setAttribute('data-i18n', 'retry');
      again.addEventListener('click', retry);
      status.append(' ', again);
    }
  }

  /** Shows one feed line, once, in order of arrival. */
  function render(entry) {
    if (!entry || typeof entry.seq !== 'number' || shown.has(entry.seq)) return;
    shown.add(entry.seq);
    cursor = Math.max(cursor, entry.seq);
    if (entry.author === 'visitor' && entry.clientMessageId && pending.has(entry.clientMessageId)) {
      const own = pending.get(entry.clientMessageId);
      pending.delete(entry.clientMessageId);
      setStatus(own, 'sent');
      return;
    }
    const author = entry.author === 'visitor' || entry.author === 'staff' ? entry.author : 'bot';
    removeQuickReplies();
    const { item, body } = bubble(author, String(entry.text || ''));
    if (entry.imageUrl && isWebUrl(entry.imageUrl)) {
      const img = el('img', 'image');
      img.src = entry.imageUrl;
      img.alt = t('image');
      img.loading = 'lazy';
      img.addEventListener('load', scrollToEnd);
      body.appendChild(img);
    }
    if (Array.isArray(entry.buttons) && entry.buttons.length > 0) renderButtons(body, entry.buttons);
    if (author !== 'visitor' && Array.isArray(entry.quickReplies) && entry.quickReplies.length > 0) renderQuickReplies(item, entry.quickReplies);
    log.appendChild(item);
    scrollToEnd();
  }

  async function post(item, body) {
    setStatus(item, 'sending');
    let res;
    try {
      res = await fetch(apiUrl('messages'), {
        method: 'POST',
        headers: authHeaders({ 'Content-Type': 'application/json' }),
        body: JSON.stringify(body),
      });
    } catch (_err) {
      setStatus(item, 'failedNetwork', undefined, () => post(item, body));
      return;
    }
    if (res.status === 202) {
      if (pending.has(body.clientMessageId)) setStatus(item, 'sent');
      return;
    }
    pending.delete(body.clientMessageId);
    if (res.status === 429) {
      const s = Number(res.headers.get('Retry-After')) || 5;
      pending.set(body.clientMessageId, item);
      setStatus(item, 'failedTooFast', { s }, () => post(item, body));
    } else if (res.status === 413) {
      setStatus(item, 'failedTooLong', { n: maxChars });
    } else if (res.status >= 500) {
      pending.set(body.clientMessageId, item);
      setStatus(item, 'failedServer', undefined, () => post(item, body));
    } else {
      setStatus(item, 'failedInvalid');
    }
  }

  function send(text, payload) {
    const clean = String(text || '').trim();
    if (!clean && !payload) return;
    const clientMessageId = uuid();
    const { item } = bubble('visitor', clean);
    removeQuickReplies();
    log.appendChild(item);
    pending.set(clientMessageId, item);
    scrollToEnd();
    const body = { clientMessageId, text: clean };
    if (payload) body.payload = payload;
    return post(item, body);
  }

  function showComposerError(message) {
    composerError.textContent = message || '';
    composerError.hidden = !message;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (text.length > maxChars) {
      showComposerError(t('tooLong', { n: maxChars }));
      return;
    }
    showComposerError('');
    input.value = '';
    input.style.height = '';
    send(text);
    input.focus();
  });

  input.addEventListener('keydown', (event) => {
    // Vietnamese input methods compose letters with Enter-free keys, but an Enter during
    // composition belongs to the input method, not to us.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  input.addEventListener('input', () => {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 140) + 'px';
    if (input.value.length < maxChars) showComposerError('');
  });

  toggle.addEventListener('click', () => {
    const next = lang === 'vi' ? 'en' : 'vi';
    applyLanguage(next);
    storage.set('caunoi.chat.lang', next);
    // The bot follows the page's language from the next message on.
    if (!identity) return;
    fetch(apiUrl('language'), {
      method: 'POST',
      headers: authHeaders({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ language: next }),
    }).catch(() => {
      // The page has switched; the bot keeps its language until the next switch succeeds.
    });
  });

  function followBot(language) {
    if ((language === 'vi' || language === 'en') && language !== lang) {
      applyLanguage(language);
      storage.set('caunoi.chat.lang', language);
    }
  }

  function showConnection(key) {
    connection.textContent = key ? t(key) : '';
    connection.hidden = !key;
  }

  async function loadHistory() {
    for (let page = 0; page < 20; page += 1) {
      const res = await fetch(apiUrl('messages') + '?after=' + cursor, { headers: authHeaders() });
      if (res.status === 401) {
        await renewIdentity();
        return;
      }
      if (!res.ok) throw new Error('history ' + res.status);
      const body = await res.json();
      followBot(body.language);
      for (const entry of body.messages) render(entry);
      if (!body.more) return;
    }
  }

  /** Hands one Server-Sent Event block to the page. */
  function dispatch(block) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    try {
      const parsed = JSON.parse(data.join('\n'));
      if (type === 'message') render(parsed);
      else if (type === 'language') followBot(parsed);
    } catch (_err) {
      // A line that cannot be read is skipped; the rest of the feed still shows.
    }
  }

  /**
   * Follows the feed live. EventSource cannot send the credential in a header (and an address
   * ends up in logs), so the stream is read with fetch; it reconnects where it left off.
   */
  async function follow() {
    let wait = 3000;
    try {
      const res = await fetch(apiUrl('stream') + '?after=' + cursor, { headers: authHeaders({ Accept: 'text/event-stream' }), cache: 'no-store' });
      if (res.status === 401) {
        await renewIdentity();
        wait = 0;
      } else if (!res.ok || !res.body) {
        wait = (Number(res.headers.get('Retry-After')) || 5) * 1000;
        showConnection('offline');
      } else {
        showConnection('');
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      }
    } catch (_err) {
      showConnection('offline');
    }
    window.setTimeout(follow, wait);
  }

  async function start() {
    applyLanguage(lang);
    try {
      identity = identity || (await obtainIdentity());
      await loadHistory();
      showConnection('');
    } catch (_err) {
      showConnection('historyFailed');
      window.setTimeout(start, 5000);
      return;
    }
    follow();
    chat.setAttribute('data-ready', 'true');
  }

  start();
})();
