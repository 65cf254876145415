/* An invitation link carries its code after "#", which a browser never sends
   to a server, so the code is in no access log. On the redeem page it fills
   the form in; on the log-in and second-step pages a link led to first, it
   rides along in the form's "next" to the redeem page. */
(() => {
  "use strict";

  const match = location.hash.match(/^#code=([A-Za-z0-9-]{1,40})$/);
  if (!match) return;
  const field = document.querySelector("input[data-invitation-code]");
  if (field) {
    field.value = match[1];
    history.replaceState(history.state, "", location.pathname + location.search);
    return;
  }
  const next = new URLSearchParams(location.search).get("next");
  const form = document.querySelector("main form[method=post]");
  if (!next || !form) return;
  let carry = form.querySelector("input[name=next]");
  if (!carry) {
    carry = document.createElement("input");
    carry.type = "hidden";
    carry.name = "next";
    form.appendChild(carry);
  }
  carry.value = next + location.hash;
})();
