// Activities: nothing on the pages needs script to work (htmx polls the QR code
// and the counts). This only keeps the sign-in screen awake where the browser
// offers a wake lock, so a hall's screen does not dim during a meeting.
(function () {
  "use strict";
  if (!document.body || !document.body.classList.contains("sign-in-screen")) return;
  if (!("wakeLock" in navigator)) return;
  var lock = null;
  function request() {
    navigator.wakeLock.request("screen").then(function (l) {
      lock = l;
      l.addEventListener("release", function () { lock = null; });
    }).catch(function () {});
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && lock === null) request();
  });
  request();
})();
