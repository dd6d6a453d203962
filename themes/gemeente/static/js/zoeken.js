// Search page of the theme `gemeente`: starts Pagefind's UI (self-hosted, no inline
// script, so a strict Content-Security-Policy holds), runs the query from ?q=, and
// announces the result count. Pagefind's UI has no live region of its own: its message
// ("12 resultaten voor …") is copied into #zoeken-status (role=status, aria-live) once
// the results have settled, so screen readers hear the count and not every keystroke.
(function () {
  var root = document.getElementById("zoeken");
  if (!root || typeof PagefindUI === "undefined") return;
  var base = root.getAttribute("data-bundle");
  var ui = new PagefindUI({
    element: "#zoeken",
    bundlePath: base,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    autofocus: false,
  });

  var status = document.getElementById("zoeken-status");
  if (status && typeof MutationObserver !== "undefined") {
    var timer = null;
    var announce = function () {
      timer = null;
      var message = root.querySelector(".pagefind-ui__message");
      var text = message ? message.textContent.replace(/\s+/g, " ").trim() : "";
      if (status.textContent !== text) status.textContent = text;
    };
    new MutationObserver(function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(announce, 400);
    }).observe(root, { childList: true, subtree: true, characterData: true });
  }

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
