/* Page options the theme used to set with inline scripts, read from a meta tag;
 * and the search shortcuts: "/" and Ctrl+K (Cmd+K) focus the search page's field,
 * or open the search page (the header's link) from any other page. */
(function () {
  var meta = document.querySelector('meta[name="nl:pagename"]');
  if (window.DOCUMENTATION_OPTIONS) {
    DOCUMENTATION_OPTIONS.pagename = meta ? meta.content : "";
    DOCUMENTATION_OPTIONS.search_as_you_type = false;
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  // On window, capturing, and registered first (this script runs before the theme's
  // deferred one): the theme's own Ctrl+K handler, which opens its search dialog,
  // never sees the key.
  window.addEventListener(
    "keydown",
    function (event) {
      var slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target);
      var k = (event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "k" || event.key === "K");
      if (!slash && !k) return;
      var field = document.getElementById("nl-search-q");
      var link = document.querySelector("a.nl-search-link");
      if (!field && !link) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (field) {
        field.focus();
        field.select();
      } else {
        window.location.href = link.href;
      }
    },
    true
  );
})();
