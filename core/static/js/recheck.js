// Asks the page it is on, as JSON, whether what it waits for has happened (every 2 s, for up
// to two minutes) and reloads it once when it has. The page works without it: it has a
// "Check again" link.
(function () {
  "use strict";
  var box = document.querySelector("[data-recheck]");
  if (!box) { return; }
  var left = 60;
  function poll() {
    left -= 1;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        if (data.done) { window.location.reload(); }
        else if (left > 0) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { if (left > 0) { window.setTimeout(poll, 5000); } });
  }
  window.setTimeout(poll, 2000);
}());
