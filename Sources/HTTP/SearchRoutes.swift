import Core
import Foundation
import Hummingbird
import Store

/// `GET /api/search`: docs, query cells, tables, past runs and people, best first, filtered by
/// what the caller may read. Any text is a valid query.
struct SearchRoutes {
    let store: HubStore

    func register(on router: Router<HubRequestContext>, admin: RouterGroup<HubRequestContext>) {
        admin.post("/search/reindex") { _, context in
            let started = ContinuousClock.now
            let entries = try await store.rebuildSearchIndex()
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            try await store.audit(actor: context.user?.id, action: "search.reindex", target: "search", detail: ["entries": String(entries)])
            return JSONResponse.make(ReindexBody(entries: entries, seconds: (seconds * 1000).rounded() / 1000))
        }
        router.get("/api/search") { request, context in
            let user = try context.requireUser()
            let search = try SearchParameters.parse(request.uri.queryParameters)
            let page = try await store.search(search, for: user)
            let people = try await store.users(Set(page.hits.compactMap(\.userID)))
            let engines = Dictionary(
                try await store.engines(includeDisabled: true).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            return JSONResponse.make(
                SearchBody(
                    results: page.hits.map { SearchHitBody($0, people: people, engines: engines) }, total: page.total,
                    complete: page.complete))
        }
    }
}

struct ReindexBody: Encodable {
    let entries: Int
    let seconds: Double
}

struct SearchBody: Encodable {
    let results: [SearchHitBody]
    let total: Int
    let complete: Bool
}

/// One result line; fields beyond the common ones depend on `type` (see Docs/API.md).
struct SearchHitBody: Encodable {
    let type: SearchType
    let id: Int64
    let title: String
    let url: String
    let snippet: [SnippetSegment]
    let updatedAt: Date
    let score: Double
    var owner: PersonBody?
    var user: PersonBody?
    var docId: Int64?
    var docTitle: String?
    var cellId: Int64?
    var engineId: Int64?
    var engineName: String?
    var schema: String?
    var name: String?
    var kind: TableKind?
    var golden: Bool?
    var status: RunStatus?
    var username: String?
    var displayName: String?
    var avatarColor: String?

    init(_ hit: SearchHit, people: [UserID: User], engines: [EngineID: String]) {
        type = hit.type
        id = hit.id
        title = hit.title
        snippet = hit.snippet
        updatedAt = hit.updatedAt
        score = (hit.score * 1000).rounded() / 1000
        docId = hit.docID?.rawValue
        docTitle = hit.docTitle
        cellId = hit.cellID?.rawValue
        engineId = hit.engineID?.rawValue
        let person = hit.userID.flatMap { people[$0] }.map(PersonBody.init)
        switch hit.type {
        case .doc:
            url = "/docs/\(hit.id)"
            owner = person
        case .query:
            url = "/docs/\(hit.docID?.rawValue ?? 0)#cell-\(hit.id)"
            user = person
        case .table:
            url = "/tables/\(hit.id)"
            engineName = hit.engineID.flatMap { engines[$0] }
            schema = hit.schemaName
            name = hit.tableName
            kind = hit.tableKind
            golden = hit.golden
        case .execution:
            url = "/executions/\(hit.id)"
            status = hit.status
            user = person
        case .user:
            url = "/search?type=doc&owner=\(hit.id)"
            username = person?.username
            displayName = person?.displayName
            avatarColor = person?.avatarColor
        }
    }
}
