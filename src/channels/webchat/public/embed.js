// Cầu Nối web chat, for a portal page: <script src="https://…/chat/embed.js" async></script>
// Adds a floating button that opens the chat in a frame; full screen on a phone. Its styles
// live in a shadow root so the portal's CSS and ours never mix, and it sets no inline
// script, so it also works under a strict CSP on the portal.
(() => {
  'use strict';
  if (window.__cauNoiChatEmbed) return;
  window.__cauNoiChatEmbed = true;

  const FALLBACK_CHAT_URL = '__CAU_NOI_CHAT_URL__';
  const script = document.currentScript;
  const chatUrl = script && script.src ? new URL('.', script.src).href.replace(/\/$/, '') : FALLBACK_CHAT_URL;
  const english = /^en\b/i.test(document.documentElement.lang || '');
  const TEXT = english
    ? { open: 'Chat with the Department of Science and Technology', close: 'Close the chat', title: 'Online Q&A' }
    : { open: 'Hỏi đáp với Sở Khoa học và Công nghệ', close: 'Đóng khung hỏi đáp', title: 'Hỏi đáp trực tuyến' };

  // The chat frame's storage is third-party storage for the browser, often blocked or wiped.
  // The visitor's credential (issued by the service) is kept here too, on the portal's own
  // origin, and handed to the frame by postMessage, only to the chat's origin and only when
  // our own frame asks; it is never put in an address. The frame accepts it only from portal
  // origins the service lists (WEBCHAT_EMBED_ORIGINS).
  const IDENTITY_KEY = 'caunoi.chat.identity';
  // Before the service issued credentials the portal kept a bare visitor id here.
  const LEGACY_KEY = 'caunoi.chat.visitorId';
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const SECRET = /^[A-Za-z0-9_-]{43}$/;
  const chatOrigin = new URL(chatUrl).origin;

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
  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (_err) {
      return null;
    }
  }
  function storedIdentity() {
    try {
      const value = JSON.parse(read(IDENTITY_KEY) || 'null');
      return isIdentity(value) ? { visitorId: value.visitorId, secret: value.secret } : null;
    } catch (_err) {
      return null;
    }
  }
  function keep(value) {
    try {
      window.localStorage.setItem(IDENTITY_KEY, JSON.stringify({ visitorId: value.visitorId, secret: value.secret }));
      window.localStorage.removeItem(LEGACY_KEY);
    } catch (_err) {
      // No storage on the portal: the frame keeps the credential for itself.
    }
  }

  const CSS = `
    :host { all: initial; }
    .launcher {
      position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 60px; height: 60px;
      border: 0; border-radius: 50%; background: #0b4f8a; color: #fff; cursor: pointer;
      box-shadow: 0 4px 14px rgba(0,0,0,.25); display: flex; align-items: center; justify-content: center;
    }
    .launcher:focus-visible, .close:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
    .launcher svg { width: 30px; height: 30px; fill: currentColor; }
    .panel {
      position: fixed; right: 20px; bottom: 92px; z-index: 2147483001; width: 380px; height: 600px;
      max-height: calc(100vh - 112px); display: flex; flex-direction: column; background: #fff;
      border-radius: 12px; overflow: hidden; box-shadow: 0 8px 30px rgba(0,0,0,.3);
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
    }
    .panel[hidden] { display: none; }
    .bar { display: flex; align-items: center; justify-content: space-between; padding: 6px 6px 6px 14px; background: #0b4f8a; color: #fff; font-size: 15px; }
    .close { width: 40px; height: 40px; border: 0; border-radius: 50%; background: transparent; color: #fff; font-size: 26px; line-height: 1; cursor: pointer; }
    iframe { flex: 1 1 auto; width: 100%; border: 0; }
    @media (max-width: 600px) {
      .panel { inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0; }
      .open .launcher { display: none; }
    }
  `;

  function mount() {
    const host = document.createElement('div');
    host.id = 'cau-noi-chat';
    const root = host.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
      // A constructed sheet is not an inline <style>, so a strict portal CSP allows it.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      const style = document.createElement('style');
      style.textContent = CSS;
      root.appendChild(style);
    }
    const wrap = document.createElement('div');

    const launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.className = 'launcher';
    launcher.setAttribute('aria-label', TEXT.open);
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-controls', 'cau-noi-chat-panel');
    launcher.title = TEXT.open;
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2zm3 6v2h10V9H7zm0-3v2h10V6H7zm0 6v2h7v-2H7z');
    svg.appendChild(path);
    launcher.appendChild(svg);

    const panel = document.createElement('div');
    panel.className = 'panel';
    panel.id = 'cau-noi-chat-panel';
    panel.hidden = true;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', TEXT.title);
    const bar = document.createElement('div');
    bar.className = 'bar';
    const title = document.createElement('span');
    title.textContent = TEXT.title;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.setAttribute('aria-label', TEXT.close);
    close.textContent = '×';
    bar.append(title, close);
    panel.appendChild(bar);

    let frame;
    function open() {
      if (!frame) {
        frame = document.createElement('iframe');
        frame.title = TEXT.title;
        frame.src = chatUrl + '?embed=1' + (english ? '&lang=en' : '');
        frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
        panel.appendChild(frame);
      }
      panel.hidden = false;
      wrap.classList.add('open');
      launcher.setAttribute('aria-expanded', 'true');
      close.focus();
    }
    function shut() {
      panel.hidden = true;
      wrap.classList.remove('open');
      launcher.setAttribute('aria-expanded', 'false');
      launcher.focus();
    }
    window.addEventListener('message', (event) => {
      if (!frame || event.source !== frame.contentWindow || event.origin !== chatOrigin) return;
      const data = event.data;
      if (data && data.type === 'caunoi:hello') {
        const legacy = read(LEGACY_KEY);
        frame.contentWindow.postMessage(
          { type: 'caunoi:identity', identity: storedIdentity(), legacyVisitorId: legacy && UUID.test(legacy) ? legacy : null },
          chatOrigin,
        );
      } else if (data && data.type === 'caunoi:keep' && isIdentity(data.identity)) {
        // Replaces a kept credential only when the chat says the service refused that very one.
        const kept = storedIdentity();
        if (!kept || (data.replaces && data.replaces === kept.visitorId)) keep(data.identity);
      }
    });
    launcher.addEventListener('click', () => (panel.hidden ? open() : shut()));
    close.addEventListener('click', shut);
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') shut();
    });

    wrap.append(panel, launcher);
    root.appendChild(wrap);
    document.body.appendChild(host);
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
})();
