// dyad dashboard: small progressive enhancements. Every page works
// without this script; it only sorts tables and highlights the network.
(function () {
  "use strict";

  var each = function (list, f) {
    Array.prototype.forEach.call(list, f);
  };

  // --- Sortable tables: a button in each heading of table.sortable. ---

  function cellValue(row, i) {
    var cell = row.cells[i];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }

  function asNumber(s) {
    if (s === "") return NaN;
    return Number(s.replace(/\u2212/g, "-").replace(/,/g, ""));
  }

  function compare(a, b) {
    var x = asNumber(a);
    var y = asNumber(b);
    var xn = !isNaN(x);
    var yn = !isNaN(y);
    if (xn && yn) return x - y;
    if (xn !== yn) return xn ? -1 : 1; // numbers before blanks and text
    return a.localeCompare(b);
  }

  function sortTable(table, th, index) {
    var body = table.tBodies[0];
    if (!body) return;
    // First click on a column of numbers: largest first.
    var current = th.getAttribute("aria-sort");
    var numeric = th.classList.contains("num");
    var ascending = current ? current !== "ascending" : !numeric;
    each(th.parentNode.cells, function (c) {
      c.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var d = compare(cellValue(r1, index), cellValue(r2, index));
      return ascending ? d : -d;
    });
    rows.forEach(function (r) {
      body.appendChild(r);
    });
  }

  each(document.querySelectorAll("table.sortable"), function (table) {
    var head = table.tHead;
    if (!head || !head.rows.length) return;
    each(head.rows[0].cells, function (th, index) {
      if (th.hasAttribute("data-nosort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.title = "Sort by this column";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        sortTable(table, th, index);
      });
    });
  });

  // --- The network: hovering or focusing a node highlights its edges. ---

  var net = document.getElementById("network");
  if (net) {
    var nodes = net.querySelectorAll("g.node");
    var edges = net.querySelectorAll("g.edge");

    var clear = function () {
      net.classList.remove("focused");
      each(nodes, function (n) {
        n.classList.remove("hl");
      });
      each(edges, function (e) {
        e.classList.remove("hl");
      });
    };

    var focusNode = function (id) {
      var linked = new Set([id]);
      each(edges, function (e) {
        var s = e.getAttribute("data-source");
        var t = e.getAttribute("data-target");
        var on = s === id || t === id;
        e.classList.toggle("hl", on);
        if (on) {
          linked.add(s);
          linked.add(t);
        }
      });
      each(nodes, function (n) {
        n.classList.toggle("hl", linked.has(n.getAttribute("data-id")));
      });
      net.classList.add("focused");
    };

    var focusEdge = function (source, target) {
      each(edges, function (e) {
        e.classList.toggle(
          "hl",
          e.getAttribute("data-source") === source && e.getAttribute("data-target") === target
        );
      });
      each(nodes, function (n) {
        var id = n.getAttribute("data-id");
        n.classList.toggle("hl", id === source || id === target);
      });
      net.classList.add("focused");
    };

    each(nodes, function (n) {
      var id = n.getAttribute("data-id");
      var target = n.parentNode && n.parentNode.tagName.toLowerCase() === "a" ? n.parentNode : n;
      n.addEventListener("mouseenter", function () {
        focusNode(id);
      });
      n.addEventListener("mouseleave", clear);
      target.addEventListener("focus", function () {
        focusNode(id);
      });
      target.addEventListener("blur", clear);
    });

    // The rows of the dyad table highlight their edge.
    var table = document.getElementById("edges");
    if (table) {
      each(table.querySelectorAll("tbody tr"), function (row) {
        var s = row.getAttribute("data-source");
        var t = row.getAttribute("data-target");
        row.addEventListener("mouseenter", function () {
          focusEdge(s, t);
        });
        row.addEventListener("mouseleave", clear);
      });
    }
  }
})();
