import Core
import Foundation
import Hummingbird
import Store

/// `GET /api/admin/audit`: the audit log, newest first, a page at a time.
struct AuditRoutes {
    let store: HubStore

    static let defaultLimit = 100
    static let maximumLimit = 500

    /// Registers the route on `admin`, the `/api/admin` group behind ``AdminMiddleware``.
    func register(on admin: RouterGroup<HubRequestContext>) {
        admin.get("audit") { request, _ in
            let parameters = request.uri.queryParameters
            var limit = Self.defaultLimit
            if let text = parameters.get("limit") {
                guard let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                    throw APIError.badRequest("`limit` must be a whole number from 1 to \(Self.maximumLimit).")
                }
                limit = value
            }
            var before: Int64?
            if let text = parameters.get("before") {
                guard let value = Int64(text), value > 0 else {
                    throw APIError.badRequest("`before` must be the id of an entry, a positive whole number.")
                }
                before = value
            }
            let entries = try await store.auditEntries(limit: limit, before: before)
            let actors = try await store.users(Set(entries.compactMap(\.actorID)))
            return JSONResponse.make(["entries": entries.map { entry in AuditEntryBody(entry, actor: entry.actorID.flatMap { actors[$0] }) }])
        }
    }
}

/// One audit entry as the API shows it; `detail` is the JSON object the action wrote.
struct AuditEntryBody: Encodable {
    let id: Int64
    let actor: Actor?
    let action: String
    let target: String
    let detail: [String: String]
    let createdAt: Date

    /// Who acted; `null` when that user is gone or it was the command line.
    struct Actor: Encodable {
        let id: Int64
        let username: String
        let displayName: String
    }

    init(_ entry: AuditEntry, actor: User?) {
        id = entry.id
        self.actor = actor.map { Actor(id: $0.id.rawValue, username: $0.username, displayName: $0.displayName) }
        action = entry.action
        target = entry.target
        detail = (try? JSONCoding.decoder().decode([String: String].self, from: Data(entry.detail.utf8))) ?? [:]
        createdAt = entry.createdAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(actor, forKey: .actor)
        try c.encode(action, forKey: .action)
        try c.encode(target, forKey: .target)
        try c.encode(detail, forKey: .detail)
        try c.encode(createdAt, forKey: .createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, actor, action, target, detail, createdAt
    }
}
