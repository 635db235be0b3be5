import Core
import Foundation
import Hummingbird
import Store

/// `GET /api/users` (the people picker of the share dialog) and the admin's account pages:
/// listing, creating and changing users. Passwords are hashed here and never leave the store.
struct AdminUserRoutes {
    let store: HubStore
    let settings: AuthSettings
    let state: AuthState
    let bodyLimit: Int

    /// Registers `GET /api/users` on `router` and the `/users` routes on `admin` (the
    /// `/api/admin` group behind ``AdminMiddleware``).
    func register(on router: Router<HubRequestContext>, admin: RouterGroup<HubRequestContext>) {
        router.get("/api/users") { request, context in
            _ = try context.requireUser()
            let query = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
            guard query.count <= 100 else { throw APIError.badRequest("`q` must be at most 100 characters.") }
            return JSONResponse.make(["users": try await store.searchUsers(query, limit: 20).map(PersonBody.init)])
        }
        admin.get("users") { _, _ in
            JSONResponse.make(["users": try await store.allUsers().map(UserBody.init)])
        }
        admin.post("users") { request, context in
            let actor = try context.requireAdmin()
            let form = try await request.decodeJSON(NewUserForm.self, limit: bodyLimit)
            return JSONResponse.make(status: .created, UserBody(try await create(form, by: actor)))
        }
        admin.patch("users/:id") { request, context in
            let actor = try context.requireAdmin()
            let id = try DocRoutes.id(context, UserID.self)
            let form = try await request.decodeJSON(UserPatchForm.self, limit: bodyLimit)
            return JSONResponse.make(UserBody(try await update(id, form, by: actor, context: context)))
        }
    }

    private func create(_ form: NewUserForm, by actor: User) async throws -> User {
        let username = try UserForms.username(form.username)
        let displayName = try UserForms.displayName(form.displayName ?? username)
        var hash: String?
        if let password = form.password {
            hash = try await Secrets.hashPassword(try UserForms.password(password), cost: settings.passwordCost)
        }
        let user = try await store.createUser(
            username: username, displayName: displayName, passwordHash: hash, isAdmin: form.isAdmin ?? false)
        // The first account with a password ends local mode at once (Docs/configuration.md, "Accounts").
        if hash != nil { state.enableAccounts() }
        try await store.audit(
            actor: actor.id, action: "user.create", target: "user:\(user.id)",
            detail: ["username": user.username, "isAdmin": String(user.isAdmin), "password": String(hash != nil)])
        return user
    }

    private func update(_ id: UserID, _ form: UserPatchForm, by actor: User, context: HubRequestContext) async throws -> User {
        if id == actor.id, form.isAdmin == false || form.active == false {
            throw APIError.conflict("You cannot remove your own admin rights or deactivate yourself: ask another admin.")
        }
        let changes = try UserChanges(
            displayName: form.displayName.map(UserForms.displayName), avatarColor: form.avatarColor.map(UserForms.color),
            isAdmin: form.isAdmin, active: form.active)
        let password = try form.password.map(UserForms.password)
        guard var user = try await store.user(id) else { throw StoreError.notFound(entity: "user", id: id.rawValue) }
        // The first password turns sign-in on: someone must then be able to sign in as an admin.
        if password != nil, !(changes.isAdmin ?? user.isAdmin), try await store.hasAccounts() == false {
            throw APIError.conflict(
                "The first account with a password turns sign-in on, so it must be an admin: make this one an admin.")
        }
        var detail: [String: String] = [:]
        if let name = changes.displayName { detail["displayName"] = name }
        if let color = changes.avatarColor { detail["avatarColor"] = color }
        if let admin = changes.isAdmin { detail["isAdmin"] = String(admin) }
        if let active = changes.active { detail["active"] = String(active) }
        if !detail.isEmpty {
            user = try await store.updateUser(id, changes)
            try await store.audit(actor: actor.id, action: "user.update", target: "user:\(id)", detail: detail)
        }
        if let password {
            let hash = try await Secrets.hashPassword(password, cost: settings.passwordCost)
            // An admin setting their own password stays signed in; everyone else's sessions end.
            var keep: String?
            if id == actor.id, case .session(let session, _) = context.credential { keep = session }
            try await store.setPassword(id, hash: hash, keepSession: keep)
            state.enableAccounts()
            try await store.audit(actor: actor.id, action: "user.password", target: "user:\(id)")
        }
        return user
    }
}

/// The body of `POST /api/admin/users`. Without a password the account can only sign in
/// through the trusted proxy header.
struct NewUserForm: Decodable {
    let username: String
    let displayName: String?
    let password: String?
    let isAdmin: Bool?
}

/// The body of `PATCH /api/admin/users/{id}`: absent fields stay.
struct UserPatchForm: Decodable {
    let displayName: String?
    let isAdmin: Bool?
    let active: Bool?
    let password: String?
    let avatarColor: String?
}
