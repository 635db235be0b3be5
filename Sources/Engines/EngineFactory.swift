import Core

/// Builds the engine a configured ``EngineInfo`` describes.
public enum EngineFactory {
    /// A new engine for `info`. Cheap: nothing is opened until a statement runs.
    ///
    /// Throws ``EngineError/unavailable(_:)`` when the info lacks what its kind needs (a
    /// SQLite engine without a path).
    public static func make(_ info: EngineInfo) throws(EngineError) -> any QueryEngine {
        switch info.kind {
        case .sqlite:
            guard let path = info.path, !path.isEmpty else {
                throw EngineError.unavailable("The SQLite engine \(info.name) has no database file configured.")
            }
            return SQLiteEngine(path: path)
        }
    }
}
