import Core
import Synchronization

/// Keeps one engine per configured engine, so engines that hold connections (PostgreSQL's
/// pool) reuse them across runs. An engine whose settings, secret or kind changed is built
/// anew; the old one is dropped (closing its idle connections) once its runs end.
///
/// Thread-safe; building is cheap (nothing connects until a statement runs).
public final class EngineCache: Sendable {
    private struct Entry {
        var fingerprint: Fingerprint
        var engine: any QueryEngine
    }

    /// What makes two builds of an engine the same.
    private struct Fingerprint: Hashable {
        var kind: EngineKind
        var settings: EngineSettings
        var secret: String?
    }

    private let entries = Mutex<[EngineID: Entry]>([:])

    public init() {}

    /// The engine for `info` with `secret`: the one built before when nothing changed.
    /// - Throws: what ``EngineFactory/make(_:secret:)`` throws.
    public func engine(for info: EngineInfo, secret: String?) throws(EngineError) -> any QueryEngine {
        let fingerprint = Fingerprint(kind: info.kind, settings: info.settings, secret: secret)
        if let cached = entries.withLock({ $0[info.id] }), cached.fingerprint == fingerprint {
            return cached.engine
        }
        let engine = try EngineFactory.make(info, secret: secret)
        return entries.withLock { entries in
            // Another run may have built it meanwhile: keep the first, so runs share one pool.
            if let cached = entries[info.id], cached.fingerprint == fingerprint { return cached.engine }
            entries[info.id] = Entry(fingerprint: fingerprint, engine: engine)
            return engine
        }
    }
}
