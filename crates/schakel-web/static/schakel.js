// Schakel: progressive enhancement only. Every form works without this file.
// Confirmation for buttons marked data-confirm (e.g. "sign out everywhere").
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// An error summary takes the focus when it appears (page load or an in-place update), and its links move the
// focus to the field they name (a fragment link alone only scrolls).
function focusErrorSummary() {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
}
document.addEventListener("DOMContentLoaded", focusErrorSummary);
// After an in-place update the button that was pressed is gone: the focus goes to the error summary, else to
// the success message, so it is read out and in view.
document.addEventListener("htmx:afterSettle", function () {
  var saved = document.getElementById("case-saved");
  if (document.getElementById("error-summary")) {
    focusErrorSummary();
  } else if (saved) {
    saved.focus();
  }
});
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
  if (!link) {
    return;
  }
  var field = document.getElementById(link.getAttribute("href").slice(1));
  if (field) {
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  }
});
