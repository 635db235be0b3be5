import { test } from "node:test";
import assert from "node:assert/strict";
import { EXPORT_FORMATS, downloadExport, exportUrl, filenameFrom, progressLabel, progressPercent } from "../../../Assets/js/exportDownload.js";

test("the four formats, in menu order", () => {
  assert.deepEqual(EXPORT_FORMATS.map((f) => f.format), ["csv", "tsv", "jsonl", "xlsx"]);
  assert.equal(exportUrl(7, 0, "xlsx"), "/api/executions/7/export?statement=0&format=xlsx");
  const view = { sort: { column: 2, order: "desc" }, filters: [{ column: 1, op: "contains", value: "a b:c" }] };
  assert.equal(exportUrl(7, 1, "csv", view),
    "/api/executions/7/export?statement=1&format=csv&sort=2&order=desc&filter=1%3Acontains%3Aa%20b%3Ac");
});

test("progress stays below 100 % until the last byte", () => {
  assert.equal(progressPercent(0, 1000), 0);
  assert.equal(progressPercent(420, 1000), 42);
  assert.equal(progressPercent(999, 1000), 99);
  assert.equal(progressPercent(1500, 1000), 99, "an estimate that was too small");
  assert.equal(progressPercent(1500, 1000, true), 100);
  assert.equal(progressPercent(10, 0), 0, "no estimate");
  assert.equal(progressLabel(12_300_000, 30_100_000), "40 % · 12.3 MB of about 30.1 MB");
  assert.equal(progressLabel(30_000_000, 30_100_000, true), "100 % · 30.0 MB");
});

test("the file name comes from Content-Disposition", () => {
  assert.equal(filenameFrom('attachment; filename="run-3-statement-1.csv"', "x.csv"), "run-3-statement-1.csv");
  assert.equal(filenameFrom(null, "x.csv"), "x.csv");
});

function fakeFetch(response) {
  const calls = [];
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    return typeof response === "function" ? response(init) : response;
  };
  return calls;
}

test("a download reads every chunk, reports progress below 100 % until done, then saves", async () => {
  const parts = ["id,name\r\n", "1,ann\r\n", "2,bob\r\n"];
  const body = new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
  const calls = fakeFetch(new Response(body, {
    status: 200,
    headers: { "Content-Type": "text/csv", "X-Result-Rows": "2", "X-Export-Estimate": "10", "Content-Disposition": 'attachment; filename="run-9-statement-1.csv"' },
  }));
  const seen = [];
  let saved = null;
  const result = await downloadExport({
    executionId: 9, statement: 1, format: "csv", onProgress: (p) => seen.push(p.percent),
    save: async (blob, name) => { saved = { text: await blob.text(), name }; },
  });
  assert.equal(calls[0].url, "/api/executions/9/export?statement=1&format=csv");
  assert.deepEqual(result, { rows: 2, bytes: 23, filename: "run-9-statement-1.csv" });
  assert.deepEqual(seen, [0, 90, 99, 99, 100], "the estimate (10 B) was too small: held at 99 % until the end");
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(saved, { text: parts.join(""), name: "run-9-statement-1.csv" });
});

test("a refused export rejects with the server's message", async () => {
  fakeFetch(new Response(JSON.stringify({ error: { code: "conflict", message: "Statement 1 is running; it has no result to read yet." } }), { status: 409 }));
  await assert.rejects(
    downloadExport({ executionId: 1, statement: 0, format: "csv", save: () => assert.fail("nothing is saved") }),
    (error) => error.status === 409 && error.code === "conflict" && /is running/.test(error.message));
});
