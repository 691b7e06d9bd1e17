// Policy feedback while typing (the server checks again on submit).
"use strict";
(function () {
  const form = document.getElementById("set-password-form") || document.getElementById("change-password-form");
  if (!form) return;
  const fresh = form.querySelector("#new_password");
  const again = form.querySelector("#confirm_password");
  const minLength = Number(form.dataset.minLength || 8);
  const minTypes = Number(form.dataset.minTypes || 1);
  const mark = (name, ok) => {
    const item = form.querySelector(`[data-rule="${name}"]`);
    if (item) { item.classList.toggle("ok", ok); item.classList.toggle("bad", !ok && fresh.value !== ""); }
  };
  const kinds = (text) => [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(text)).length;
  const update = () => {
    mark("length", [...fresh.value].length >= minLength);
    mark("types", kinds(fresh.value) >= minTypes);
    mark("match", fresh.value !== "" && fresh.value === again.value);
  };
  fresh.addEventListener("input", update);
  again.addEventListener("input", update);
})();
