/* Page options the theme used to set with inline scripts, read from a meta tag;
 * the search shortcuts: "/" and Ctrl+K (Cmd+K) focus the search page's field,
 * or open the search page (the header's link) from any other page; on a page a
 * search result opened (issues/0009/?highlight=chip#an-id), the searched words
 * marked inside that recommendation (an issue's own result: inside the issue); and
 * copying: a recommendation's "Copy link" (a.nl-copy-link, which without JavaScript
 * still leads to its address) and a feed's Copy button put the address on the
 * clipboard, and a toast says so. */
(function () {
  // Pagefind's highlighter, in the search bundle at the site's root (this script is
  // in _static/): loaded only on a page opened from a search result.
  var highlighter = document.currentScript
    ? new URL("../pagefind/pagefind-highlight.js", document.currentScript.src).href
    : "";
  function wordPattern(word) {
    var escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    var unspaced = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(word);
    return new RegExp((unspaced ? "" : "(?<![\\p{L}\\p{N}])") + escaped, "giu");
  }
  function highlight() {
    var words = new URLSearchParams(location.search).getAll("highlight");
    var target = null;
    try {
      // The recommendation a result opened (#id); an issue's own result, its article.
      target = location.hash
        ? document.getElementById(decodeURIComponent(location.hash.slice(1)))
        : document.querySelector("article.bd-article");
    } catch (error) {
      return; // a malformed #id: nothing to mark
    }
    if (!words.length || !target || !highlighter) return;
    var script = document.createElement("script");
    script.type = "module";
    script.src = highlighter;
    script.addEventListener("load", function () {
      if (!window.PagefindHighlight) return;
      // Pagefind's highlighter (mark.js) inside the recommendation only; the colours
      // are the theme's (newsletter.css). It would mark "ai" inside "Baidu": a word
      // in a spaced script is marked where a word begins, as Pagefind finds it
      // ("chip" in "chips"); a Chinese or Japanese one anywhere (芯片 in 台积电的芯片工厂).
      class Highlight extends window.PagefindHighlight {
        markText(instance, texts) {
          for (var i = 0; i < texts.length; i++) instance.markRegExp(wordPattern(texts[i]), this.markOptions);
        }
      }
      new Highlight({
        highlightParam: "highlight",
        markContext: target,
        addStyles: false,
        markOptions: { className: "nl-highlight", exclude: [".headerlink"] },
      });
      var first = target.querySelector("mark.nl-highlight");
      if (!first) return;
      var box = first.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) first.scrollIntoView({ block: "center" });
    });
    document.head.appendChild(script);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", highlight);
  else highlight();

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
