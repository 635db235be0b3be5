import Core
import Foundation
import Hummingbird
import Store

/// `/api/tables/{id}/queries|users|related|lineage|docs`: what query analytics know about a
/// metastore table, for the table page's tabs.
///
/// The table must be visible to the caller (its engine in one of their environments; admins
/// see all), else `404 not_found` "No such table." — the same answer as for no table at all.
/// Example queries and docs are filtered further by what the caller may read.
struct TableAnalyticsRoutes {
    let store: HubStore

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/tables/:id/queries") { request, context in
            let (user, table) = try await visibleTable(context)
            let limit = try ExecutionRoutes.integer(
                request.uri.queryParameters.get("limit"), name: "limit", default: 10, range: 1...100)
            let queries = try await store.tableQueries(table, for: user, limit: limit)
            return JSONResponse.make(["queries": queries.map(TableQueryBody.init)])
        }
        router.get("/api/tables/:id/users") { _, context in
            let (_, table) = try await visibleTable(context)
            let users = try await store.tableUsers(table, limit: 10)
            return JSONResponse.make(["users": users.map { TableUserBody(user: PersonBody($0.user), queryCount: $0.count) }])
        }
        router.get("/api/tables/:id/related") { _, context in
            let (_, table) = try await visibleTable(context)
            let related = try await store.relatedTables(table, limit: 10)
            return JSONResponse.make(["tables": related.map { RelatedTableBody($0.table, count: $0.count) }])
        }
        router.get("/api/tables/:id/lineage") { _, context in
            let (_, table) = try await visibleTable(context)
            let lineage = try await store.tableLineage(table, limit: 50)
            return JSONResponse.make(
                LineageBody(
                    upstream: lineage.upstream.map(AnalyticsTableRef.init),
                    downstream: lineage.downstream.map(AnalyticsTableRef.init)))
        }
        router.get("/api/tables/:id/docs") { _, context in
            let (user, table) = try await visibleTable(context)
            let docs = try await store.tableDocs(table, for: user, limit: 20)
            return JSONResponse.make(["docs": docs.map(TableDocBody.init)])
        }
    }

    /// The signed-in caller and the table named by `{id}`, which they must be able to see.
    private func visibleTable(_ context: HubRequestContext) async throws -> (User, TableLink) {
        let user = try context.requireUser()
        guard let text = context.parameters.get("id"), let id = TableID(text), let table = try await store.tableLink(id),
            try await store.visibleEngineIDs(for: user).contains(table.engineID)
        else { throw APIError.notFound("No such table.") }
        return (user, table)
    }
}

/// TableRef of the API contract: `{"id","engineId","engineName","schema","name","kind"}`.
struct AnalyticsTableRef: Encodable {
    let id: Int64
    let engineId: Int64
    let engineName: String
    let schema: String
    let name: String
    let kind: String

    init(_ table: TableLink) {
        id = table.id.rawValue
        engineId = table.engineID.rawValue
        engineName = table.engineName
        schema = table.schemaName
        name = table.name
        kind = table.kind.rawValue
    }
}

/// A TableRef with how many runs used it together with the page's table.
struct RelatedTableBody: Encodable {
    let table: AnalyticsTableRef
    let count: Int

    init(_ table: TableLink, count: Int) {
        self.table = AnalyticsTableRef(table)
        self.count = count
    }

    func encode(to encoder: any Encoder) throws {
        try table.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
    }

    enum CodingKeys: String, CodingKey { case count }
}

struct LineageBody: Encodable {
    let upstream: [AnalyticsTableRef]
    let downstream: [AnalyticsTableRef]
}

struct TableUserBody: Encodable {
    let user: PersonBody
    let queryCount: Int
}

/// One example query; `docId`, `docTitle` and `cellId` are `null` for a run outside docs.
struct TableQueryBody: Encodable {
    let query: TableQuery

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(query.executionID.rawValue, forKey: .executionId)
        try c.encode(query.query, forKey: .query)
        try c.encode(PersonBody(query.owner), forKey: .user)
        try c.encode(query.finishedAt, forKey: .finishedAt)
        try c.encode(query.docID?.rawValue, forKey: .docId)
        try c.encode(query.docTitle, forKey: .docTitle)
        try c.encode(query.cellID?.rawValue, forKey: .cellId)
    }

    enum CodingKeys: String, CodingKey { case executionId, query, user, finishedAt, docId, docTitle, cellId }
}

struct TableDocBody: Encodable {
    let id: Int64
    let title: String
    let updatedAt: Date
    let owner: PersonBody

    init(_ doc: TableDoc) {
        id = doc.id.rawValue
        title = doc.title
        updatedAt = doc.updatedAt
        owner = PersonBody(doc.owner)
    }
}
