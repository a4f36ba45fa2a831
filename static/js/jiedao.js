// Jiedao page behaviour. No inline scripts anywhere (Content Security Policy).
(function () {
  "use strict";
  var KEY = "jiedao-large-text";
  function applyLarge(on) {
    document.documentElement.classList.toggle("large-text", on);
    document.querySelectorAll("[data-jiedao-toggle-large]").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  try { applyLarge(localStorage.getItem(KEY) === "1"); } catch (e) { /* storage may be off */ }
  document.addEventListener("DOMContentLoaded", function () {
    var on = document.documentElement.classList.contains("large-text");
    applyLarge(on);
    document.querySelectorAll("[data-jiedao-toggle-large]").forEach(function (b) {
      b.addEventListener("click", function () {
        var next = !document.documentElement.classList.contains("large-text");
        applyLarge(next);
        try { localStorage.setItem(KEY, next ? "1" : "0"); } catch (e) { /* ignore */ }
      });
    });
  });
})();
