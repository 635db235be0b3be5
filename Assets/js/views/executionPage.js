// One run on its own page (/executions/{id}): the query read-only, its status and results,
// following it live when it is still running.

import { api } from "../api.js";
import { h } from "../dom.js";
import { formatDateTime } from "../format.js";
import { highlightedSql } from "./editor.js";
import { createRunView } from "./runView.js";

/** Mounts run `params.id` into `root`; returns `{unmount()}`. */
export function mountExecutionPage(root, params, app) {
  const id = Number(params.id);
  let unmounted = false;
  let runView = null;
  app.setTitle(`Run #${id}`);
  root.replaceChildren(h("div", { class: "page-loading" }, "Loading run…"));

  Promise.all([api.getExecution(id), api.engines().catch(() => [])]).then(([execution, engines]) => {
    if (unmounted) return;
    const engine = engines.find((e) => e.id === execution.engineId);
    runView = createRunView({ showLink: false });
    root.replaceChildren(h("div", { class: "page execution-page", testid: "execution-page" },
      h("header", { class: "page-header" },
        h("h1", null, `Run #${execution.id}`),
        h("span", { class: "cell-head-spacer" }),
        h("span", { class: "muted" }, engine ? `on ${engine.name}` : `on engine ${execution.engineId}`),
        h("span", { class: "muted", title: "Created" }, formatDateTime(execution.createdAt))),
      h("section", { class: "cell cell-query readonly" },
        h("div", { class: "cell-head" },
          h("span", { class: "cell-kind" }, "SQL"),
          h("span", { class: "muted" }, execution.cellId ? `from cell ${execution.cellId}` : "ad-hoc run")),
        highlightedSql(execution.query, "execution-query"),
        runView.element)));
    runView.watch(execution.id, execution);
  }, (error) => {
    if (unmounted) return;
    root.replaceChildren(h("div", { class: "empty-state", testid: "execution-error" },
      h("h2", null, error.status === 404 ? "No such run" : "Could not open this run"),
      h("p", null, error.message),
      h("p", null, h("a", { href: "/docs", class: "btn" }, "Back to all docs"))));
  });

  return {
    unmount() {
      unmounted = true;
      if (runView) runView.destroy();
    },
  };
}
