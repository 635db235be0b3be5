import Core
import Hummingbird
import Realtime
import Store

/// `/api/docs` and `/api/cells`: DataDocs and their cells.
struct DocRoutes {
    let store: HubStore
    let broker: EventBroker
    let bodyLimit: Int

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/docs") { request, context in
            let user = try context.requireUser()
            let query = try DocListParameters.parse(request.uri.queryParameters, user: user.id)
            let page = try await store.docs(matching: query, for: user)
            return JSONResponse.make(
                DocList(docs: page.docs.map(DocBody.init), total: page.total, limit: query.limit, offset: query.offset))
        }
        router.post("/api/docs") { request, context in
            let user = try context.requireUser()
            let body = try await request.decodeJSON(NewDoc.self, limit: bodyLimit)
            // Without a choice: the default environment, or else the first of the caller's.
            let mine = try await store.environmentIDs(of: user)
            guard let environment = body.environmentId.map({ EnvironmentID(rawValue: $0) })
                ?? (mine.contains(Environment.defaultID) ? Environment.defaultID : mine.first)
            else {
                throw APIError.forbidden("You are in no environment yet, so you cannot make docs. Ask an admin to add you to one.")
            }
            guard mine.contains(environment) else {
                throw APIError.forbidden("You are not a member of environment \(environment). Pick one of yours.")
            }
            let usable = try await store.engineIDs(in: environment).intersection(try await store.visibleEngineIDs(for: user))
            let engine = try await store.engines(includeDisabled: false).first { usable.contains($0.id) }?.id
            let (doc, cells) = try await store.createDoc(
                title: body.title ?? "Untitled", owner: user.id, firstQueryEngine: engine, environment: environment,
                isPublic: body.public ?? true)
            return JSONResponse.make(
                status: .created, DocBody(doc, cells: cells.map { CellBody($0) }, favorite: false, role: .owner))
        }
        router.get("/api/docs/:id") { _, context in
            let user = try context.requireUser()
            let id = try Self.id(context, DocID.self)
            let role = try await access.require(.viewer, doc: id, user)
            return try await docResponse(id, user: user.id, role: role)
        }
        router.patch("/api/docs/:id") { request, context in
            let user = try context.requireUser()
            let id = try Self.id(context, DocID.self)
            let body = try await request.decodeJSON(DocChanges.self, limit: bodyLimit)
            let role = try await access.require(body.archived == nil ? .editor : .owner, doc: id, user)
            let doc = try await store.updateDoc(id, title: body.title, archived: body.archived, user: user.id)
            await publish(DocEvent(docId: id.rawValue, change: "doc.updated", doc: DocBody(doc)))
            return try await docResponse(id, user: user.id, role: role)
        }
        router.delete("/api/docs/:id") { _, context in
            let id = try Self.id(context, DocID.self)
            try await access.require(.owner, doc: id, try context.requireUser())
            try await store.deleteDoc(id)
            await publish(DocEvent(docId: id.rawValue, change: "doc.deleted"))
            return JSONResponse.noContent()
        }
        router.post("/api/docs/:id/cells") { request, context in
            let user = try context.requireUser()
            let docID = try Self.id(context, DocID.self)
            try await access.require(.editor, doc: docID, user)
            let body = try await request.decodeJSON(NewCell.self, limit: bodyLimit)
            if let engine = body.engineId { try await access.requireEngine(EngineID(rawValue: engine), user) }
            guard let kind = CellKind(rawValue: body.kind) else {
                throw APIError.unprocessable("Unknown cell kind `\(body.kind)`: use text, query or chart.")
            }
            let placement: CellPlacement =
                if let after = body.after { .after(CellID(after)) }
                else if let before = body.before { .before(CellID(before)) }
                else { .last }
            let cell = try await store.insertCell(
                doc: docID, kind: kind, title: body.title ?? "", content: body.content ?? "",
                engine: body.engineId.map { EngineID(rawValue: $0) }, rowLimit: body.rowLimit, collapsed: body.collapsed ?? false,
                placement: placement, owner: user.id)
            await publish(DocEvent(docId: docID.rawValue, change: "cell.created", cell: CellBody(cell)))
            return JSONResponse.make(status: .created, CellBody(cell))
        }
        router.patch("/api/cells/:id") { request, context in
            let user = try context.requireUser()
            let id = try Self.id(context, CellID.self)
            try await access.require(.editor, cell: id, user)
            let body = try await request.decodeJSON(CellPatch.self, limit: bodyLimit)
            if case .some(.some(let engine)) = body.changes.engineID { try await access.requireEngine(engine, user) }
            let cell = try await store.updateCell(id, body.changes, user: user.id)
            let latest = try await store.latestExecutions(cells: [id])[id]
            await publish(
                DocEvent(docId: cell.docID.rawValue, change: "cell.updated", cell: CellBody(cell, latestExecution: latest)))
            return JSONResponse.make(CellBody(cell, latestExecution: latest))
        }
        router.delete("/api/cells/:id") { _, context in
            let user = try context.requireUser()
            let id = try Self.id(context, CellID.self)
            try await access.require(.editor, cell: id, user)
            let cell = try await store.deleteCell(id, user: user.id)
            await publish(DocEvent(docId: cell.docID.rawValue, change: "cell.deleted", cellId: cell.id.rawValue))
            return JSONResponse.noContent()
        }
    }

    var access: DocAccess { DocAccess(store: store) }

    /// The doc with its cells and `user`'s favorite mark and role.
    func docResponse(_ id: DocID, user: UserID, role: DocRole, status: HTTPResponse.Status = .ok) async throws -> Response {
        let (doc, cells) = try await store.docWithCells(id)
        let latest = try await store.latestExecutions(cells: cells.map(\.id))
        let favorite = try await store.isFavorite(id, user: user)
        return JSONResponse.make(
            status: status,
            DocBody(
                doc, cells: cells.map { CellBody($0, latestExecution: latest[$0.id]) }, favorite: favorite, role: role))
    }

    /// Tells every tab on the cell's doc that the cell has a new latest run (`cell.updated`
    /// with its `latestExecutionId`), so charts of that cell follow it at once. Best effort:
    /// a cell deleted meanwhile publishes nothing.
    func publishLatestRun(of id: CellID) async {
        guard let cell = try? await store.cell(id), let latest = try? await store.latestExecutions(cells: [id])[id] else {
            return
        }
        await publish(DocEvent(docId: cell.docID.rawValue, change: "cell.updated", cell: CellBody(cell, latestExecution: latest)))
    }

    /// Publishes a `doc` event after the change committed.
    func publish(_ event: DocEvent) async {
        guard let data = try? JSONCoding.string(event) else { return }
        await broker.publish(topic: "doc:\(event.docId)", name: "doc", data: data)
    }

    static func id<Entity>(_ context: HubRequestContext, _ type: ID<Entity>.Type) throws -> ID<Entity> {
        guard let text = context.parameters.get("id"), let id = ID<Entity>(text) else {
            throw APIError.notFound("No such object: the id must be a positive integer.")
        }
        return id
    }
}

/// The data of a `doc` event.
struct DocEvent: Encodable {
    let docId: Int64
    let change: String
    var doc: DocBody? = nil
    var cell: CellBody? = nil
    var cellId: Int64? = nil
    var edit: EditBody? = nil
}

/// A page of `GET /api/docs`.
struct DocList: Encodable {
    let docs: [DocBody]
    let total: Int
    let limit: Int
    let offset: Int
}

struct NewDoc: Decodable {
    let title: String?
    let environmentId: Int64?
    let `public`: Bool?
}

struct DocChanges: Decodable {
    let title: String?
    let archived: Bool?
}

struct NewCell: Decodable {
    let kind: String
    let content: String?
    let title: String?
    let engineId: Int64?
    let rowLimit: Int?
    let collapsed: Bool?
    let after: Int64?
    let before: Int64?
}

/// A PATCH of a cell; see Docs/API.md for how `after`/`before` move it.
struct CellPatch: Decodable {
    let changes: CellChanges

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var changes = CellChanges()
        changes.title = try c.decodeIfPresent(String.self, forKey: .title)
        changes.content = try c.decodeIfPresent(String.self, forKey: .content)
        changes.engineID = try c.decodePatch(Int64.self, forKey: .engineId).change.map { $0.map { EngineID(rawValue: $0) } }
        changes.rowLimit = try c.decodePatch(Int.self, forKey: .rowLimit).change
        changes.collapsed = try c.decodeIfPresent(Bool.self, forKey: .collapsed)
        switch (try c.decodePatch(Int64.self, forKey: .after), try c.decodePatch(Int64.self, forKey: .before)) {
        case (.value(let id), _): changes.placement = .after(CellID(id))
        case (_, .value(let id)): changes.placement = .before(CellID(id))
        case (.null, _): changes.placement = .first
        case (_, .null): changes.placement = .last
        case (.absent, .absent): break
        }
        self.changes = changes
    }

    enum Key: String, CodingKey { case title, content, engineId, rowLimit, collapsed, after, before }
}
