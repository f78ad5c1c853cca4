// Delivery pages (progressive enhancement; everything works without it):
// - [data-print] buttons print the page (hidden until this script runs);
// - [data-select-all] checkboxes tick or untick the rows of their table.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    var wrapper = box.closest(".govuk-checkboxes__item");
    if (wrapper) { wrapper.hidden = false; }
    box.addEventListener("change", function () {
      var form = box.form;
      if (!form) { return; }
      form.querySelectorAll('input[name="' + box.getAttribute("data-select-all") + '"]').forEach(function (row) {
        row.checked = box.checked;
      });
    });
  });
})();
