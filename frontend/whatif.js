// "What if" weights: recalculate as soon as a weight changes.
// Without JavaScript the form still works with its button.
(function () {
  "use strict";
  var form = document.getElementById("what-if");
  var table = document.getElementById("index-table");
  var status = document.getElementById("what-if-status");
  if (!form || !table || !window.fetch || !window.DOMParser) { return; }
  var timer = null;
  function update() {
    var query = new URLSearchParams(new FormData(form)).toString();
    var url = window.location.pathname + "?" + query;
    status.textContent = "Recalculating ranks…";
    fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("index-table");
        var errors = page.querySelector("#what-if .govuk-error-summary");
        var oldErrors = form.querySelector(".govuk-error-summary");
        if (oldErrors) { oldErrors.remove(); }
        if (errors) {
          form.insertBefore(errors, form.firstChild);
          status.textContent = "Check the weights: " + errors.textContent.replace(/\s+/g, " ").trim();
          return;
        }
        if (fresh) { table.replaceWith(fresh); table = fresh; }
        window.history.replaceState(null, "", url);
        status.textContent = "Ranks updated with the new weights.";
      })
      .catch(function () { status.textContent = "The ranks could not be recalculated. Use the button instead."; });
  }
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 350);
  });
})();
