import Core
import Foundation
import Hummingbird
import Realtime
import Store

/// `/api/cells/{id}/edits`: character-level co-editing of a cell's text by operations.
///
/// A client sends each local change as an operation on the version it had; the server
/// transforms it against what the client missed, commits it, answers with the version it got,
/// and publishes it on the doc's topic. A lost answer is safe to resend: the same
/// `clientId` + `editId` commits once.
struct EditRoutes {
    let store: HubStore
    let broker: EventBroker
    let bodyLimit: Int

    func register(on router: Router<HubRequestContext>) {
        router.post("/api/cells/:id/edits") { request, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, CellID.self)
            try await DocAccess(store: store).require(.editor, cell: id, user)
            let body = try await request.decodeJSON(NewEdit.self, limit: bodyLimit)
            try APIError.requireToken(body.clientId, named: "clientId")
            try APIError.requireToken(body.editId, named: "editId")
            let committed = try await store.applyCellEdit(
                id, baseVersion: body.baseVersion, operation: body.operation, user: user.id, clientID: body.clientId,
                editID: body.editId)
            let edit = EditBody(committed.edit)
            if !committed.wasDuplicate, let data = try? JSONCoding.string(
                DocEvent(docId: committed.cell.docID.rawValue, change: "cell.edit", cellId: id.rawValue, edit: edit))
            {
                await broker.publish(topic: "doc:\(committed.cell.docID)", name: "doc", data: data)
            }
            return JSONResponse.make(edit)
        }
        router.get("/api/cells/:id/edits") { request, context in
            let id = try DocRoutes.id(context, CellID.self)
            let after = try ExecutionRoutes.integer(
                request.uri.queryParameters.get("after"), name: "after", default: 0, range: 0...)
            let (cell, _) = try await DocAccess(store: store).require(.viewer, cell: id, try context.requireUser())
            guard after <= cell.version else {
                throw APIError.conflict("Cell \(id) is at version \(cell.version), not \(after).")
            }
            let edits = try await store.cellEdits(id, after: after)
            return JSONResponse.make(EditLog(cellId: id.rawValue, version: cell.version, edits: edits.map(EditBody.init)))
        }
    }
}

struct NewEdit: Decodable {
    let baseVersion: Int
    let operation: TextOperation
    let clientId: String
    let editId: String
}

/// A committed edit as the API shows it.
struct EditBody: Encodable {
    let version: Int
    let operation: TextOperation
    let clientId: String
    let editId: String
    let userId: Int64
    let createdAt: Date

    init(_ edit: CellEdit) {
        version = edit.version
        operation = edit.operation
        clientId = edit.clientID
        editId = edit.editID
        userId = edit.userID.rawValue
        createdAt = edit.createdAt
    }
}

struct EditLog: Encodable {
    let cellId: Int64
    let version: Int
    let edits: [EditBody]
}
