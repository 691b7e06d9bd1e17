// Security keys in the browser: WebAuthn options and answers travel as JSON
// (PublicKeyCredential.parse*OptionsFromJSON / toJSON), so no encoding code is needed here.
"use strict";
(function () {
  const post = (url, csrf, body) => fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify(body || {}),
    credentials: "same-origin",
  }).then(async (r) => ({ ok: r.ok, body: await r.json() }));
  const showError = (text) => {
    const box = document.getElementById("key-error");
    box.textContent = text;
    box.hidden = false;
  };
  const supported = window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON;

  const signIn = document.getElementById("use-key");
  if (signIn) {
    signIn.addEventListener("click", async () => {
      if (!supported) { showError(signIn.dataset.unsupported || "This browser cannot use security keys."); return; }
      signIn.disabled = true;
      try {
        const begin = await post("/sign-in/key/options", signIn.dataset.csrf);
        if (!begin.ok) throw new Error(begin.body.error);
        const options = PublicKeyCredential.parseRequestOptionsFromJSON(begin.body.publicKey);
        const credential = await navigator.credentials.get({ publicKey: options });
        const next = encodeURIComponent(signIn.dataset.next || "/security");
        const done = await post("/sign-in/key?next=" + next, signIn.dataset.csrf, credential.toJSON());
        if (!done.ok) throw new Error(done.body.error);
        location.assign(done.body.redirect);
      } catch (err) {
        showError(err.message || String(err));
        signIn.disabled = false;
      }
    });
  }

  const add = document.getElementById("add-key-form");
  if (add) {
    add.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = add.querySelector("button[type=submit]");
      const name = add.querySelector("#key_name").value;
      if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
        showError(add.dataset.unsupported || "This browser cannot use security keys.");
        return;
      }
      button.disabled = true;
      try {
        const begin = await post("/security/keys/options", add.dataset.csrf, { name });
        if (!begin.ok) throw new Error(begin.body.error);
        const options = PublicKeyCredential.parseCreationOptionsFromJSON(begin.body.publicKey);
        const credential = await navigator.credentials.create({ publicKey: options });
        const done = await post("/security/keys", add.dataset.csrf, { name, credential: credential.toJSON() });
        if (!done.ok) throw new Error(done.body.error);
        location.assign(done.body.redirect);
      } catch (err) {
        showError(err.message || String(err));
        button.disabled = false;
      }
    });
  }
})();
