// Under each answer with a limit, say how many characters are left while she types. Only a help:
// the server checks the limit and never cuts; without this script the help text states the limit.
(function () {
  "use strict";
  var lang = document.documentElement.lang;
  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-limit]"), function (field) {
    var help = document.getElementById(field.id + "_helptext");
    if (!help) return;
    var limit = Number(field.getAttribute("data-limit"));
    var count = document.createElement("span");
    help.appendChild(document.createTextNode(" "));
    help.appendChild(count);
    function show() {
      // Line breaks count once, as the server counts them.
      var left = limit - field.value.replace(/\r\n/g, "\n").length;
      var text = field.getAttribute(left < 0 ? "data-over" : "data-left");
      count.textContent = text.replace("%(count)s", Math.abs(left).toLocaleString(lang));
      count.className = left < 0 ? "error" : "";
    }
    field.addEventListener("input", show);
    show();
  });
})();
