// Live terminology check: as staff type in a checked field, its text is sent (after a pause) to
// /api/v1/language/check and the findings are shown under the field. Warnings only: nothing is
// blocked. Without JavaScript the server shows the same findings when the form is rendered.
(function () {
  "use strict";
  if (window.seatTerminology) return;
  window.seatTerminology = true;
  var PAUSE_MS = 700;

  function render(box, findings, multiline) {
    while (box.firstChild) box.removeChild(box.firstChild);
    if (!findings.length) return;
    var title = document.createElement("p");
    title.className = "terminology-title";
    title.textContent = box.dataset.title;
    var list = document.createElement("ul");
    list.className = "findings";
    findings.forEach(function (finding) {
      var item = document.createElement("li");
      item.className = "finding " + finding.severity;
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = box.getAttribute("data-label-" + finding.severity) || finding.severity;
      item.appendChild(badge);
      item.appendChild(document.createTextNode(" "));
      if (multiline) {
        var where = document.createElement("span");
        where.className = "meta";
        where.textContent = (box.dataset.line || "%(line)s").replace("%(line)s", finding.line);
        item.appendChild(where);
        item.appendChild(document.createTextNode(" "));
      }
      var term = document.createElement("strong");
      term.textContent = "\u201c" + finding.text + "\u201d";
      item.appendChild(term);
      var text = ": " + finding.reason;
      if (finding.suggestions.length) {
        text += " " + box.dataset.try + " " + finding.suggestions.map(function (s) {
          return "\u201c" + s + "\u201d";
        }).join(", ");
      }
      item.appendChild(document.createTextNode(text));
      list.appendChild(item);
    });
    box.appendChild(title);
    box.appendChild(list);
  }

  function watch(field) {
    var box = document.getElementById(field.dataset.terminologyTarget);
    if (!box || !box.dataset.url || !window.fetch) return;
    var timer = null, sent = field.value, latest = 0;
    function check() {
      var text = field.value;
      if (text === sent) return;
      sent = text;
      var ticket = ++latest;
      if (!text.trim()) { render(box, [], false); return; }
      fetch(box.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify({text: text, lang: field.dataset.terminologyLang || "auto"})
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        // Only the answer to the latest text counts; errors (offline, rate limit) keep the last one.
        if (data && ticket === latest) render(box, data.findings, text.trim().indexOf("\n") >= 0);
      }).catch(function () {});
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, PAUSE_MS);
    });
    field.addEventListener("blur", check);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-terminology-target]"), watch);
})();
