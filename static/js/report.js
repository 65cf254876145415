// The clinician's printable report: a Print button, and a light page for paper.
(() => {
  "use strict";
  const root = document.documentElement;
  let themeBeforePrint = null;

  // Paper is white: draw the charts in their light colours while printing
  // (trends.js redraws when data-bs-theme changes), then put the theme back.
  window.addEventListener("beforeprint", () => {
    themeBeforePrint = root.getAttribute("data-bs-theme");
    if (themeBeforePrint !== "light") root.setAttribute("data-bs-theme", "light");
  });
  window.addEventListener("afterprint", () => {
    if (themeBeforePrint && themeBeforePrint !== "light") root.setAttribute("data-bs-theme", themeBeforePrint);
    themeBeforePrint = null;
  });

  document.addEventListener("DOMContentLoaded", () => {
    const button = document.querySelector("[data-print]");
    if (!button || !window.print) return;
    button.hidden = false; // only offered when the browser can print
    button.addEventListener("click", () => window.print());
  });
})();
