/* Fixes to Zensical's search dialog, which its script draws in a shadow root added to the
   page's <body> (open in the pinned 0.0.73), where neither the theme overrides nor
   lumbar.css reach. Material's search box is plain page markup and needs none of this; the
   script finds no shadow root there and does nothing. Checked by axe-core in
   tests/browser/test_accessibility.py on both engines' builds.

   - The filter panel's headings are drawn at half opacity: 2.4:1 on the light palette,
     under the 4.5:1 WCAG 2.2 AA asks for small text. They are drawn at full opacity.
   - Each result is named by its title alone (aria-labelledby) but shows its path and a
     preview too, so its accessible name leaves out text it shows (WCAG 2.5.3, label in
     name). Without aria-labelledby a result is named by everything it shows, as
     Material's are. */
(function () {
  "use strict";

  var STYLE = "h4 { opacity: 1 !important; }";

  function fix(root) {
    if (!root.querySelector("dialog")) return;  // not drawn yet
    if (!root.querySelector("style[data-lumbar]")) {
      var style = document.createElement("style");
      style.setAttribute("data-lumbar", "");
      style.textContent = STYLE;
      root.appendChild(style);
    }
    root.querySelectorAll("a[role=option][aria-labelledby]").forEach(function (option) {
      option.removeAttribute("aria-labelledby");
    });
  }

  function watch(host) {
    var root = host.shadowRoot;
    if (!root || host.hasAttribute("data-lumbar-search")) return;
    host.setAttribute("data-lumbar-search", "");
    fix(root);
    new MutationObserver(function () { fix(root); }).observe(root, {childList: true, subtree: true});
  }

  function find() {
    Array.prototype.forEach.call(document.body.children, watch);
  }

  // Zensical adds its host to <body> and draws the dialog in it once the search index has
  // loaded, after this script has run.
  find();
  new MutationObserver(find).observe(document.body, {childList: true});
})();
