import Core
import Execution
import HTTPTypes
import Hummingbird
import Logging
import Results

/// `GET /api/executions/{id}/export`: a statement's whole stored result as a CSV, TSV, JSON
/// lines or XLSX download, streamed a batch at a time.
struct ExportRoutes {
    let executions: ExecutionService
    let results: ResultStore
    let access: DocAccess

    static let resultRows = HTTPField.Name("X-Result-Rows")!
    static let exportEstimate = HTTPField.Name("X-Export-Estimate")!

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/executions/:id/export") { request, context in
            let query = request.uri.queryParameters
            let format = try Self.format(query.get("format"))
            let id = try await access.requireExecution(of: context)
            let statement = try ExecutionRoutes.integer(query.get("statement"), name: "statement", default: 0, range: 0...)
            let export = try ResultExport(source: try await source(id, statement: statement, query: query), format: format)
            let logger = context.logger
            // One chunk per batch; `write` waits while the client is slow and throws once it
            // has gone, which ends the loop, so an abandoned download stops reading batches.
            let body = ResponseBody { writer in
                let stream = try export.makeStream()
                do {
                    while let chunk = try stream.next() {
                        try await writer.write(ByteBuffer(bytes: chunk))
                    }
                } catch {
                    logger.info(
                        "export stopped",
                        metadata: ["execution": "\(id)", "statement": "\(statement)", "rows": "\(stream.rowsWritten)",
                                   "error": "\(error)"])
                    throw error
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: Self.headers(export, id: id, statement: statement), body: body)
        }
    }

    /// The rows to export: the stored result, sorted and filtered as `sort`, `order` and
    /// `filter` in `query` say (the same parameters, and view, as the rows route).
    func source(_ id: ExecutionID, statement: Int, query: Parameters) async throws -> any ExportSource {
        let stored = try await StoredResults(executions: executions, results: results).reader(id, statement: statement)
        let spec = try ResultViewParameters.spec(query, columns: stored.columns)
        return try await ResultViewParameters.reader(stored, spec: spec)
    }

    /// The `format` parameter; `csv` when absent.
    /// - Throws: `400` naming the formats for any other value.
    static func format(_ text: String?) throws -> ExportFormat {
        guard let text else { return .csv }
        guard let format = ExportFormat(rawValue: text) else {
            let names = ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest("`format` must be one of \(names), not `\(text)`.")
        }
        return format
    }

    static func headers(_ export: ResultExport, id: ExecutionID, statement: Int) -> HTTPFields {
        let name = "run-\(id.rawValue)-statement-\(statement).\(export.format.fileExtension)"
        return [
            .contentType: export.format.contentType,
            .contentDisposition: #"attachment; filename="\#(name)""#,
            .cacheControl: "no-store",
            resultRows: String(export.rowCount),
            exportEstimate: String(export.estimatedBytes),
        ]
    }
}
