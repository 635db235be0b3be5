import Core
import HTTP
import Store

/// `querybook user create`: makes an account in the data dir's hub database, with the server
/// stopped or running (a running server in local mode notices on its next request).
public enum Accounts {
    /// What the command line can be refused.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    public static func create(
        _ config: ServerConfig, username: String, displayName: String?, password: String, admin: Bool
    ) async throws -> User {
        guard password.count >= 8, password.utf8.count <= 72 else {
            throw Refusal(description: "The password must have 8 to 72 characters.")
        }
        let directory = DataDirectory(root: config.dataDirectory)
        try directory.prepare()
        let store = try HubStore(url: directory.database)
        _ = try await store.ensureLocalUser()
        let hash = try await Secrets.hashPassword(password, cost: config.passwordCost)
        do {
            let user = try await store.createUser(
                username: username, displayName: displayName ?? username, passwordHash: hash, isAdmin: admin)
            try await store.audit(
                actor: nil, action: "user.create", target: "user:\(user.id)",
                detail: ["username": username, "isAdmin": String(admin), "by": "command line"])
            return user
        } catch StoreError.conflict(let message) {
            throw Refusal(description: message)
        }
    }
}
