// The article page: glosses on and off, and a highlight and its record card lit together.
(function () {
  "use strict";
  var box = document.getElementById("show-glosses");
  if (box) box.addEventListener("change", function () { document.body.classList.toggle("no-glosses", !box.checked); });
  function related(card) {
    var kind = card.id.split("-")[0], ref = card.id.slice(kind.length + 1);
    return document.querySelectorAll("#text a.hl[data-" + kind + "~='" + CSS.escape(ref) + "']");
  }
  document.querySelectorAll(".cards .card").forEach(function (card) {
    card.addEventListener("mouseenter", function () { related(card).forEach(function (a) { a.classList.add("linked"); }); });
    card.addEventListener("mouseleave", function () { related(card).forEach(function (a) { a.classList.remove("linked"); }); });
  });
  document.querySelectorAll(".type-chip").forEach(function (chip) {
    chip.style.setProperty("--c", window.hadathColors ? window.hadathColors.colorOf(chip.dataset.type) : "#888");
  });
})();
