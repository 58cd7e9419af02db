// One colour per PLOVER event type, shared by the map, the timeline and the article page.
(function () {
  "use strict";
  var TYPES = {
    ASSAULT: "#c0392b", COERCE: "#d35400", MOBILIZE: "#e67e22", PROTEST: "#f1c40f", THREATEN: "#b03a8c",
    ACCUSE: "#8e44ad", REJECT: "#6c3483", DEMAND: "#a04000", SANCTION: "#7b241c",
    AGREE: "#27ae60", CONSULT: "#16a085", SUPPORT: "#2e86c1", AID: "#1abc9c", COOPERATE: "#229954",
    CONCEDE: "#5dade2", RETREAT: "#85929e", OTHER: "#7f8c8d"
  };
  var SPARE = ["#34495e", "#9c640c", "#1f618d", "#117a65", "#784212", "#4a235a"];
  function colorOf(type) {
    if (TYPES[type]) return TYPES[type];
    var h = 0;
    for (var i = 0; i < (type || "").length; i++) h = (h * 31 + type.charCodeAt(i)) >>> 0;
    return SPARE[h % SPARE.length];
  }
  window.hadathColors = { colorOf: colorOf };
  document.querySelectorAll("[data-type]").forEach(function (el) {
    el.style.setProperty("--c", colorOf(el.getAttribute("data-type")));
  });
})();
