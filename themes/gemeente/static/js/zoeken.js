// Search page of the theme `gemeente`: starts Pagefind's UI (self-hosted, no inline
// script, so a strict Content-Security-Policy holds) and runs the query from ?q=.
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
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
