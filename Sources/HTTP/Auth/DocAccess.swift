import Core
import Store

/// Permission checks of docs, cells and runs, with the API's errors: `404` for what does not
/// exist, `403` for what the user may not see or change. Every route on a doc, cell or run
/// goes through one of these before it reads or writes.
struct DocAccess {
    let store: HubStore

    /// `user`'s role on `doc`, which must be at least `needed`.
    @discardableResult
    func require(_ needed: DocRole, doc: DocID, _ user: User) async throws -> DocRole {
        try Self.check(try await store.docRole(doc, for: user), needed)
    }

    /// The cell and `user`'s role on its doc, which must be at least `needed`.
    @discardableResult
    func require(_ needed: DocRole, cell: CellID, _ user: User) async throws -> (Cell, DocRole) {
        let (found, role) = try await store.cellRole(cell, for: user)
        return (found, try Self.check(role, needed))
    }

    /// `user`'s role on a run, which must be at least `needed`.
    @discardableResult
    func require(_ needed: DocRole, execution: ExecutionID, _ user: User) async throws -> DocRole {
        try Self.check(try await store.executionRole(execution, for: user), needed)
    }

    /// The run named by the request's `{id}`, on which `user` must have at least `needed`
    /// (`.viewer` to read it; `.editor` to cancel: its doc's editors, whoever started it, admins).
    func requireExecution(_ needed: DocRole = .viewer, of context: HubRequestContext) async throws -> ExecutionID {
        let id = try DocRoutes.id(context, ExecutionID.self)
        try await require(needed, execution: id, try context.requireUser())
        return id
    }

    /// The engine must be one `user` may run on (in one of their environments).
    func requireEngine(_ engine: EngineID, _ user: User) async throws {
        guard try await store.visibleEngineIDs(for: user).contains(engine) else {
            if try await store.engines(includeDisabled: true).contains(where: { $0.id == engine }) {
                throw APIError.forbidden(
                    "You cannot use this engine: it is not in any of your environments. Ask an admin for access.")
            }
            throw APIError.unprocessable("No engine with id \(engine).")
        }
    }

    static func check(_ role: DocRole?, _ needed: DocRole) throws -> DocRole {
        guard let role else {
            throw APIError.forbidden("You do not have access to this doc. Ask its owner to share it.")
        }
        guard role >= needed else {
            switch needed {
            case .editor: throw APIError.forbidden("You can view this doc but not change it. Ask its owner for edit access.")
            default: throw APIError.forbidden("Only the doc's owner (or an admin) can do this.")
            }
        }
        return role
    }
}
