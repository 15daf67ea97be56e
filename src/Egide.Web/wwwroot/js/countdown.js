// The 72-hour CNIL countdown of a breach's page (#cnil-clock): progressive enhancement only, the server writes the
// text. Every 30 seconds it recomputes the time left from the server's now (data-now-utc) plus the time elapsed in
// the browser since the page loaded, so a wrong clock on the computer does not change what is shown.
(() => {
  "use strict";
  const clock = document.getElementById("cnil-clock");
  if (!clock) {
    return;
  }
  const text = clock.querySelector(".cnil-clock-text");
  const due = Date.parse(clock.dataset.dueUtc || "");
  const serverNow = Date.parse(clock.dataset.nowUtc || "");
  const state = clock.dataset.state;
  if (!text || Number.isNaN(due) || Number.isNaN(serverNow) || (state !== "running" && state !== "overdue")) {
    return;
  }
  const loadedAt = Date.now();
  const grouped = new Intl.NumberFormat("fr-FR");

  // « 47 h 05 min »: whole minutes, rounded down, as FrenchFormat.Duration writes them.
  const duration = (ms) => {
    const minutes = Math.floor(Math.abs(ms) / 60000);
    return `${grouped.format(Math.floor(minutes / 60))} h ${String(minutes % 60).padStart(2, "0")} min`;
  };

  const refresh = () => {
    const now = serverNow + (Date.now() - loadedAt);
    const remaining = due - now;
    const overdue = remaining < 0;
    text.textContent = overdue ? `délai dépassé de ${duration(remaining)}` : `reste ${duration(remaining)}`;
    clock.dataset.state = overdue ? "overdue" : "running";
    clock.classList.toggle("cnil-clock--overdue", overdue);
    clock.classList.toggle("cnil-clock--running", !overdue);
  };

  refresh();
  window.setInterval(refresh, 30000);
})();
