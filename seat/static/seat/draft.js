// Staff forms across the quick exit. seat.js fires "seat:leaving" just before it leaves; every
// form here that was changed is then sent with navigator.sendBeacon, which does not hold up the
// exit, and kept (encrypted) to be offered back after the next login. Only staff forms carry a
// [data-draft] marker: nothing typed on a survivor's page is ever kept. See docs/PRIVACY.md.
(function () {
  "use strict";
  if (window.seatDrafts) return;
  window.seatDrafts = true;
  var markers = Array.prototype.slice.call(document.querySelectorAll("[data-draft]"));
  var skip = ["hidden", "password", "file", "submit", "button", "reset"];

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && skip.indexOf(el.type) < 0;
    });
  }
  function changed(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) {
        return o.selected !== o.defaultSelected;
      });
    }
    return el.value !== el.defaultValue;
  }
  function post(marker, data) {
    data.append("ticket", marker.getAttribute("data-draft"));
    if (navigator.sendBeacon) navigator.sendBeacon(marker.getAttribute("data-draft-url"), data);
  }

  document.addEventListener("seat:leaving", function () {
    markers.forEach(function (marker) {
      var form = marker.closest("form");
      var list = form ? fields(form) : [];
      if (!list.some(changed)) return;
      var data = new FormData();
      list.forEach(function (el) {
        if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
        if (el.tagName === "SELECT") {
          Array.prototype.forEach.call(el.selectedOptions, function (o) {
            data.append(el.name, o.value);
          });
        } else {
          data.append(el.name, el.value);
        }
      });
      post(marker, data);
    });
  });

  markers.forEach(function (marker) {
    var form = marker.closest("form");
    if (!form) return;
    // Once the form is sent, its draft has done its job.
    form.addEventListener("submit", function () {
      if (!marker.hasAttribute("data-draft-fields")) return;
      var data = new FormData();
      data.append("sent", "1");
      post(marker, data);
    });
    var saved = marker.getAttribute("data-draft-fields");
    if (!saved) return;
    marker.hidden = false;
    marker.querySelector("[data-draft-restore]").addEventListener("click", function () {
      var queue = {};
      JSON.parse(saved).forEach(function (pair) {
        (queue[pair[0]] = queue[pair[0]] || []).push(pair[1]);
      });
      var first = null;
      fields(form).forEach(function (el) {
        var mine = queue[el.name] || [];
        var before = el.value + el.checked;
        if (el.type === "checkbox" || el.type === "radio") el.checked = mine.indexOf(el.value) >= 0;
        else if (el.tagName === "SELECT") {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = mine.indexOf(o.value) >= 0; });
        } else if (mine.length) el.value = mine.shift();
        // Focus goes to the first field that came back, where the person was writing.
        if (!first && el.value + el.checked !== before) first = el;
      });
      marker.hidden = true;
      if (first) first.focus();
    });
  });
})();
