// MBX documentation: filter the term table as you type (works offline, from file://).
// The query can come from the address: index.html?q=myokine&category=kind
(function () {
  "use strict";
  var input = document.getElementById("q");
  var select = document.getElementById("category");
  var shown = document.getElementById("shown");
  var nothing = document.getElementById("nothing");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.terms tbody tr"));

  function filter() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var category = select.value;
    var count = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search");
      var match = (!category || row.getAttribute("data-category") === category) &&
        words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " terms";
    nothing.hidden = count !== 0;
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  if (params.get("category")) { select.value = params.get("category"); }
  input.addEventListener("input", filter);
  select.addEventListener("change", filter);
  filter();
})();
