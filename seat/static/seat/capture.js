// A session written down on a flaky connection. What is typed is kept on this device encrypted
// (AES-GCM) under a key the server made for this login and put in the form, never stored beside
// it: once the session ends (logout, quick exit) the copy cannot be read. The form goes by fetch;
// if the network fails it stays queued, the page says so, and it is sent again when the
// connection returns. Its idempotency key lands a copy sent twice once. Without this script the
// form is a plain POST.
(function () {
  "use strict";
  var form = document.querySelector("form[data-capture]");
  var subtle = window.crypto && crypto.subtle;
  if (!form || !subtle || !window.fetch || !window.localStorage) return;
  var PREFIX = "seat-capture:";
  var ids = Array.prototype.map.call(form.querySelectorAll("[name=participant]"), function (el) {
    return el.value;
  });
  var slot = PREFIX + location.pathname + "|" + ids.sort().join();
  var status = document.getElementById("capture-status");
  var queued = false, sending = false, sent = false, timer = null, typing = null;
  var key = subtle.importKey("raw", bytes(form.getAttribute("data-capture")), "AES-GCM", false,
    ["encrypt", "decrypt"]);

  function bytes(b64) {
    return Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
  }
  function b64(buffer) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(buffer)));
  }
  function say(name) {
    status.textContent = name ? form.getAttribute("data-" + name) : "";
    status.hidden = !name;
  }
  function fields() {
    var list = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") list.push([name, value]);
    });
    return list;
  }
  function save() {
    // Once Seat has the session, nothing is written again: a save still waiting for its
    // keystroke pause (or its encryption) must not leave a copy behind after it was sent.
    if (sent) return Promise.resolve();
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var plain = new TextEncoder().encode(JSON.stringify({fields: fields(), queued: queued}));
    return key.then(function (k) {
      return subtle.encrypt({name: "AES-GCM", iv: iv}, k, plain);
    }).then(function (sealed) {
      if (sent) return;
      try { localStorage.setItem(slot, JSON.stringify([b64(iv), b64(sealed)])); } catch (e) {}
    });
  }
  function forget(all) {
    try {
      Object.keys(localStorage).forEach(function (name) {
        if (all ? !name.indexOf(PREFIX) : name === slot) localStorage.removeItem(name);
      });
    } catch (e) {}
  }
  function load() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(slot)); } catch (e) { kept = null; }
    if (!kept) return Promise.resolve(null);
    return key.then(function (k) {
      return subtle.decrypt({name: "AES-GCM", iv: bytes(kept[0])}, k, bytes(kept[1]));
    }).then(function (plain) {
      return JSON.parse(new TextDecoder().decode(plain));
    }, function () {
      forget();  // sealed under an ended session's key: unreadable now
    });
  }
  function later() {
    sending = false;
    say("offline");
    timer = timer || setInterval(function () { if (queued) send(); }, 10000);
  }
  function send() {
    if (sending) return;
    sending = true;
    say("sending");
    var body = new URLSearchParams(fields());
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    fetch(location.pathname, {
      method: "POST", body: body, credentials: "same-origin", headers: {Accept: "application/json"}
    }).then(function (response) {
      if (response.status >= 500) return later();
      queued = false;
      if (!response.ok) {
        // Seat read it and says what to fix: show its page, by sending the form plainly.
        return save().then(function () { form.submit(); });
      }
      return response.json().then(function (answer) {
        sent = true;
        clearTimeout(typing);
        forget();
        clearInterval(timer);
        location.assign(answer.url);
      });
    }, later);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    queued = true;
    save().then(send);
  });
  form.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(save, 300);
  });
  addEventListener("online", function () { if (queued) send(); });
  // Quick exit, Esc, and logging out from this page leave nothing behind on the device.
  function leave() { forget(true); }
  document.addEventListener("seat:leaving", leave);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") leave(); });
  document.addEventListener("submit", function (event) { if (event.target !== form) leave(); });

  // A page Seat sent back with what to fix already holds what was sent.
  if (form.hasAttribute("data-bound")) return void save();
  load().then(function (kept) {
    if (!kept) return;
    var byName = {};
    kept.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name in byName && el.name !== "participant") el.value = byName[el.name].shift();
    });
    queued = kept.queued;
    if (queued) send();
    else say("restored");
  });
})();
