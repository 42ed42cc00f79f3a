// Ticket page: refreshes the delivery status of answers until none is pending, and stops a
// double submit of the answer form.
(function () {
  'use strict';
  var transcript = document.getElementById('transcript');
  // The latest lines of the conversation matter most: start scrolled to them.
  if (transcript) transcript.scrollTop = transcript.scrollHeight;
  var box = document.getElementById('deliveries');
  var form = document.getElementById('answer-form');
  if (form) {
    form.addEventListener('submit', function () {
      var button = form.querySelector('button[type="submit"]');
      if (button) {
        button.disabled = true;
        button.textContent = 'Đang gửi…';
      }
    });
  }
  if (!box || !window.fetch) return;
  var src = box.getAttribute('data-src');
  var started = Date.now();
  var timer = null;

  function pending() {
    return box.querySelector('[data-status="pending"]') !== null;
  }

  function refresh() {
    fetch(src, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (json) {
        if (json && typeof json.html === 'string') box.innerHTML = json.html;
        schedule();
      })
      .catch(function () {
        schedule();
      });
  }

  function schedule() {
    clearTimeout(timer);
    // Poll while something is on its way (up to 10 minutes); later changes come on reload.
    if (pending() && Date.now() - started < 600000) timer = setTimeout(refresh, 2000);
  }

  document.addEventListener('caunoi:live', function (e) {
    var d = e.detail && e.detail.data;
    if (d && d.ticketId === document.body.getAttribute('data-ticket')) refresh();
  });
  schedule();
})();
