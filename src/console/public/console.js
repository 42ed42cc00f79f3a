// Live notifications for every console page: one EventSource per page; page scripts listen
// to the "caunoi:live" DOM event instead of opening their own stream.
(function () {
  'use strict';
  var body = document.body;
  if (!body || !body.getAttribute('data-live') || !window.EventSource) return;
  var area = document.getElementById('live');
  var MAX_TOASTS = 5;

  function toast(text, href) {
    if (!area) return;
    var item = document.createElement('div');
    item.className = 'toast';
    var content = document.createElement(href ? 'a' : 'span');
    if (href) content.setAttribute('href', href);
    content.textContent = text;
    item.appendChild(content);
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'link';
    close.setAttribute('aria-label', 'Đóng');
    close.textContent = '×';
    close.addEventListener('click', function () {
      item.remove();
    });
    item.appendChild(close);
    area.appendChild(item);
    while (area.children.length > MAX_TOASTS) area.removeChild(area.firstChild);
    setTimeout(function () {
      item.remove();
    }, 20000);
  }

  function onTakeoverPage(contactKey) {
    return body.getAttribute('data-contact') === contactKey;
  }

  var source = new EventSource('/console/events');
  function listen(type, describe) {
    source.addEventListener(type, function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      document.dispatchEvent(new CustomEvent('caunoi:live', { detail: { type: type, data: data } }));
      var shown = describe(data);
      if (shown) toast(shown[0], shown[1]);
    });
  }
  listen('ticket.new', function (d) {
    return ['Phiếu mới ' + d.code + ': ' + d.excerpt, '/console/tickets/' + d.ticketId];
  });
  listen('ticket.reply', function (d) {
    return ['Người dân nhắn tiếp về phiếu đã trả lời ' + d.code + ': ' + d.excerpt, '/console/tickets/' + d.ticketId];
  });
  listen('takeover.message', function (d) {
    if (d.author !== 'person' || onTakeoverPage(d.contactKey)) return null;
    return ['Tin nhắn mới trong cuộc trò chuyện trực tiếp: ' + d.text, d.ticketId ? '/console/tickets/' + d.ticketId + '/takeover' : null];
  });
  listen('takeover.ended', function (d) {
    if (onTakeoverPage(d.contactKey)) return null;
    return [
      d.reason === 'idle'
        ? 'Một cuộc trò chuyện trực tiếp đã tự trả lại cho trợ lý tự động vì không có hoạt động.'
        : 'Một cuộc trò chuyện trực tiếp đã được trả lại cho trợ lý tự động.',
      d.ticketId ? '/console/tickets/' + d.ticketId : null,
    ];
  });
  window.addEventListener('pagehide', function () {
    source.close();
  });
})();
