// Guidance admin: re-render the page preview as the admin types.
// The server renders and sanitises (the same code as on save), so what is
// shown is exactly what patients will get; nothing is saved here.
document.addEventListener("DOMContentLoaded", () => {
  const body = document.getElementById("id_body");
  const preview = document.querySelector(".guidance-preview[data-preview-url]");
  const form = body && body.form;
  if (!body || !preview || !form) return;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  let timer = null;
  let latest = 0;

  async function refresh() {
    const request = ++latest;
    const data = new FormData();
    data.append("body", body.value);
    if (token) data.append("csrfmiddlewaretoken", token.value);
    try {
      const response = await fetch(preview.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" });
      if (!response.ok || request !== latest) return;
      preview.innerHTML = await response.text(); // sanitised by the server
    } catch (error) {
      // Offline or the server is away: keep the last preview.
    }
  }

  body.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
});
