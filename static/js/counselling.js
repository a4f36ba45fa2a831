// 畅心屋 booking pages (no inline scripts: the Content Security Policy forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // The pseudonym field shows only when anonymity is ticked (without JS it is always shown).
  const box = document.querySelector("input[name='anonymous']");
  const field = document.querySelector("[data-pseudonym]");
  if (box && field) {
    const sync = () => { field.hidden = !box.checked; };
    box.addEventListener("change", sync);
    sync();
  }
  // The chosen day stays in sight in the row of days (it scrolls sideways on a phone).
  const chosen = document.querySelector(".day-list [aria-current]");
  if (chosen) chosen.scrollIntoView({ block: "nearest", inline: "center" });
});
