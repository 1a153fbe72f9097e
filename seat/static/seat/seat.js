// Quick exit: Esc or the button goes to /exit/, which ends the session and sends the browser on to
// a neutral site; location.replace swaps this page out of the history so "Back" does not return
// here. Without JavaScript the button is the same link, and the session still ends.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") leave(event);
  });
})();
