/* Colour mode before first paint (in place of the theme's inline script): the
 * reader's choice ("light" or "dark", kept by newsletter-nav.js), else the site's
 * default_mode, else the system's setting. The theme's CSS reads html[data-theme]. */
(function () {
  var root = document.documentElement;
  var saved = localStorage.getItem("mode");
  var mode = saved === "light" || saved === "dark" ? saved : root.dataset.theme || "auto";
  var system = window.matchMedia("(prefers-color-scheme: dark)");
  root.dataset.mode = mode;
  root.dataset.theme = mode === "auto" ? (system.matches ? "dark" : "light") : mode;
})();
