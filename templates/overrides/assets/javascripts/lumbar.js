// Filters on the exercise index. Without JavaScript the form stays hidden and every
// exercise is listed, so nothing depends on this script.
(function () {
  "use strict";
  function setUp() {
    var form = document.querySelector("[data-lumbar-filters]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var status = document.querySelector("[data-lumbar-filter-status]");
    var cards = Array.prototype.slice.call(document.querySelectorAll(".lumbar-card"));
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && params.has(field.name)) field.value = params.get(field.name);
    });
    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var ok = Array.prototype.every.call(form.elements, function (field) {
          if (!field.name || !field.value) return true;
          var values = (card.dataset[field.name] || "").split(" ");
          return values.indexOf(field.value) !== -1;
        });
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      // Hide a category heading whose cards are all filtered out.
      document.querySelectorAll(".lumbar-cards").forEach(function (group) {
        var any = group.querySelector(".lumbar-card:not([hidden])") !== null;
        group.hidden = !any;
        var heading = group.previousElementSibling;
        if (heading && /^H2$/.test(heading.tagName)) heading.hidden = !any;
      });
      if (status) {
        status.textContent = shown === cards.length
          ? "Showing all " + cards.length + " exercises."
          : "Showing " + shown + " of " + cards.length + " exercises.";
      }
      var query = new URLSearchParams();
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && field.value) query.set(field.name, field.value);
      });
      var search = query.toString();
      history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
