import Foundation
import Synchronization

/// The sign-in rate limit against password guessing: after `limit` failures for one username,
/// or from one address, within `window` seconds, further attempts are refused until the oldest
/// failure leaves the window. A success clears the username's count.
final class LoginThrottle: Sendable {
    let limit: Int
    let window: Double
    private let failures = Mutex<[String: [Date]]>([:])

    init(limit: Int = 5, window: Double = 900) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `keys` may try again, or `nil` when they may now.
    func retryAfter(_ keys: [String], now: Date = Date()) -> Double? {
        failures.withLock { table in
            keys.compactMap { key -> Double? in
                let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
                table[key] = recent.isEmpty ? nil : recent
                guard recent.count >= limit, let oldest = recent.first else { return nil }
                return window - now.timeIntervalSince(oldest)
            }.max()
        }
    }

    func recordFailure(_ keys: [String], now: Date = Date()) {
        failures.withLock { table in
            for key in keys { table[key, default: []].append(now) }
        }
    }

    func recordSuccess(_ key: String) {
        _ = failures.withLock { $0.removeValue(forKey: key) }
    }
}
