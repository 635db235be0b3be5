import Core
import Foundation
import Hummingbird
import Realtime
import Store

/// `/api/docs/{id}/versions`: a doc's history — versions by time and author, one version's
/// content, and restoring it (itself a new version).
struct HistoryRoutes {
    let store: HubStore
    let docs: DocRoutes

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/docs/:id/versions") { _, context in
            let id = try DocRoutes.id(context, DocID.self)
            try await docs.access.require(.viewer, doc: id, try context.requireUser())
            let versions = try await store.docVersions(id)
            let names = try await store.users(Set(versions.flatMap(\.authors)))
            let latest = versions.first?.number
            return JSONResponse.make(
                VersionList(
                    docId: id.rawValue,
                    versions: versions.map { VersionBody($0, names: names, current: $0.number == latest) }))
        }
        router.get("/api/docs/:id/versions/:number") { _, context in
            let id = try DocRoutes.id(context, DocID.self)
            try await docs.access.require(.viewer, doc: id, try context.requireUser())
            let (version, content, current) = try await store.docVersion(id, number: try Self.number(context))
            let names = try await store.users(version.authors)
            return JSONResponse.make(
                VersionDetail(version: VersionBody(version, names: names, current: current), doc: SnapshotBody(content)))
        }
        router.post("/api/docs/:id/versions/:number/restore") { _, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, DocID.self)
            let role = try await docs.access.require(.editor, doc: id, user)
            let restore = try await store.restoreDocVersion(id, number: try Self.number(context), user: user.id)
            await publish(restore)
            return try await docs.docResponse(id, user: user.id, role: role)
        }
    }

    /// Tells open tabs what the restore changed, after the commit, in an order they can apply
    /// one by one: removals, re-created cells, text edits, then kept cells' settings and moves.
    private func publish(_ restore: DocRestore) async {
        let docID = restore.doc.id.rawValue
        for cellID in restore.deleted {
            await docs.publish(DocEvent(docId: docID, change: "cell.deleted", cellId: cellID.rawValue))
        }
        for cell in restore.created {
            await docs.publish(DocEvent(docId: docID, change: "cell.created", cell: CellBody(cell)))
        }
        for edit in restore.edits {
            await docs.publish(DocEvent(docId: docID, change: "cell.edit", cellId: edit.cellID.rawValue, edit: EditBody(edit)))
        }
        let latest = (try? await store.latestExecutions(cells: restore.updated.map(\.id))) ?? [:]
        for cell in restore.updated {
            await docs.publish(
                DocEvent(docId: docID, change: "cell.updated", cell: CellBody(cell, latestExecution: latest[cell.id])))
        }
        await docs.publish(DocEvent(docId: docID, change: "doc.updated", doc: DocBody(restore.doc)))
    }

    /// The `{number}` path parameter.
    /// - Throws: `400` unless it is a positive integer.
    static func number(_ context: HubRequestContext) throws -> Int {
        guard let text = context.parameters.get("number"), let number = Int(text), number > 0 else {
            throw APIError.badRequest("The version number must be a positive integer.")
        }
        return number
    }
}

struct VersionList: Encodable {
    let docId: Int64
    let versions: [VersionBody]
}

struct VersionDetail: Encodable {
    let version: VersionBody
    let doc: SnapshotBody

    // The version's fields at the top level, with the content beside them.
    func encode(to encoder: any Encoder) throws {
        try version.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(doc, forKey: .doc)
    }

    enum Key: String, CodingKey { case doc }
}

/// A version as the API shows it.
struct VersionBody: Encodable {
    let number: Int
    let startedAt: Date
    let endedAt: Date
    let changeCount: Int
    let authors: [Author]
    let restoredFrom: Int?
    let current: Bool

    struct Author: Encodable {
        let id: Int64
        let name: String
    }

    init(_ version: DocVersion, names: [UserID: User], current: Bool) {
        number = version.number
        startedAt = version.startedAt
        endedAt = version.endedAt
        changeCount = version.changeCount
        authors = version.authors.map { Author(id: $0.rawValue, name: names[$0]?.displayName ?? "User \($0)") }
        restoredFrom = version.restoredFrom
        self.current = current
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(endedAt, forKey: .endedAt)
        try c.encode(changeCount, forKey: .changeCount)
        try c.encode(authors, forKey: .authors)
        try c.encode(restoredFrom, forKey: .restoredFrom)
        try c.encode(current, forKey: .current)
    }

    enum CodingKeys: String, CodingKey { case number, startedAt, endedAt, changeCount, authors, restoredFrom, current }
}

/// A version's content: the doc's title and cells as they stood.
struct SnapshotBody: Encodable {
    let title: String
    let cells: [Cell]

    init(_ snapshot: DocSnapshot) {
        title = snapshot.title
        cells = snapshot.cells.map(Cell.init)
    }

    struct Cell: Encodable {
        let id: Int64
        let kind: CellKind
        let position: String
        let title: String
        let content: String
        let engineId: Int64?
        let rowLimit: Int?
        let collapsed: Bool

        init(_ cell: DocSnapshot.Cell) {
            id = cell.id.rawValue
            kind = cell.kind
            position = cell.position
            title = cell.title
            content = cell.content
            engineId = cell.engineID?.rawValue
            rowLimit = cell.rowLimit
            collapsed = cell.collapsed
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(kind, forKey: .kind)
            try c.encode(position, forKey: .position)
            try c.encode(title, forKey: .title)
            try c.encode(content, forKey: .content)
            try c.encode(engineId, forKey: .engineId)
            try c.encode(rowLimit, forKey: .rowLimit)
            try c.encode(collapsed, forKey: .collapsed)
        }

        enum CodingKeys: String, CodingKey { case id, kind, position, title, content, engineId, rowLimit, collapsed }
    }
}
