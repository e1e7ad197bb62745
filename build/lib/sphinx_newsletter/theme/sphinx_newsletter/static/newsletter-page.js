/* Page options the theme used to set with inline scripts, read from a meta tag. */
(function () {
  var meta = document.querySelector('meta[name="nl:pagename"]');
  if (window.DOCUMENTATION_OPTIONS) {
    DOCUMENTATION_OPTIONS.pagename = meta ? meta.content : "";
    DOCUMENTATION_OPTIONS.search_as_you_type = false;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var field = document.querySelector(".bd-search-container input[name='q']");
    if (field) {
      field.focus();
      field.select();
    }
  });
})();
