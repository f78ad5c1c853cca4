// The participatory budgeting ballot: a running count and total of the
// chosen projects, announced politely. The server checks every ballot; this
// only helps the voter see where they are (the page works without it).
(function () {
  "use strict";
  var ballot = document.getElementById("ballot");
  var out = document.getElementById("ballot-total");
  if (!ballot || !out) { return; }
  var budget = parseFloat(ballot.getAttribute("data-budget")) || 0;
  var limit = parseInt(ballot.getAttribute("data-limit"), 10) || 0;
  var money = function (n) {
    return "£" + n.toLocaleString("en-GB", { maximumFractionDigits: 0 });
  };
  function update() {
    var boxes = ballot.querySelectorAll("input[type=checkbox]");
    var chosen = 0;
    var total = 0;
    boxes.forEach(function (box) {
      if (box.checked) { chosen += 1; total += parseFloat(box.getAttribute("data-cost")) || 0; }
    });
    if (limit) {
      out.textContent = "You have chosen " + chosen + " of up to " + limit + " projects." +
        (chosen > limit ? " That is too many: remove " + (chosen - limit) + "." : "");
    } else {
      out.textContent = "Your projects cost " + money(total) + " of the " + money(budget) + " budget." +
        (total > budget ? " That is over the budget by " + money(total - budget) + "." : "");
    }
  }
  ballot.addEventListener("change", update);
  update();
})();
