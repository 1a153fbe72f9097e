// Quick exit: Esc or the button leaves for a neutral site and replaces this page in the history,
// so "Back" does not return here. Without JavaScript the button is still a plain link.
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
