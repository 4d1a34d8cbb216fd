// picker.js — type-ahead for the search-then-pick forms (docs/ui.md).
// Without this file the form works as it is: type, press search, pick.
// With it, the results appear as one types: the page asks the server for
// the same page with ?q= (the same rights, the same markup) and swaps
// in its result list, which is a live region. No inline script (CSP).
(function () {
  'use strict';
  var inputs = document.querySelectorAll('input[data-picker]');
  Array.prototype.forEach.call(inputs, function (input) {
    var form = input.form, listId = input.getAttribute('data-picker-list');
    var timer = null, last = input.value, seq = 0;
    if (!form || !listId || !window.fetch || !window.DOMParser) return;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim(), mine = ++seq, url;
        if (q === last || q.length < 2) return;
        last = q;
        url = form.getAttribute('action').split('#')[0] + '?q=' + encodeURIComponent(q);
        fetch(url, { credentials: 'same-origin' }).then(function (r) {
          return r.ok ? r.text() : null;
        }).then(function (html) {
          if (html === null || mine !== seq) return;
          var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById(listId);
          var old = document.getElementById(listId);
          if (!fresh) return;
          if (old) old.replaceWith(fresh);
          else form.insertAdjacentElement('afterend', fresh);
        }).catch(function () { /* the search button still works */ });
      }, 250);
    });
  });
})();
