// Follow the phone's light or dark setting. Loaded in <head>, before the
// stylesheets paint, so a dark-mode user never sees a white flash.
(() => {
  const query = window.matchMedia("(prefers-color-scheme: dark)");
  const apply = () => document.documentElement.setAttribute("data-bs-theme", query.matches ? "dark" : "light");
  apply();
  if (query.addEventListener) query.addEventListener("change", apply);
})();
