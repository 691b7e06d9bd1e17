// The link's token is in the URL fragment (never sent to a server log): take it, drop it
// from the address bar, ask the portal what the link is worth, and send it with the form.
"use strict";
(function () {
  const form = document.getElementById("set-password-form");
  if (!form) return;
  const tokenField = document.getElementById("token");
  const state = document.getElementById("link-state");
  const match = /(?:^|&)token=([A-Za-z0-9_-]{16,128})/.exec(location.hash.slice(1));
  if (match) {
    tokenField.value = match[1];
    history.replaceState(null, "", location.pathname);
  }
  if (!tokenField.value) {
    state.className = "error";
    state.textContent = state.dataset.missing || "";
    return;
  }
  fetch("/set-password/status", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf },
    body: JSON.stringify({ token: tokenField.value }),
    credentials: "same-origin",
  }).then((r) => r.json()).then((answer) => {
    if (answer.state !== "valid") {
      state.className = "error";
      state.textContent = answer.message;
      form.hidden = true;
    } else if (answer.user) {
      const who = document.getElementById("for-user");
      who.textContent = (who.dataset.label || "") + " " + answer.user;
      who.hidden = false;
    }
  }).catch(() => {});
})();
