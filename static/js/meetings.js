// Joint meeting pages: keep keyboard focus on the agenda after an htmx reorder.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "agenda-list") {
      var heading = document.getElementById("h-agenda");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }
  });
})();
