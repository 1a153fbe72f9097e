/* Starts Swagger UI on /api/v1/docs, from the settings the page carries as JSON (no inline
   script: the CSP forbids it). Nothing is fetched from elsewhere: the validator badge, which
   would send the document to a third party, is off. */
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrf = document.body.getAttribute("data-csrf-token");
  settings.dom_id = "#swagger-ui";
  settings.validatorUrl = null;
  settings.presets = [SwaggerUIBundle.presets.apis];
  settings.requestInterceptor = function (request) {
    // A signed-in browser trying a write with its session needs Django's CSRF token; a request
    // with a bearer token ignores it.
    if (csrf) { request.headers["X-CSRFToken"] = csrf; }
    return request;
  };
  window.ui = SwaggerUIBundle(settings);
}());
