/* Colour mode before first paint (in place of the theme's inline script). */
(function () {
  var root = document.documentElement;
  var fallback = root.dataset.theme || "";
  root.dataset.mode = localStorage.getItem("mode") || fallback;
  root.dataset.theme = localStorage.getItem("theme") || fallback;
})();
