// Two-step sign-in's page: once django-otp-webauthn's script has added a
// passkey, go on to the first recovery codes (or back to the list).
document.addEventListener("otp_webauthn.register_complete", () => {
  document.querySelector("[data-passkey-added]")?.submit();
});
