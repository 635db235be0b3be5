import Foundation
import Synchronization

/// How the hub recognises people, chosen at start (Docs/configuration.md, "Accounts").
public struct AuthSettings: Sendable {
    /// The server listens on a loopback address only: with no accounts it runs in local mode.
    public var loopback: Bool
    /// A trusted reverse proxy's header naming the signed-in user (`auth-header`), or `nil`.
    public var proxyHeader: String?
    /// bcrypt cost of new password hashes (`password-cost`).
    public var passwordCost: Int
    /// How long a sign-in lasts, in seconds.
    public var sessionLifetime: Double

    public init(loopback: Bool, proxyHeader: String? = nil, passwordCost: Int = 12, sessionLifetime: Double = 30 * 86_400) {
        self.loopback = loopback
        self.proxyHeader = proxyHeader
        self.passwordCost = passwordCost
        self.sessionLifetime = sessionLifetime
    }
}

/// Whether accounts are on, shared by the middleware and the routes that create accounts: the
/// first account turns local mode off at once, without a restart.
public final class AuthState: Sendable {
    private let accounts: Mutex<Bool>
    private let lastLook = Mutex<Date>(.distantPast)

    public init(accountsEnabled: Bool) {
        accounts = Mutex(accountsEnabled)
    }

    public var accountsEnabled: Bool { accounts.withLock { $0 } }

    func enableAccounts() { accounts.withLock { $0 = true } }

    /// Whether to look in the store for an account made by another process (`querybook user
    /// create` while the server runs): at most once a second, so local mode costs no query
    /// per request.
    func shouldLookForAccounts(now: Date = Date()) -> Bool {
        lastLook.withLock { last in
            guard now.timeIntervalSince(last) >= 1 else { return false }
            last = now
            return true
        }
    }
}
