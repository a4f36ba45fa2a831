// 畅心屋: the pseudonym field shows only when anonymity is ticked (without JS it is always shown).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("input[name='anonymous']");
  const field = document.querySelector("[data-pseudonym]");
  if (!box || !field) return;
  const sync = () => { field.hidden = !box.checked; };
  box.addEventListener("change", sync);
  sync();
});
