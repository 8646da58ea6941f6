// Schakel: progressive enhancement only. Every form works without this file.
// Confirmation for buttons marked data-confirm (e.g. "sign out everywhere").
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
