// Keeps the "characters left" hint of a text field up to date while typing. Without JavaScript
// the hint shows the count of the saved text and the field's maxlength still applies.
(function () {
  "use strict";
  function setUp(container) {
    var max = parseInt(container.getAttribute("data-character-count"), 10);
    var template = container.getAttribute("data-character-count-template");
    var field = container.querySelector("textarea, input");
    if (!field || !field.id || !template) {
      return;
    }
    var hint = document.getElementById(field.id + "_helptext");
    if (!hint) {
      return;
    }
    // A separate live region, so screen readers hear the count after a pause, not every key.
    var live = document.createElement("p");
    live.className = "impactplein-visually-hidden";
    live.setAttribute("aria-live", "polite");
    container.appendChild(live);
    var timer = null;
    field.addEventListener("input", function () {
      var text = template.replace("%(remaining)s", String(max - field.value.length));
      hint.textContent = text;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        live.textContent = text;
      }, 1200);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-character-count]").forEach(setUp);
  });
})();
