// Schakel: progressive enhancement only. Every form works without this file.
// Confirmation for buttons marked data-confirm (e.g. "sign out everywhere").
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A message that answers a form takes the focus when it appears (page load or an in-place update), so it is
// read out and in view: the error summary, else the message that a stale change was refused, else the question
// whether to go on (closing a case). The error summary's links move the focus to the field they name (a
// fragment link alone only scrolls).
var ANSWERS = ["error-summary", "conflict", "close-confirm"];
function focusFirst(ids) {
  for (var i = 0; i < ids.length; i++) {
    var el = document.getElementById(ids[i]);
    if (el) {
      el.focus();
      return;
    }
  }
}
document.addEventListener("DOMContentLoaded", function () {
  focusFirst(ANSWERS);
});
// After an in-place update the button that was pressed is gone: the focus goes to one of those messages, else
// to the success message.
document.addEventListener("htmx:afterSettle", function () {
  focusFirst(ANSWERS.concat(["case-saved"]));
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
