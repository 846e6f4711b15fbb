// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});
