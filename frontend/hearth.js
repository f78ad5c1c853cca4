// Mark the page as able to run GOV.UK Frontend's JavaScript, then start its
// components. Kept in a file (not inline) so the Content-Security-Policy can
// forbid inline scripts.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
