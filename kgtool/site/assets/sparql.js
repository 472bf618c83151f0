/* The SPARQL page of kgtool serve: runs the text area's query on /query and shows the answer as a table. */
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  var text = document.getElementById("sparql");
  var pick = document.getElementById("example");
  var status = document.getElementById("status");
  var answer = document.getElementById("answer");
  var examples = JSON.parse(document.getElementById("examples").textContent);

  pick.addEventListener("change", function () {
    if (examples[pick.value]) { text.value = examples[pick.value]; }
  });

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var a = document.createElement("a");
      a.href = term.value.replace("https://w3id.org/connelly/resource/", "resource/") +
        (term.value.indexOf("https://w3id.org/connelly/resource/") === 0 ? ".html" : "");
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    status.textContent = "running…";
    answer.textContent = "";
    fetch("query", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle" },
      body: text.value
    }).then(function (response) {
      return response.text().then(function (body) { return { ok: response.ok, type: response.headers.get("Content-Type") || "", body: body }; });
    }).then(function (reply) {
      if (!reply.ok) { status.textContent = "error: " + reply.body; return; }
      if (reply.type.indexOf("json") < 0) {
        var pre = document.createElement("pre"); pre.textContent = reply.body; answer.appendChild(pre);
        status.textContent = ""; return;
      }
      var json = JSON.parse(reply.body);
      if (typeof json.boolean === "boolean") { status.textContent = json.boolean ? "yes" : "no"; return; }
      var table = document.createElement("table");
      var head = table.createTHead().insertRow();
      json.head.vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
      var body = table.createTBody();
      json.results.bindings.forEach(function (row) {
        var tr = body.insertRow();
        json.head.vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
      });
      answer.appendChild(table);
      status.textContent = json.results.bindings.length + " rows";
    }).catch(function (error) { status.textContent = "error: " + error; });
  });
})();
