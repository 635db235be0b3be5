import Core
import Execution
import Foundation
import Hummingbird
import Results
import Store

/// `/api/executions`: run SQL, follow it, page through its result (sorted and filtered on the
/// server), read its column statistics, cancel it.
struct ExecutionRoutes {
    let executions: ExecutionService
    let results: ResultStore
    let docs: DocRoutes
    let templater: QueryTemplater
    let bodyLimit: Int
    static let maxPageRows = 10_000

    func register(on router: Router<HubRequestContext>) {
        router.post("/api/executions") { request, context in
            let user = try context.requireUser()
            let body = try await request.decodeJSON(NewExecution.self, limit: bodyLimit)
            let engine = try body.engine.reference()
            let found = try await docs.store.engines(includeDisabled: true).first(where: {
                String($0.id.rawValue) == engine || $0.name == engine
            })
            if let found { try await docs.access.requireEngine(found.id, user) }
            var doc: DocID?
            if let cell = body.cellId {
                do {
                    doc = try await docs.access.require(.editor, cell: CellID(rawValue: cell), user).0.docID
                } catch StoreError.notFound {
                    // No such cell: `submit` refuses it with its own 422.
                }
            }
            // The run records the SQL that runs: the template rendered with the cell's doc
            // variables (built-ins only without a cell). A template error creates no run.
            var query = body.query
            if let found {
                query = try await templater.render(body.query, doc: doc, engine: found.id, user: user.id, at: templater.clock.now())
            }
            let (execution, eventID) = try await executions.submit(
                engine: engine, query: query, cell: body.cellId.map { CellID(rawValue: $0) }, owner: user.id)
            if let cell = body.cellId { await docs.publishLatestRun(of: CellID(rawValue: cell)) }
            return JSONResponse.make(
                status: .created, Created(id: execution.id.rawValue, status: execution.status, eventId: eventID))
        }
        router.get("/api/executions/:id") { _, context in
            JSONResponse.make(try await executions.snapshot(try await readableExecution(context)))
        }
        router.post("/api/executions/:id/cancel") { _, context in
            let id = try await docs.access.requireExecution(.editor, of: context)
            let status = try await executions.cancel(id)
            return JSONResponse.make(status: .accepted, Created(id: id.rawValue, status: status))
        }
        router.get("/api/executions/:id/rows") { request, context in
            let id = try await readableExecution(context)
            let query = request.uri.queryParameters
            let statementIndex = try Self.integer(query.get("statement"), name: "statement", default: 0, range: 0...)
            let offset = try Self.integer(query.get("offset"), name: "offset", default: 0, range: 0...)
            let limit = try Self.integer(query.get("limit"), name: "limit", default: 100, range: 1...Self.maxPageRows)
            let source = try await StoredResults(executions: executions, results: results)
                .reader(id, statement: statementIndex)
            let spec = try ResultViewParameters.spec(query, columns: source.columns)
            let reader = try await ResultViewParameters.reader(source, spec: spec)
            let rows = try reader.rows(offset: offset, limit: limit)
            return JSONResponse.make(
                Page(columns: source.columns.map { .init(name: $0.name, type: $0.type, engineType: $0.engineType) },
                     rows: rows.map { $0.map(JSONValue.init) }, total: reader.totalRows, offset: offset,
                     resultTotal: source.totalRows))
        }
        registerStatistics(on: router)
        registerChartData(on: router)
        router.get("/api/cells/:id/executions") { request, context in
            let cell = try DocRoutes.id(context, CellID.self)
            try await docs.access.require(.viewer, cell: cell, try context.requireUser())
            let limit = try Self.integer(
                request.uri.queryParameters.get("limit"), name: "limit", default: 20, range: 1...Self.maxRunsListed)
            return JSONResponse.make(RunList(executions: try await executions.snapshots(ofCell: cell, limit: limit)))
        }
    }

    /// The run named by the path, which the user must be allowed to see.
    func readableExecution(_ context: HubRequestContext) async throws -> ExecutionID {
        try await docs.access.requireExecution(of: context)
    }

    /// The most runs `GET /api/cells/{id}/executions` lists.
    static let maxRunsListed = 100

    struct RunList: Encodable {
        let executions: [ExecutionSnapshot]
    }

    static func integer(_ text: String?, name: String, default value: Int, range: some RangeExpression<Int>) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badRequest("`\(name)` must be an integer in the allowed range, not `\(text)`.")
        }
        return number
    }
}

struct NewExecution: Decodable {
    /// The engine, by id (a number) or name (a string).
    enum EngineReference: Decodable {
        case id(Int64)
        case name(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let id = try? container.decode(Int64.self) {
                self = .id(id)
            } else {
                self = .name(try container.decode(String.self))
            }
        }

        func reference() throws -> String {
            switch self {
            case .id(let id): return String(id)
            case .name(let name):
                guard !name.isEmpty else { throw APIError.unprocessable("`engine` must name an engine.") }
                return name
            }
        }
    }

    let engine: EngineReference
    let query: String
    let cellId: Int64?
}

struct Created: Encodable {
    let id: Int64
    let status: RunStatus
    var eventId: UInt64? = nil
}

struct Page: Encodable {
    struct Column: Encodable {
        let name: String
        let type: ColumnType
        /// The engine's declared type (for example `DATETIME`), when it has one.
        let engineType: String?
    }
    let columns: [Column]
    let rows: [[JSONValue]]
    /// Rows after the filters (all rows without any).
    let total: Int
    let offset: Int
    /// Rows in the stored result.
    let resultTotal: Int
}

/// A result value in JSON: numbers, strings, `null`; blobs as `\x` + hex; NaN and infinities
/// (which JSON lacks) as the strings `NaN`, `Infinity`, `-Infinity` — the text forms the
/// exports share (`ValueText` in Results), so a value reads the same in both.
struct JSONValue: Encodable {
    let value: Value

    init(_ value: Value) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch value {
        case .null: try c.encodeNil()
        case .integer(let number): try c.encode(number)
        case .real(let number):
            if let word = ValueText.nonFinite(number) { try c.encode(word) } else { try c.encode(number) }
        case .text(let text): try c.encode(text)
        case .blob(let bytes): try c.encode(ValueText.blob(bytes))
        }
    }
}
