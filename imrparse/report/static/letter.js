// imrparse report: a letter's page.  Clicking a marked value or defect (or following a link
// to one) shows its field and value, and the marks it lies inside, in the info box.
// Every value is set as text (textContent), never as markup.
"use strict";
(function () {
  const selector = ".imr-text mark.v, .imr-text .defect";
  let selected = null;

  function line(mark, inside) {
    const div = document.createElement("div");
    const title = mark.getAttribute("title") || "";
    const cut = mark.classList.contains("defect") ? title.indexOf(": ") : title.indexOf(" = ");
    const path = document.createElement("span");
    path.className = "path";
    path.textContent = cut < 0 ? title : title.slice(0, cut);
    if (inside) { div.appendChild(document.createTextNode("inside ")); }
    div.appendChild(path);
    if (cut >= 0) { div.appendChild(document.createTextNode(title.slice(cut))); }
    return div;
  }

  function show(mark) {
    const info = document.getElementById("info");
    if (!info) { return; }
    if (selected) { selected.classList.remove("selected"); }
    selected = mark;
    mark.classList.add("selected");
    info.replaceChildren(line(mark, false));
    if (mark.textContent) {
      const quote = document.createElement("div");
      quote.textContent = "text: \u201c" + mark.textContent + "\u201d";
      info.appendChild(quote);
    }
    for (let node = mark.parentElement; node && !node.classList.contains("imr-text");
         node = node.parentElement) {
      if (node.matches(selector)) { info.appendChild(line(node, true)); }
    }
  }

  function fromHash() {
    let id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (error) { return; }
    const target = id ? document.getElementById(id) : null;
    if (target && target.matches(selector)) { show(target); }
  }

  document.addEventListener("click", function (event) {
    const mark = event.target.closest(selector);
    if (mark) { show(mark); }
  });
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("DOMContentLoaded", fromHash);
})();
