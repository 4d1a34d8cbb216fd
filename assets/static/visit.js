// visit.js — the visit form, better with JavaScript (docs/monitoring.md).
// The form works without it (plain multipart POST). With it:
//   - photos are downscaled on the phone (longest side 1600 px, JPEG) before
//     they are sent, so a weak signal carries ~200 KB instead of 4 MB;
//   - a button fills latitude/longitude from the phone's GPS;
//   - a visit recorded without signal is kept in IndexedDB on the phone and
//     sent when the signal returns (the `online` event, or the next time a
//     visit form is opened). The form's idempotency key goes with it, so a
//     visit sent twice is recorded once.
(function () {
  'use strict';
  var form = document.getElementById('visit-form');
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById('visit-queue');
  var DB = 'sodsong-visits', STORE = 'queue', MAX_SIDE = 1600;

  function say(text) {
    if (!status) return;
    status.hidden = false;
    status.textContent = text;
  }

  function db() {
    return new Promise(function (resolve, reject) {
      var r = indexedDB.open(DB, 1);
      r.onupgradeneeded = function () { r.result.createObjectStore(STORE, { keyPath: 'key' }); };
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }

  function tx(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(STORE, mode), out;
        t.oncomplete = function () { d.close(); resolve(out); };
        t.onerror = function () { d.close(); reject(t.error); };
        out = fn(t.objectStore(STORE));
      });
    });
  }

  function all() {
    return tx('readonly', function (s) {
      var box = { items: [] };
      s.openCursor().onsuccess = function (e) {
        var c = e.target.result;
        if (c) { box.items.push(c.value); c.continue(); }
      };
      return box;
    }).then(function (box) { return box.items; });
  }

  function downscale(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file).then(function (img) {
      var k = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
      if (k === 1 && file.size < 1024 * 1024) return file;
      var c = document.createElement('canvas');
      c.width = Math.round(img.width * k);
      c.height = Math.round(img.height * k);
      c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
      return new Promise(function (resolve) {
        c.toBlob(function (b) { resolve(b || file); }, 'image/jpeg', 0.82);
      });
    }).catch(function () { return file; });
  }

  // The form as plain fields and photo blobs (what IndexedDB can keep).
  function snapshot() {
    var fields = [], photos = [];
    var fd = new FormData(form);
    fd.forEach(function (v, k) { if (typeof v === 'string') fields.push([k, v]); });
    var input = document.getElementById('photo');
    var files = input && input.files ? Array.prototype.slice.call(input.files) : [];
    return Promise.all(files.map(downscale)).then(function (blobs) {
      blobs.forEach(function (b, i) { photos.push({ name: files[i].name, blob: b }); });
      var key = (fields.find(function (f) { return f[0] === 'idempotency_key'; }) || [])[1];
      return { key: key || String(Date.now()), action: form.action, fields: fields, photos: photos };
    });
  }

  function send(item) {
    var fd = new FormData();
    item.fields.forEach(function (f) { fd.append(f[0], f[1]); });
    item.photos.forEach(function (p) { fd.append('photo', p.blob, p.name); });
    return fetch(item.action, { method: 'POST', body: fd, credentials: 'same-origin' });
  }

  function forget(key) {
    return tx('readwrite', function (s) { s.delete(key); });
  }

  // Send what waits; a network failure leaves it queued, an answer (even
  // a refusal) ends it: the server has decided.
  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    return all().then(function (items) {
      return items.reduce(function (p, item) {
        return p.then(function () {
          return send(item).then(function (r) {
            if (r.status >= 500) return;
            return forget(item.key).then(function () { say(form.dataset.sent || 'sent'); });
          }, function () { /* still offline */ });
        });
      }, Promise.resolve());
    }).catch(function () {}).then(function () { flushing = false; });
  }

  form.addEventListener('submit', function (e) {
    if (!form.checkValidity()) return;
    e.preventDefault();
    snapshot().then(function (item) {
      return send(item).then(function (r) {
        // The server's page (the visit, or the form with a message).
        return r.text().then(function (html) {
          if (r.redirected) { location.href = r.url; return; }
          document.open();
          document.write(html);
          document.close();
        });
      }, function () {
        return tx('readwrite', function (s) { s.put(item); }).then(function () {
          say(form.dataset.queued || 'queued');
          form.reset();
          // A new key: the next visit from this page is another visit.
          var idem = form.querySelector('[name=idempotency_key]'), b = new Uint8Array(16);
          crypto.getRandomValues(b);
          idem.value = Array.prototype.map.call(b, function (x) {
            return (x + 256).toString(16).slice(1);
          }).join('');
        });
      });
    });
  });

  var gps = document.getElementById('gps');
  if (gps && navigator.geolocation) {
    gps.hidden = false;
    gps.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (p) {
        document.getElementById('lat').value = p.coords.latitude.toFixed(6);
        document.getElementById('lon').value = p.coords.longitude.toFixed(6);
      }, function () {}, { enableHighAccuracy: true, timeout: 15000 });
    });
  }

  window.addEventListener('online', flush);
  flush();
})();
