// Downloading a statement's whole result as a file (GET /api/executions/{id}/export, see
// Docs/API.md): the response is read chunk by chunk so progress can be shown as bytes
// received against the server's X-Export-Estimate, the download can be cancelled with an
// AbortController, and the bytes are saved through a Blob and an <a download>. The helpers
// at the top are pure, so `node --test` can check them (Tests/Browser/js/exportDownload.test.mjs).

import { ApiError } from "./api.js";
import { formatBytes } from "./format.js";
import { viewQuery } from "./resultQuery.js";

/** The formats the server writes, in menu order. */
export const EXPORT_FORMATS = [
  { format: "csv", label: "CSV", extension: "csv" },
  { format: "tsv", label: "TSV", extension: "tsv" },
  { format: "jsonl", label: "JSON lines", extension: "jsonl" },
  { format: "xlsx", label: "Excel .xlsx", extension: "xlsx" },
];

/** The export URL of statement `statement` of run `executionId`, sorted and filtered as `view`. */
export function exportUrl(executionId, statement, format, view) {
  const query = viewQuery(new URLSearchParams({ statement: String(statement), format }), view);
  return `/api/executions/${encodeURIComponent(executionId)}/export?${query}`;
}

/**
 * Percent done: received bytes over the estimate, held below 100 until the last byte is in
 * (the estimate is approximate and may be passed).
 */
export function progressPercent(received, estimate, done = false) {
  if (done) return 100;
  if (!(estimate > 0)) return 0;
  return Math.max(0, Math.min(99, Math.floor((received * 100) / estimate)));
}

/** "42 % · 12.3 MB of about 30.1 MB". */
export function progressLabel(received, estimate, done = false) {
  const percent = `${progressPercent(received, estimate, done)} %`;
  if (done || !(estimate > 0)) return `${percent} · ${formatBytes(received)}`;
  return `${percent} · ${formatBytes(received)} of about ${formatBytes(estimate)}`;
}

/** The file name of a `Content-Disposition: attachment; filename="…"` header, else `fallback`. */
export function filenameFrom(disposition, fallback) {
  const match = /filename="([^"]+)"/.exec(disposition || "");
  return match ? match[1] : fallback;
}

/**
 * Downloads the export and saves it. Resolves with `{rows, bytes, filename}`; calls
 * `onProgress({received, estimate, percent, label})` on every chunk. Rejects with an
 * ApiError carrying the server's message when the server refuses, or with the fetch's
 * AbortError (name "AbortError") when `signal` aborts.
 */
export async function downloadExport({ executionId, statement, format, view, signal, onProgress = () => {}, save = saveBlob }) {
  let response;
  try {
    response = await fetch(exportUrl(executionId, statement, format, view), { signal });
  } catch (error) {
    if (error && error.name === "AbortError") throw error;
    throw new ApiError("Cannot reach the server. Check that it is running, then try again.");
  }
  if (!response.ok) throw await responseError(response);
  const rows = Number(response.headers.get("X-Result-Rows")) || 0;
  const estimate = Number(response.headers.get("X-Export-Estimate")) || 0;
  const ext = (EXPORT_FORMATS.find((f) => f.format === format) || { extension: format }).extension;
  const filename = filenameFrom(response.headers.get("Content-Disposition"), `run-${executionId}-statement-${statement}.${ext}`);
  const report = (received, done) => onProgress({
    received, estimate, percent: progressPercent(received, estimate, done), label: progressLabel(received, estimate, done),
  });

  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  report(0, false);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      report(received, false);
    }
  } catch (error) {
    if (error && error.name === "AbortError") throw error;
    throw new ApiError("The export was interrupted: the server stopped sending the file. Try again.", { code: "interrupted" });
  }
  report(received, true);
  save(new Blob(chunks, { type: response.headers.get("Content-Type") || "application/octet-stream" }), filename);
  return { rows, bytes: received, filename };
}

/** Saves `blob` as a download named `filename`. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; free the memory a bit later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function responseError(response) {
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  const err = data && data.error;
  const message = err && err.message ? err.message : `The server answered ${response.status} ${response.statusText}.`;
  return new ApiError(message, { code: err && err.code ? err.code : "http", status: response.status });
}
