// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // After a failed post, take keyboard and screen-reader users straight to the list of errors.
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
