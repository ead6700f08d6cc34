// imrparse report: the table of letters and decisions on the index page.
// Rows arrive in data/rows-NNNNN.js files (script tags: fetch() of file:// is blocked),
// each calling imrReport.rows(); the table shows one page of the sorted, filtered rows.
// Every value is set as text (textContent), never as markup.
"use strict";
(function () {
  const meta = window.imrReportMeta || { files: 0, rows: 0, columns: [] };
  const columns = meta.columns;
  const at = {};
  columns.forEach(function (c, i) { at[c.key] = i; });
  const visible = columns.filter(function (c) { return c.kind !== "hidden"; });
  const names = { decision: "decisions only", has_defects: "letters with defects",
                  page: "letter page" };
  columns.forEach(function (c) { if (c.heading) { names[c.key] = c.heading; } });
  const state = { rows: [], files: 0, view: [], sortKey: null, sortDir: 1, text: {},
                  exact: {}, page: 0, size: 100, problem: "", failed: false };

  window.imrReport = {
    rows: function (number, rows) {
      for (const row of rows) { state.rows.push(row); }
      state.files += 1;
    },
  };

  const collator = new Intl.Collator(undefined, { numeric: true });

  function $(id) { return document.getElementById(id); }

  function shown(row, column) {
    const value = row[at[column.key]];
    if (Array.isArray(value)) { return value.join("; "); }
    return value === null || value === undefined ? "" : String(value);
  }

  function matches(row) {
    for (const key of Object.keys(state.exact)) {
      if (!(key in at)) { return false; }
      const wanted = state.exact[key];
      let value = row[at[key]];
      const members = Array.isArray(value) ? (value.length ? value : [""]) : [String(value)];
      if (!members.some(function (m) { return wanted.indexOf(String(m)) >= 0; })) {
        return false;
      }
    }
    for (const column of visible) {
      const needle = state.text[column.key];
      if (needle && shown(row, column).toLowerCase().indexOf(needle) < 0) { return false; }
    }
    return true;
  }

  function compare(a, b) {
    const i = at[state.sortKey];
    const kind = columns[i].kind;
    let x = a[i];
    let y = b[i];
    if (Array.isArray(x)) { x = x.join("; "); y = y.join("; "); }
    const emptyX = x === "" || x === null;
    const emptyY = y === "" || y === null;
    if (emptyX || emptyY) { return emptyX === emptyY ? 0 : (emptyX ? 1 : -1); }
    if (kind === "number") { return state.sortDir * (x - y); }
    return state.sortDir * collator.compare(String(x), String(y));
  }

  function recompute() {
    state.view = state.rows.filter(matches);
    if (state.sortKey !== null) { state.view.sort(compare); }
    render();
  }

  function cell(row, column) {
    const td = document.createElement("td");
    const text = shown(row, column);
    const page = row[at.page];
    if ((column.key === "case_number" || column.key === "item_number") && page) {
      const a = document.createElement("a");
      a.href = column.key === "case_number" ? page.split("#")[0] : page;
      a.textContent = text || (column.key === "case_number" ? "(no case number)" : "");
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
    if (column.key === "outcome" && text) { td.className = "o-" + text.replace(/\W/g, ""); }
    if (column.key === "defect_codes" && text) { td.className = "has-defects"; }
    if (column.key === "request") { td.className = "request"; }
    return td;
  }

  function render() {
    const pages = Math.max(1, Math.ceil(state.view.length / state.size));
    state.page = Math.min(Math.max(state.page, 0), pages - 1);
    const first = state.page * state.size;
    const body = $("rows");
    const fragment = document.createDocumentFragment();
    for (const row of state.view.slice(first, first + state.size)) {
      const tr = document.createElement("tr");
      for (const column of visible) { tr.appendChild(cell(row, column)); }
      fragment.appendChild(tr);
    }
    body.replaceChildren(fragment);
    const letters = new Set(state.view.map(function (r) { return r[at.page].split("#")[0]; }));
    const done = state.files >= meta.files;
    let status = state.view.length.toLocaleString() + " matching row(s) in " +
      letters.size.toLocaleString() + " letter(s)";
    status += done ? " (" + state.rows.length.toLocaleString() + " rows in all)"
                   : "; loading rows: " + state.rows.length.toLocaleString() + " of " +
                     meta.rows.toLocaleString() + "…";
    if (state.failed) { status += "; some row files could not be loaded"; }
    if (state.problem) { status += " — " + state.problem; }
    $("status").textContent = status;
    $("status").dataset.done = done ? "yes" : "no";
    $("pageinfo").textContent = "page " + (state.page + 1) + " of " + pages;
    $("first").disabled = $("prev").disabled = state.page === 0;
    $("last").disabled = $("next").disabled = state.page >= pages - 1;
    chips();
  }

  function chips() {
    const box = $("chips");
    box.replaceChildren();
    for (const key of Object.keys(state.exact)) {
      const chip = document.createElement("span");
      chip.className = "chip";
      const values = state.exact[key].map(function (v) { return v === "" ? "(none)" : v; });
      chip.textContent = (names[key] || key) + (key === "decision" || key === "has_defects"
        ? "" : ": " + values.join(" or "));
      box.appendChild(chip);
    }
  }

  function readHash() {
    const hash = window.location.hash;
    if (hash.indexOf("#filter=") !== 0) { return false; }
    state.problem = "";
    try {
      const filters = JSON.parse(decodeURIComponent(hash.slice(8)));
      const exact = {};
      for (const key of Object.keys(filters)) {
        if (!(key in at) || !Array.isArray(filters[key])) {
          state.problem = "the link's filter names no column " + key;
          continue;
        }
        exact[key] = filters[key].map(String);
      }
      state.exact = exact;
    } catch (error) {
      state.exact = {};
      state.problem = "the link's filter cannot be read";
    }
    state.page = 0;
    return true;
  }

  function setSort(th) {
    const key = th.dataset.key;
    state.sortDir = state.sortKey === key ? -state.sortDir : 1;
    state.sortKey = key;
    for (const other of document.querySelectorAll("#heads th")) {
      other.setAttribute("aria-sort", other === th
        ? (state.sortDir > 0 ? "ascending" : "descending") : "none");
    }
    recompute();
  }

  function build() {
    const filters = $("filters");
    let timer = null;
    for (const column of visible) {
      const th = document.createElement("th");
      const input = document.createElement("input");
      input.type = "search";
      input.placeholder = "filter";
      input.dataset.key = column.key;
      input.setAttribute("aria-label", "filter " + column.heading);
      input.addEventListener("input", function () {
        state.text[column.key] = input.value.trim().toLowerCase();
        state.page = 0;
        clearTimeout(timer);
        timer = setTimeout(recompute, 150);
      });
      th.appendChild(input);
      filters.appendChild(th);
    }
    for (const th of document.querySelectorAll("#heads th")) {
      th.addEventListener("click", function () { setSort(th); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); setSort(th); }
      });
    }
    $("size").addEventListener("change", function () {
      state.size = parseInt($("size").value, 10) || 100;
      state.page = 0;
      render();
    });
    $("first").addEventListener("click", function () { state.page = 0; render(); });
    $("prev").addEventListener("click", function () { state.page -= 1; render(); });
    $("next").addEventListener("click", function () { state.page += 1; render(); });
    $("last").addEventListener("click", function () { state.page = 1e9; render(); });
    $("clear").addEventListener("click", function () {
      state.exact = {};
      state.text = {};
      state.problem = "";
      for (const input of document.querySelectorAll("#filters input")) { input.value = ""; }
      if (window.location.hash.indexOf("#filter=") === 0) {
        history.replaceState(null, "", window.location.pathname + "#decisions");
      }
      recompute();
    });
    window.addEventListener("hashchange", function () {
      if (readHash()) {
        recompute();
        $("decisions").scrollIntoView();
      }
    });
  }

  function load() {
    if (state.files >= meta.files) { recompute(); return; }
    const script = document.createElement("script");
    script.src = "data/rows-" + String(state.files).padStart(5, "0") + ".js";
    script.onload = function () { recompute(); load(); };
    script.onerror = function () { state.failed = true; state.files += 1; load(); };
    document.head.appendChild(script);
  }

  document.addEventListener("DOMContentLoaded", function () {
    build();
    if (readHash()) { $("decisions").scrollIntoView(); }
    recompute();
    load();
  });
})();
