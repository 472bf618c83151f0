/* Search of the static site: lunr.js over the prebuilt index of search-index.js (window.KG_SEARCH).
   What is typed is folded as the index was (lower case, no accents, no punctuation), so "egouts" finds
   "Les Égouts de Los Angeles". Each word matches as a whole (stemmed) or as the start of a word. */
(function () {
  "use strict";
  var data = window.KG_SEARCH;
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  if (!data || !input || !list || !window.lunr) { return; }
  var index = lunr.Index.load(data.index);
  var lang = input.getAttribute("data-lang");

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^0-9a-z]+/g, " ").trim();
  }

  function href(doc) {
    return lang === "fr" ? doc.path.fr.replace(/^fr\//, "") : doc.path.en;
  }

  function show() {
    var words = fold(input.value).split(" ").filter(Boolean);
    list.textContent = "";
    if (!words.length) { return; }
    var hits = index.query(function (q) {
      words.forEach(function (word) {
        q.term(word, { boost: 10 });
        q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
      });
    });
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = input.getAttribute("data-empty");
      list.appendChild(none);
      return;
    }
    hits.slice(0, 50).forEach(function (hit) {
      var doc = data.docs[Number(hit.ref)];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = href(doc);
      link.textContent = doc[lang];
      item.appendChild(link);
      var other = doc[lang === "fr" ? "en" : "fr"];
      var note = " — " + doc.kind[lang] + (other !== doc[lang] ? " (" + other + ")" : "");
      item.appendChild(document.createTextNode(note));
      list.appendChild(item);
    });
  }

  input.addEventListener("input", show);
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) { input.value = given; }
  show();
})();
