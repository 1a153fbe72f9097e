// A copy of the answers, in this tab only, so a send lost on a dropped connection can be retried.
// Written when the form is sent; put back when the form comes back empty (Back from the
// browser's error page, or a reload); wiped by the quick exit and by logging out. The server
// keeps its own copy when the answers arrive after the idle logout (PRIVACY.md).
(function () {
  "use strict";
  var form = document.querySelector("form[data-keep]");
  if (!form || !window.sessionStorage) return;
  var key = "seat-answers:" + location.pathname;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit";
    });
  }
  function forget() {
    try { sessionStorage.removeItem(key); } catch (e) {}
  }

  form.addEventListener("submit", function () {
    var copy = {};
    fields().forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      copy[el.name] = el.value;
    });
    try { sessionStorage.setItem(key, JSON.stringify(copy)); } catch (e) {}
  });

  var saved;
  try { saved = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { saved = null; }
  var typed = fields().some(function (el) { return el.tagName === "TEXTAREA" && el.value.trim(); });
  if (saved && !typed) {
    fields().forEach(function (el) {
      if (!(el.name in saved)) return;
      if (el.type === "radio" || el.type === "checkbox") el.checked = el.value === saved[el.name];
      else el.value = saved[el.name];
    });
    var note = document.getElementById("restored");
    if (note) note.hidden = false;
  }

  document.addEventListener("seat:leaving", forget);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") forget(); });
  document.addEventListener("submit", function (event) {
    if (event.target !== form) forget();  // logging out from this page
  });
})();
