// Move keyboard and screen-reader focus to the error summary after a failed submission.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
});
