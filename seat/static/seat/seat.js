// Quick exit: Esc or the button goes to /exit/, which ends the session and sends the browser on to
// a neutral site; location.replace swaps this page out of the history so "Back" does not return
// here. Without JavaScript the button is the same link, and the session still ends.
(function () {
  "use strict";
  // The footer's Esc hint shows only where the script runs (seat.css).
  document.documentElement.classList.add("js");
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.display = "none";
    // Staff forms' drafts (draft.js) are sent now, without waiting: the exit stays instant.
    document.dispatchEvent(new Event("seat:leaving"));
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);

  // Typing is activity: while someone writes in a form, tell the server at most every five
  // minutes, so the idle logout does not throw away a long answer.
  var lastPing = Date.now();
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    var token = form && form.querySelector("[name=csrfmiddlewaretoken]");
    if (!token || !window.fetch || Date.now() - lastPing < 300000) return;
    lastPing = Date.now();
    fetch("/accounts/keepalive/", {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": token.value}
    }).catch(function () {});
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") leave(event);
  });
})();
