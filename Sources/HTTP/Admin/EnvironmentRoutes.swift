import Core
import Foundation
import Hummingbird
import Store

/// `GET /api/environments` (the ones the caller belongs to; every one for an admin) and the
/// admin's `/api/admin/environments` for creating, changing and deleting them.
struct EnvironmentRoutes {
    let store: HubStore
    let bodyLimit: Int

    /// Registers `GET /api/environments` on `router` and the rest on `admin` (the `/api/admin`
    /// group behind ``AdminMiddleware``).
    func register(on router: Router<HubRequestContext>, admin: RouterGroup<HubRequestContext>) {
        router.get("/api/environments") { _, context in
            let user = try context.requireUser()
            var ids: [EnvironmentID]?
            if !user.isAdmin { ids = try await store.environmentIDs(of: user) }
            return JSONResponse.make(["environments": try await store.environments(ids).map(EnvironmentBody.init)])
        }
        admin.post("environments") { request, context in
            let actor = try context.requireAdmin()
            let form = try await request.decodeJSON(EnvironmentForm.self, limit: bodyLimit)
            let environment = try await store.createEnvironment(
                name: try DirectoryForms.name(form.name ?? ""), description: try DirectoryForms.description(form.description ?? ""),
                isPublic: form.isPublic ?? false, engines: form.engines ?? [], members: form.members ?? [])
            try await store.audit(
                actor: actor.id, action: "environment.create", target: "environment:\(environment.environment.id)",
                detail: Self.detail(nil, environment))
            return JSONResponse.make(status: .created, EnvironmentBody(environment))
        }
        admin.patch("environments/:id") { request, context in
            let actor = try context.requireAdmin()
            let id = try DocRoutes.id(context, EnvironmentID.self)
            let form = try await request.decodeJSON(EnvironmentForm.self, limit: bodyLimit)
            let changes = try DirectoryChanges(
                name: form.name.map(DirectoryForms.name), description: form.description.map(DirectoryForms.description),
                isPublic: form.isPublic, engines: form.engines, members: form.members)
            let environment = try await store.updateEnvironment(id, changes)
            try await store.audit(
                actor: actor.id, action: "environment.update", target: "environment:\(id)",
                detail: Self.detail(changes, environment))
            return JSONResponse.make(EnvironmentBody(environment))
        }
        admin.delete("environments/:id") { _, context in
            let actor = try context.requireAdmin()
            let id = try DocRoutes.id(context, EnvironmentID.self)
            let environment = try await store.deleteEnvironment(id)
            try await store.audit(
                actor: actor.id, action: "environment.delete", target: "environment:\(id)", detail: ["name": environment.name])
            return Response(status: .noContent)
        }
    }

    /// The name, and what `changes` touched (everything for a new one, `nil`), for the audit log.
    static func detail(_ changes: DirectoryChanges?, _ environment: EnvironmentDetail) -> [String: String] {
        var detail = ["name": environment.environment.name]
        if changes == nil || changes?.description != nil { detail["description"] = environment.environment.description }
        if changes == nil || changes?.isPublic != nil { detail["public"] = String(environment.environment.isPublic) }
        if changes == nil || changes?.engines != nil { detail["engines"] = DirectoryForms.list(environment.engines) }
        if changes == nil || changes?.members != nil { detail["members"] = DirectoryForms.list(environment.members) }
        return detail
    }
}

/// An environment as the API shows it.
struct EnvironmentBody: Encodable {
    let id: Int64
    let name: String
    let description: String
    let isPublic: Bool
    let engines: [Int64]
    let members: [Int64]

    init(_ detail: EnvironmentDetail) {
        id = detail.environment.id.rawValue
        name = detail.environment.name
        description = detail.environment.description
        isPublic = detail.environment.isPublic
        engines = detail.engines.map(\.rawValue)
        members = detail.members.map(\.rawValue)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description
        case isPublic = "public"
        case engines, members
    }
}

/// The body of `POST /api/admin/environments` (`name` required) and of its PATCH (all optional).
struct EnvironmentForm: Decodable {
    let name: String?
    let description: String?
    let isPublic: Bool?
    let engines: [EngineID]?
    let members: [UserID]?

    enum CodingKeys: String, CodingKey {
        case name, description
        case isPublic = "public"
        case engines, members
    }
}
