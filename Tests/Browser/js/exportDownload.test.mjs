import { test } from "node:test";
import assert from "node:assert/strict";
import { EXPORT_FORMATS, exportUrl, filenameFrom, progressLabel, progressPercent } from "../../../Assets/js/exportDownload.js";

test("the four formats, in menu order", () => {
  assert.deepEqual(EXPORT_FORMATS.map((f) => f.format), ["csv", "tsv", "jsonl", "xlsx"]);
  assert.equal(exportUrl(7, 0, "xlsx"), "/api/executions/7/export?statement=0&format=xlsx");
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
