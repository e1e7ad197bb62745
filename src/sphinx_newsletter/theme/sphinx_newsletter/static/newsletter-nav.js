/* The header's controls, in place of the PyData and Bootstrap scripts:
 *  - every [data-nl-drawer] button opens its sidebar as a modal drawer (a <dialog>,
 *    so Escape closes it, focus stays inside and returns to the button);
 *  - the light/dark switch, kept in localStorage across pages;
 *  - scrollable code blocks and tables get a tab stop, so a keyboard can scroll them. */
(function () {
  "use strict";
  var root = document.documentElement;

  // Move a sidebar's contents and classes (which style the drawer) between the page
  // and its dialog, as PyData's script did.
  function move(from, to) {
    while (from.firstChild) to.appendChild(from.firstChild);
    Array.prototype.slice.call(from.classList).forEach(function (name) {
      from.classList.remove(name);
      to.classList.add(name);
    });
  }

  document.querySelectorAll("button[data-nl-drawer]").forEach(function (button) {
    var sidebar = document.getElementById(button.dataset.nlDrawer);
    var dialog = document.getElementById(button.getAttribute("aria-controls"));
    if (!sidebar || !dialog || !dialog.showModal) return;
    dialog.setAttribute("aria-label", button.getAttribute("aria-label"));
    button.hidden = false;
    button.addEventListener("click", function () {
      move(sidebar, dialog);
      dialog.showModal();
      button.setAttribute("aria-expanded", "true");
      var first = dialog.querySelector("a[href]");
      if (first) first.focus();
    });
    // A click on the backdrop (outside the drawer's box) closes it.
    dialog.addEventListener("click", function (event) {
      var box = dialog.getBoundingClientRect();
      var inside = event.clientX >= box.left && event.clientX <= box.right &&
        event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) dialog.close();
    });
    dialog.addEventListener("close", function () {
      move(dialog, sidebar);
      button.setAttribute("aria-expanded", "false");
      button.focus();
    });
  });

  var system = window.matchMedia("(prefers-color-scheme: dark)");
  function show(theme) {
    root.dataset.theme = theme;
    document.querySelectorAll("button.nl-mode-button").forEach(function (button) {
      button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
    });
  }
  document.querySelectorAll("button.nl-mode-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var theme = root.dataset.theme === "dark" ? "light" : "dark";
      localStorage.setItem("mode", theme);
      root.dataset.mode = theme;
      show(theme);
    });
  });
  show(root.dataset.theme);
  system.addEventListener("change", function () {
    if (root.dataset.mode === "auto") show(system.matches ? "dark" : "light");
  });

  function tabStops() {
    document.querySelectorAll("pre, .pst-scrollable-table-container").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
    });
  }
  tabStops();
  window.addEventListener("resize", tabStops);
})();
