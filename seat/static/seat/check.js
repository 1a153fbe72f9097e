// Live quality check on the consultation form: after a pause in typing or a change, the form is
// sent to its check URL (staff only, same session, nothing saved) and the findings replace those
// at the top of the form and beside each field. Without JavaScript the server shows the same
// findings when the form comes back ("Check without saving", or an error).
(function () {
  "use strict";
  var form = document.querySelector("form[data-check-url]");
  if (!form || !window.fetch || !window.FormData) return;
  var PAUSE_MS = 800, timer = null, latest = 0;
  var top = document.getElementById("quality-check");
  var token = form.querySelector("[name=csrfmiddlewaretoken]");

  function item(finding) {
    var li = document.createElement("li");
    li.className = "finding " + finding.severity;
    var badge = document.createElement("span");
    badge.className = "badge" + (finding.severity === "blocker" ? " bad" : finding.severity === "warning" ? " warn" : "");
    badge.textContent = form.getAttribute("data-label-" + finding.severity) || finding.severity;
    li.appendChild(badge);
    li.appendChild(document.createTextNode(" " + finding.message));
    return li;
  }

  function fieldList(name) {
    var id = "id_" + name + "_check";
    var list = document.getElementById(id);
    if (list) return list;
    var input = document.getElementById("id_" + name) || document.getElementById("id_" + name + "_0");
    var holder = input && input.closest(".field");
    if (!holder) return null;
    list = document.createElement("ul");
    list.className = "findings check-findings";
    list.id = id;
    holder.appendChild(list);
    return list;
  }

  // As the server's summary does: a link to the field's input, or the first of its choices.
  function fixLink(finding) {
    var name = finding.field;
    var input = name && (document.getElementById("id_" + name) || document.getElementById("id_" + name + "_0"));
    if (!input || !form.dataset.fixIt) return null;
    var link = document.createElement("a");
    link.href = "#" + input.id;
    link.textContent = form.dataset.fixIt;
    return link;
  }

  function render(result) {
    form.querySelectorAll(".check-findings").forEach(function (list) {
      while (list.firstChild) list.removeChild(list.firstChild);
    });
    result.findings.forEach(function (finding) {
      var list = finding.field && fieldList(finding.field);
      if (list) list.appendChild(item(finding));
    });
    if (!top) return;
    while (top.firstChild) top.removeChild(top.firstChild);
    var title = document.createElement("h2");
    title.textContent = (form.dataset.scoreTitle || "%(score)s").replace("%(score)s", result.score);
    top.appendChild(title);
    if (result.findings.length) {
      var list = document.createElement("ul");
      list.className = "findings";
      result.findings.forEach(function (finding) {
        var li = item(finding), link = fixLink(finding);
        if (link) {
          li.appendChild(document.createTextNode(" "));
          li.appendChild(link);
        }
        list.appendChild(li);
      });
      top.appendChild(list);
    } else {
      var none = document.createElement("p");
      none.textContent = form.dataset.noProblems || "";
      top.appendChild(none);
    }
    top.hidden = false;
  }

  function check() {
    var ticket = ++latest;
    var data = new FormData(form);
    data.delete("check");
    fetch(form.dataset.checkUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: token ? {"X-CSRFToken": token.value} : {}
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (result) {
      if (result && ticket === latest) render(result);
    }).catch(function () { /* the server checks again on saving */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, PAUSE_MS);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
