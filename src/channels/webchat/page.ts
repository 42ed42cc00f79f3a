/** Escapes text for an HTML attribute or element body. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ChatPageOptions {
  /** Where the router is mounted, e.g. `/chat`. */
  basePath: string;
  maxChars: number;
  /** Shown inside the portal's frame: the page leaves the title to the frame. */
  embedded: boolean;
  /** Portal origins trusted to hand over and keep the visitor's credential (chat.js checks `postMessage` against them). */
  embedOrigins: string[];
}

/**
 * The chat page. It holds no inline script or style (the CSP forbids both): behaviour comes
 * from `chat.js`, which renders every message as text. Vietnamese is the first language.
 */
export function renderChatPage(options: ChatPageOptions): string {
  const base = escapeHtml(options.basePath.replace(/\/+$/, ''));
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light">
<title>Hỏi đáp trực tuyến – Sở Khoa học và Công nghệ</title>
<link rel="stylesheet" href="${base}/chat.css">
<script src="${base}/chat.js" defer></script>
</head>
<body class="${options.embedded ? 'embedded' : 'standalone'}">
<main class="chat" id="chat" data-max-chars="${Number(options.maxChars)}" data-embed-origins="${escapeHtml(options.embedOrigins.join(' '))}">
  <header class="chat-header">
    <div class="chat-heading">
      <h1 id="chat-title" data-i18n="title">Hỏi đáp trực tuyến</h1>
      <p class="chat-subtitle" data-i18n="subtitle">Sở Khoa học và Công nghệ</p>
    </div>
    <button type="button" id="lang-toggle" class="lang-toggle" lang="en" aria-label="Switch to English">English</button>
  </header>
  <p id="connection" class="connection" role="status" hidden></p>
  <div class="log-wrap" id="log-wrap">
    <p class="welcome" data-i18n="welcome">Xin chào! Quý ông/bà cần hỏi về khoa học và công nghệ, tiêu chuẩn, đo lường, chất lượng, sở hữu trí tuệ, khởi nghiệp hay thủ tục hành chính? Mời nhập câu hỏi bên dưới.</p>
    <ol id="log" class="log" role="log" aria-live="polite" aria-labelledby="chat-title"></ol>
  </div>
  <form id="composer" class="composer" novalidate>
    <label for="input" class="visually-hidden" data-i18n="inputLabel">Tin nhắn của bạn</label>
    <textarea id="input" name="text" rows="1" maxlength="${Number(options.maxChars)}" autocomplete="off" enterkeyhint="send" placeholder="Nhập câu hỏi…" data-i18n-placeholder="placeholder"></textarea>
    <button type="submit" id="send" class="send" data-i18n="send">Gửi</button>
  </form>
  <p id="composer-error" class="composer-error" role="alert" hidden></p>
  <noscript><p class="noscript">Trang hỏi đáp cần bật JavaScript. / This chat needs JavaScript.</p></noscript>
</main>
</body>
</html>
`;
}
