import Core
import Hummingbird
import Realtime
import Store

/// Copies and per-user marks: `POST /api/docs/{id}/clone`, `POST /api/cells/{id}/duplicate`,
/// `PUT`/`DELETE /api/docs/{id}/favorite` and `POST /api/docs/{id}/view`.
///
/// Favorites and views belong to the asking user and publish no event; a duplicated cell is
/// published as `cell.created` on its doc, like any insert.
struct DocMarkRoutes {
    let store: HubStore
    let docs: DocRoutes

    func register(on router: Router<HubRequestContext>) {
        router.post("/api/docs/:id/clone") { _, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, DocID.self)
            try await docs.access.require(.viewer, doc: id, user)
            let (doc, _) = try await store.cloneDoc(id, owner: user.id)
            return try await docs.docResponse(doc.id, user: user.id, role: .owner, status: .created)
        }
        router.post("/api/cells/:id/duplicate") { _, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, CellID.self)
            try await docs.access.require(.editor, cell: id, user)
            let cell = try await store.duplicateCell(id, owner: user.id)
            await docs.publish(DocEvent(docId: cell.docID.rawValue, change: "cell.created", cell: CellBody(cell)))
            return JSONResponse.make(status: .created, CellBody(cell))
        }
        router.put("/api/docs/:id/favorite") { _, context in
            try await mark(context, favorite: true)
        }
        router.delete("/api/docs/:id/favorite") { _, context in
            try await mark(context, favorite: false)
        }
        router.post("/api/docs/:id/view") { _, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, DocID.self)
            try await docs.access.require(.viewer, doc: id, user)
            try await store.recordView(id, user: user.id)
            return JSONResponse.noContent()
        }
    }

    private func mark(_ context: HubRequestContext, favorite: Bool) async throws -> Response {
        let user = try context.requireUser()
        let id = try DocRoutes.id(context, DocID.self)
        try await docs.access.require(.viewer, doc: id, user)
        try await store.setFavorite(id, favorite, user: user.id)
        return JSONResponse.make(FavoriteBody(docId: id.rawValue, favorite: favorite))
    }
}

struct FavoriteBody: Encodable {
    let docId: Int64
    let favorite: Bool
}
