// A viewer's doc: every editor in it read-only (text can still be selected and copied) and
// the fields that change the doc disabled (cell titles, engine and row-limit pickers, chart
// settings), including those of cells that arrive later. Sorting and filtering a result stay.

const FIELDS = [".cell-head", ".chart-panel"].map((scope) => `${scope} input, ${scope} select, ${scope} textarea`).join(", ");

/** Keeps `container` read-only until the returned function is called. */
export function lockReadOnly(container) {
  let scheduled = false;
  const apply = () => {
    scheduled = false;
    for (const el of container.querySelectorAll(".CodeMirror")) {
      const cm = el.CodeMirror;
      if (cm && cm.getOption("readOnly") !== true) cm.setOption("readOnly", true);
    }
    for (const el of container.querySelectorAll(FIELDS)) {
      if (!el.disabled) el.disabled = true;
    }
  };
  apply();
  // Editors draw their lines as the doc scrolls: check again at most once a frame.
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(apply);
  });
  observer.observe(container, { childList: true, subtree: true });
  return () => observer.disconnect();
}
