import Core
import Foundation
import Hummingbird
import Store

/// `/api/admin/tokens`: every user's live API tokens, and revoking any of them. Secrets are
/// never stored, so they cannot be shown.
struct AdminTokenRoutes {
    let store: HubStore

    /// Registers the routes on `admin`, the `/api/admin` group behind ``AdminMiddleware``.
    func register(on admin: RouterGroup<HubRequestContext>) {
        admin.get("tokens") { _, _ in
            let tokens = try await store.tokens(of: nil)
            let users = try await store.users(Set(tokens.map(\.userID)))
            return JSONResponse.make(["tokens": tokens.map { AdminTokenBody($0, user: users[$0.userID]) }])
        }
        admin.delete("tokens/:id") { _, context in
            let actor = try context.requireAdmin()
            let token = try await store.revokeToken(try DocRoutes.id(context, APITokenID.self), owner: nil)
            try await store.audit(
                actor: actor.id, action: "token.revoke", target: "token:\(token.id)",
                detail: ["name": token.name, "userId": token.userID.description])
            return Response(status: .noContent)
        }
    }
}

/// A token in the admin list: ``TokenBody``'s fields and whose it is.
struct AdminTokenBody: Encodable {
    let token: TokenBody
    let user: PersonBody?

    init(_ token: APIToken, user: User?) {
        self.token = TokenBody(token)
        self.user = user.map(PersonBody.init)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(token.id, forKey: .id)
        try c.encode(token.userId, forKey: .userId)
        try c.encode(token.name, forKey: .name)
        try c.encode(token.prefix, forKey: .prefix)
        try c.encode(token.createdAt, forKey: .createdAt)
        try c.encode(token.lastUsedAt, forKey: .lastUsedAt)
        try c.encode(user, forKey: .user)
    }

    enum CodingKeys: String, CodingKey {
        case id, userId, name, prefix, createdAt, lastUsedAt, user
    }
}
