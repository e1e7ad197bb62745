/* Page options the theme used to set with inline scripts, read from a meta tag;
 * the search shortcuts: "/" and Ctrl+K (Cmd+K) focus the search page's field,
 * or open the search page (the header's link) from any other page; and copying:
 * a recommendation's "Copy link" (a.nl-copy-link, which without JavaScript still
 * leads to its address) and a feed's Copy button put the address on the
 * clipboard, and a toast says so. */
(function () {
  var meta = document.querySelector('meta[name="nl:pagename"]');
  if (window.DOCUMENTATION_OPTIONS) {
    DOCUMENTATION_OPTIONS.pagename = meta ? meta.content : "";
    DOCUMENTATION_OPTIONS.search_as_you_type = false;
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  // On window and capturing, so no other handler of the page sees the key first.
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

  var toast = null;
  function say(text) {
    if (!toast) return;
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { toast.hidden = true; }, 2500);
  }
  function copy(address, done) {
    var fallback = function () {
      var field = document.createElement("textarea");
      field.value = address;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      field.remove();
      say(copied ? done : address);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(address).then(function () { say(done); }, fallback);
    } else {
      fallback();
    }
  }
  function bindCopying() {
    var links = document.querySelectorAll("a.nl-copy-link, button[data-nl-copy]");
    if (!links.length) return;
    var words = document.querySelector('meta[name="nl:copied"]');
    // A live region that exists before it speaks, so screen readers announce it.
    toast = document.createElement("div");
    toast.className = "nl-toast";
    toast.setAttribute("role", "status");
    toast.hidden = true;
    document.body.appendChild(toast);
    var done = words ? words.content : "Link copied";
    links.forEach(function (control) {
      control.hidden = false;
      control.addEventListener("click", function (event) {
        if (control.tagName === "A") {
          event.preventDefault();
          // The address bar shows the recommendation's address, as the plain link did.
          history.replaceState(null, "", control.hash);
          copy(control.href, done);
        } else {
          copy(control.getAttribute("data-nl-copy"), done);
        }
      });
    });
  }
  // A deferred script: the page is parsed.
  bindCopying();
})();
