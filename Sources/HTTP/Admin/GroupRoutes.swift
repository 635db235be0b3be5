import Core
import Foundation
import Hummingbird
import Store

/// `GET /api/groups` for everyone signed in (the share dialog grants to groups), and the
/// admin's `/api/admin/groups` for creating, changing and deleting them.
struct GroupRoutes {
    let store: HubStore
    let bodyLimit: Int

    /// Registers `GET /api/groups` on `router` and the rest on `admin` (the `/api/admin`
    /// group behind ``AdminMiddleware``).
    func register(on router: Router<HubRequestContext>, admin: RouterGroup<HubRequestContext>) {
        router.get("/api/groups") { _, context in
            _ = try context.requireUser()
            return JSONResponse.make(["groups": try await store.groups().map(GroupBody.init)])
        }
        admin.post("groups") { request, context in
            let actor = try context.requireAdmin()
            let form = try await request.decodeJSON(GroupForm.self, limit: bodyLimit)
            let group = try await store.createGroup(
                name: try DirectoryForms.name(form.name ?? ""), description: try DirectoryForms.description(form.description ?? ""),
                members: form.members ?? [])
            try await store.audit(
                actor: actor.id, action: "group.create", target: "group:\(group.group.id)",
                detail: ["name": group.group.name, "members": DirectoryForms.list(group.members)])
            return JSONResponse.make(status: .created, GroupBody(group))
        }
        admin.patch("groups/:id") { request, context in
            let actor = try context.requireAdmin()
            let id = try DocRoutes.id(context, GroupID.self)
            let form = try await request.decodeJSON(GroupForm.self, limit: bodyLimit)
            let changes = try DirectoryChanges(
                name: form.name.map(DirectoryForms.name), description: form.description.map(DirectoryForms.description),
                members: form.members)
            let group = try await store.updateGroup(id, changes)
            try await store.audit(
                actor: actor.id, action: "group.update", target: "group:\(id)", detail: Self.detail(changes, group))
            return JSONResponse.make(GroupBody(group))
        }
        admin.delete("groups/:id") { _, context in
            let actor = try context.requireAdmin()
            let id = try DocRoutes.id(context, GroupID.self)
            let group = try await store.deleteGroup(id)
            try await store.audit(actor: actor.id, action: "group.delete", target: "group:\(id)", detail: ["name": group.name])
            return Response(status: .noContent)
        }
    }

    /// What changed, for the audit log.
    static func detail(_ changes: DirectoryChanges, _ group: GroupDetail) -> [String: String] {
        var detail = ["name": group.group.name]
        if changes.description != nil { detail["description"] = group.group.description }
        if changes.members != nil { detail["members"] = DirectoryForms.list(group.members) }
        return detail
    }
}

/// A group as the API shows it.
struct GroupBody: Encodable {
    let id: Int64
    let name: String
    let description: String
    let members: [Int64]

    init(_ detail: GroupDetail) {
        id = detail.group.id.rawValue
        name = detail.group.name
        description = detail.group.description
        members = detail.members.map(\.rawValue)
    }
}

/// The body of `POST /api/admin/groups` (`name` required) and of its PATCH (all optional).
struct GroupForm: Decodable {
    let name: String?
    let description: String?
    let members: [UserID]?
}
