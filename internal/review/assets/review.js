// Remembers the reviewer's name in this browser, so each form is ready.
(function () {
  var by = document.getElementById("by");
  if (!by) return;
  by.value = localStorage.getItem("triage-review-by") || "";
  by.form.addEventListener("submit", function () { localStorage.setItem("triage-review-by", by.value); });
})();
