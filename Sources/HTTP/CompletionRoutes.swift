import Core
import Foundation
import Hummingbird
import Store

/// `/api/engines/{id}/completions` and `/api/engines/{id}/tables/lookup`: the editor's
/// autocomplete and table hover, from the metastore of an engine the caller may use.
struct CompletionRoutes {
    let store: HubStore
    let access: DocAccess

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/engines/:id/completions") { request, context in
            let engine = try DocRoutes.id(context, EngineID.self)
            try await access.requireEngine(engine, try context.requireUser())
            let parameters = request.uri.queryParameters
            let kindName = parameters.get("kind") ?? "table"
            guard let kind = CompletionKind(rawValue: kindName) else {
                throw APIError.badRequest("`kind` must be schema, table or column, not `\(kindName)`.")
            }
            let prefix = parameters.get("prefix") ?? ""
            guard prefix.count <= 200 else { throw APIError.badRequest("`prefix` must be at most 200 characters.") }
            let table = parameters.get("table")
            if kind == .column, table?.isEmpty ?? true {
                throw APIError.badRequest("Completing columns needs `table` (name or schema.name).")
            }
            let items = try await store.completions(
                engine: engine, kind: kind, prefix: prefix, schema: parameters.get("schema"), table: table)
            return JSONResponse.make(CompletionList(items: items.map(CompletionBody.init)))
        }
    }
}

struct CompletionList: Encodable {
    let items: [CompletionBody]
}

struct CompletionBody: Encodable {
    let text: String
    let kind: CompletionKind
    let detail: String
    let description: String

    init(_ completion: Completion) {
        text = completion.text
        kind = completion.kind
        detail = completion.detail
        description = completion.description
    }
}
