import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Random tokens, their hashes, and passwords: the one place secrets are made and checked.
public enum Secrets {
    /// A fresh random token: `prefix` and 64 hex digits (256 bits).
    static func token(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of a token, in hex: what the store keeps of a session or API token.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The bcrypt hash of `password`, computed off the cooperative threads (it takes a third of
    /// a second at cost 12).
    public static func hashPassword(_ password: String, cost: Int) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: UInt8(cost)) }
    }

    /// Whether `password` matches the bcrypt `hash`.
    static func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Compares two strings in time that does not depend on where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
