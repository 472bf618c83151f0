/* The SPARQL page of kgtool serve: YASGUI (vendored, assets/yasgui.min.js) set up for this graph.
   The endpoint is /query beside the page; the project's prefixes start every query; each saved query
   opens in a tab of its own. Nothing is fetched from elsewhere: the autocompleters that ask remote
   services (LOV for classes and properties) are left off, and no tab state is kept in localStorage. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sparql-config").textContent);
  var root = document.getElementById("yasgui");
  if (typeof Yasgui === "undefined") {
    var note = document.createElement("p");
    note.className = "error";
    note.innerHTML = "YASGUI did not load: use the <a href=\"sparql-plain.html\">plain query form</a>.";
    root.appendChild(note);
    return;
  }
  var endpoint = new URL(config.endpoint, document.baseURI).href;
  var local = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.autocompleters = local;
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    tabName: "Query",
    yasqe: { value: config.start, autocompleters: local }
  });
  var byName = {};
  config.queries.forEach(function (query) { byName[query.name] = query; });

  function open(name) {
    var query = byName[name];
    if (!query) { return null; }
    return yasgui.addTab(true, {
      name: query.name,
      yasqe: { value: query.text },
      requestConfig: { endpoint: endpoint, method: "POST" }
    }, { avoidDuplicateTabs: true });
  }

  Array.prototype.forEach.call(document.querySelectorAll("button.saved-query"), function (button) {
    button.title = byName[button.dataset.name] ? byName[button.dataset.name].summary : "";
    button.addEventListener("click", function () {
      open(button.dataset.name);
      root.scrollIntoView({ block: "start" });
    });
  });
  window.kgtoolYasgui = { yasgui: yasgui, open: open, prefixes: config.prefixes };
})();
