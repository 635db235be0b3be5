import Core
import Execution
import Foundation
import Hummingbird
import Store

/// `/api/tables…` and `/api/engines/{id}/schemas`: the metastore as people browse and edit
/// it. A table is visible to a user iff its engine is (see ``TableAccess``); anything else
/// answers 404 as if it did not exist. Anyone who sees a table may edit its description,
/// warnings and tags (and its columns'); `golden` and `owners` only admins and the table's
/// owners. Edits are written to the audit log as `table.update`.
struct TableRoutes {
    let store: HubStore
    let sampler: TableSampler
    let bodyLimit: Int

    static let maxListLimit = 200
    static let maxTextLength = 50_000
    static let listParameters: Set<String> = ["engineId", "schema", "q", "tag", "golden", "limit", "offset"]

    func register(on router: Router<HubRequestContext>) {
        let access = TableAccess(store: store)
        router.get("/api/tables") { request, context in
            let user = try context.requireUser()
            let filter = try Self.filter(request.uri.queryParameters, engines: try await store.visibleEngineIDs(for: user))
            let (tables, total) = try await store.tables(filter)
            return JSONResponse.make(TableListBody(tables: tables.map(TableSummaryBody.init), total: total))
        }
        router.get("/api/engines/:id/schemas") { _, context in
            let user = try context.requireUser()
            let engine = try DocRoutes.id(context, EngineID.self)
            guard try await store.visibleEngineIDs(for: user).contains(engine) else {
                throw APIError.notFound("No such engine.")
            }
            let schemas = try await store.tableSchemas(engine: engine).map { SchemaBody(name: $0.name, tableCount: $0.tableCount) }
            return JSONResponse.make(["schemas": schemas])
        }
        router.get("/api/tables/:id") { _, context in
            let (user, listing) = try await access.require(context)
            return JSONResponse.make(try await page(listing.table.id, user: user))
        }
        router.post("/api/tables/:id/views") { _, context in
            let (_, listing) = try await access.require(context)
            try await store.recordTableView(listing.table.id)
            return JSONResponse.noContent()
        }
        router.patch("/api/tables/:id") { request, context in
            let (user, listing) = try await access.require(context)
            let body = try await request.decodeJSON(TablePatch.self, limit: bodyLimit)
            let changes = try body.checked()
            if changes.golden != nil || changes.owners != nil {
                guard try await canManage(listing.table.id, user: user) else {
                    throw APIError.forbidden("Only admins and the table's owners can change `golden` and `owners`.")
                }
            }
            _ = try await store.updateTable(listing.table.id, changes)
            try await store.audit(
                actor: user.id, action: "table.update", target: "table:\(listing.table.id)",
                detail: ["table": listing.table.qualifiedName, "changed": body.fields.joined(separator: ",")])
            return JSONResponse.make(try await page(listing.table.id, user: user))
        }
        router.patch("/api/tables/:id/columns/:columnId") { request, context in
            let (user, listing) = try await access.require(context)
            guard let text = context.parameters.get("columnId"), let column = ColumnID(text) else {
                throw APIError.notFound("No such column.")
            }
            guard try await store.tableColumn(column, of: listing.table.id) != nil else {
                throw APIError.notFound("No such column.")
            }
            let body = try await request.decodeJSON(ColumnPatch.self, limit: bodyLimit)
            let description = try body.description.map { try Self.checkedText($0, name: "description") }
            let tags = try body.tags.map(Self.checkedTags)
            let updated = try await store.updateColumn(column, of: listing.table.id, description: description, tags: tags)
            try await store.audit(
                actor: user.id, action: "table.update", target: "table:\(listing.table.id)",
                detail: [
                    "table": listing.table.qualifiedName, "column": updated.column.name,
                    "changed": body.fields.joined(separator: ","),
                ])
            return JSONResponse.make(TableColumnBody(updated))
        }
        router.post("/api/tables/:id/sample") { request, context in
            let (_, listing) = try await access.require(context)
            let limit = try await Self.sampleLimit(request, bodyLimit: bodyLimit)
            let sample: TableSample
            do {
                sample = try await sampler.sample(listing.table, limit: limit)
            } catch SampleError.engine(let message) {
                throw APIError(status: .badGateway, code: "engine_error", message: message)
            } catch SampleError.busy(let message) {
                throw APIError(status: .tooManyRequests, code: "engine_busy", message: message)
            }
            return JSONResponse.make(
                SampleBody(
                    columns: sample.columns.map { SampleColumn(name: $0.name, type: $0.engineType ?? $0.type.rawValue) },
                    rows: sample.rows.map { $0.map(JSONValue.init) }, truncated: sample.truncated))
        }
    }

    /// The table's page as `user` sees it.
    private func page(_ id: TableID, user: User) async throws -> TablePageBody {
        guard let detail = try await store.tableDetail(id) else { throw APIError.notFound("No such table.") }
        return TablePageBody(detail, canManage: try await canManage(id, user: user))
    }

    private func canManage(_ id: TableID, user: User) async throws -> Bool {
        if user.isAdmin { return true }
        return try await store.isTableOwner(id, user: user.id)
    }

    /// The list's query string as a filter over `engines`.
    /// - Throws: `400` naming the first bad or unknown parameter.
    static func filter(_ parameters: Parameters, engines: Set<EngineID>) throws -> TableFilter {
        for (name, _) in parameters where !listParameters.contains(String(name)) {
            throw APIError.badRequest("Unknown parameter `\(name)`: use \(listParameters.sorted().joined(separator: ", ")).")
        }
        var filter = TableFilter(engines: engines)
        if let text = parameters.get("engineId") {
            guard let engine = EngineID(text) else { throw APIError.badRequest("`engineId` must be an engine id, not `\(text)`.") }
            filter.engineID = engine
        }
        filter.schema = parameters.get("schema")
        if let q = parameters.get("q") {
            guard q.count <= 200 else { throw APIError.badRequest("`q` must be at most 200 characters.") }
            filter.query = q
        }
        filter.tag = parameters.get("tag")
        switch parameters.get("golden") {
        case nil, "false": filter.goldenOnly = false
        case "true": filter.goldenOnly = true
        case let other?: throw APIError.badRequest("`golden` must be true or false, not `\(other)`.")
        }
        filter.limit = try ExecutionRoutes.integer(parameters.get("limit"), name: "limit", default: 50, range: 1...maxListLimit)
        filter.offset = try ExecutionRoutes.integer(parameters.get("offset"), name: "offset", default: 0, range: 0...)
        return filter
    }

    /// Tags as stored: trimmed, each 1–40 letters, digits or `-_.:`, at most 20, no repeats.
    /// - Throws: `400 invalid_tag` naming the bad tag.
    static func checkedTags(_ tags: [String]) throws -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for raw in tags {
            let tag = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...40).contains(tag.count) else {
                throw APIError(status: .badRequest, code: "invalid_tag", message: "A tag must be 1 to 40 characters.")
            }
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.:"))
            guard tag.unicodeScalars.allSatisfy(allowed.contains) else {
                throw APIError(
                    status: .badRequest, code: "invalid_tag",
                    message: "The tag `\(tag.prefix(40))` may have only letters, digits and - _ . :")
            }
            if seen.insert(tag).inserted { result.append(tag) }
        }
        guard result.count <= 20 else {
            throw APIError(status: .badRequest, code: "invalid_tag", message: "A table or column can have at most 20 tags.")
        }
        return result
    }

    /// Markdown text as stored: as typed, at most ``maxTextLength`` characters.
    static func checkedText(_ text: String, name: String) throws -> String {
        guard text.count <= maxTextLength else {
            throw APIError.badRequest("`\(name)` must be at most \(maxTextLength) characters.")
        }
        return text
    }

    /// `limit` of a sample request (body optional): 1 to 100, 20 by default.
    static func sampleLimit(_ request: Request, bodyLimit: Int) async throws -> Int {
        var request = request
        let buffer = try await request.collectBody(upTo: bodyLimit)
        // An empty body takes the defaults.
        guard buffer.readableBytes > 0 else { return 20 }
        let body = try await request.decodeJSON(SampleRequest.self, limit: bodyLimit)
        guard let limit = body.limit else { return 20 }
        guard (1...TableSampler.maxLimit).contains(limit) else {
            throw APIError.badRequest("`limit` must be between 1 and \(TableSampler.maxLimit).")
        }
        return limit
    }
}

/// Finds the table a route's `:id` names, for a user allowed to see it.
struct TableAccess: Sendable {
    let store: HubStore

    /// The signed-in user and the table `:id` names.
    /// - Throws: `401` for an anonymous request; `404 not_found` "No such table." when there
    ///   is no such table or its engine is not visible to the user.
    func require(_ context: HubRequestContext) async throws -> (User, TableListing) {
        let user = try context.requireUser()
        guard let text = context.parameters.get("id"), let id = TableID(text),
            let listing = try await store.tableListing(id),
            try await store.visibleEngineIDs(for: user).contains(listing.table.engineID)
        else { throw APIError.notFound("No such table.") }
        return (user, listing)
    }
}

struct TableListBody: Encodable {
    let tables: [TableSummaryBody]
    let total: Int
}

struct SchemaBody: Encodable {
    let name: String
    let tableCount: Int
}

struct SampleRequest: Decodable {
    let limit: Int?
}

struct SampleColumn: Encodable {
    let name: String
    let type: String
}

struct SampleBody: Encodable {
    let columns: [SampleColumn]
    let rows: [[JSONValue]]
    let truncated: Bool
}

/// The body of `PATCH /api/tables/{id}`; absent fields stay.
struct TablePatch: Decodable {
    let description: String?
    let warnings: String?
    let tags: [String]?
    let golden: Bool?
    let owners: [Int64]?
    /// The keys the body gave, sorted, for the audit log.
    let fields: [String]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        fields = c.allKeys.map(\.stringValue).sorted()
        description = try c.decodeIfPresent(String.self, forKey: .description)
        warnings = try c.decodeIfPresent(String.self, forKey: .warnings)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
        golden = try c.decodeIfPresent(Bool.self, forKey: .golden)
        owners = try c.decodeIfPresent([Int64].self, forKey: .owners)
    }

    enum Key: String, CodingKey {
        case description, warnings, tags, golden, owners
    }

    /// The change, checked.
    /// - Throws: `400` (`invalid_tag` for tags).
    func checked() throws -> TableChanges {
        TableChanges(
            description: try description.map { try TableRoutes.checkedText($0, name: "description") },
            warnings: try warnings.map { try TableRoutes.checkedText($0, name: "warnings") },
            tags: try tags.map(TableRoutes.checkedTags), golden: golden, owners: owners.map { $0.map(UserID.init(rawValue:)) })
    }
}

/// The body of `PATCH /api/tables/{id}/columns/{columnId}`; absent fields stay.
struct ColumnPatch: Decodable {
    let description: String?
    let tags: [String]?
    let fields: [String]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        fields = c.allKeys.map(\.stringValue).sorted()
        description = try c.decodeIfPresent(String.self, forKey: .description)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
    }

    enum Key: String, CodingKey {
        case description, tags
    }
}
