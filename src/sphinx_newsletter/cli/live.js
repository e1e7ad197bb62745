// newsletter serve: reload this page when the build has written it, and say what
// is still updating. Added to every page by the preview server (cli/live.py); the
// built site never holds it.
(() => {
  "use strict";
  const here = decodeURIComponent(location.pathname).replace(/index\.html$/, "");
  // Whether the build in progress has written this page already (it was loaded
  // after the build said so): then its end only takes the note away.
  let fresh = false;

  const note = (text) => {
    let box = document.getElementById("nl-live-note");
    if (!text) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "nl-live-note";
      box.setAttribute("role", "status");
      box.style.cssText =
        "position:fixed;bottom:1rem;left:50%;transform:translateX(-50%);z-index:9999;" +
        "max-width:calc(100vw - 2rem);padding:.5rem 1rem;border-radius:1rem;" +
        "background:#222;color:#fff;font:14px/1.4 system-ui,sans-serif;" +
        "border:1px solid rgba(255,255,255,.3);box-shadow:0 2px 8px rgba(0,0,0,.3)";
      document.body.append(box);
    }
    box.textContent = text;
  };
  const written = (pages) =>
    Array.isArray(pages) && pages.some((page) => `/${page}` === here);

  const socket = new WebSocket(
    `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/_newsletter/live`
  );
  socket.onmessage = (message) => {
    const news = JSON.parse(message.data);
    if (news.event === "state") {
      // On (re)loading: a page the running build has written already is fresh.
      fresh = news.running && written(news.pages);
      if (fresh) note("Page updated. Search and listings are still updating…");
      else if (news.running) note("Rebuilding…");
    } else if (news.event === "building") {
      fresh = false;
      note("Rebuilding…");
    } else if (news.event === "pages") {
      if (written(news.pages)) location.reload();
      else note("Pages written. Search and listings are still updating…");
    } else if (news.event === "done") {
      if (fresh) note(news.ok ? "" : "The build failed: see the terminal.");
      else location.reload();
      fresh = false;
    }
  };
})();
