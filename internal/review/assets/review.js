// Remembers the reviewer's name in this browser, so each form is ready.
(function () {
  var by = document.getElementById("by");
  if (!by) return;
  by.value = localStorage.getItem("triage-review-by") || "";
  by.form.addEventListener("submit", function () { localStorage.setItem("triage-review-by", by.value); });
})();

// With a catalog, the item editor suggests catalog products as the reviewer
// types (GET /catalog?q=); picking one adds it to the items, quantity 1,
// with its SKU and catalog price, for the reviewer to adjust.
(function () {
  var search = document.getElementById("catalog-search");
  var items = document.getElementById("items");
  var list = document.getElementById("catalog-hits");
  if (!search || !items || !list) return;
  var hits = {};
  search.addEventListener("input", function () {
    var picked = hits[search.value];
    if (picked) {
      var cur;
      try { cur = JSON.parse(items.value || "[]"); } catch (e) { return; }
      if (!Array.isArray(cur)) cur = [];
      var it = {product: picked.name, sku: picked.sku, quantity: 1};
      if (picked.unit_price !== undefined) it.unit_price = picked.unit_price;
      cur.push(it);
      items.value = JSON.stringify(cur, null, 2);
      search.value = "";
      return;
    }
    fetch("/catalog?q=" + encodeURIComponent(search.value), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (found) {
        hits = {};
        list.replaceChildren();
        found.forEach(function (h) {
          var label = h.sku + " \u2014 " + h.name;
          hits[label] = h;
          var o = document.createElement("option");
          o.value = label;
          list.appendChild(o);
        });
      });
  });
})();
