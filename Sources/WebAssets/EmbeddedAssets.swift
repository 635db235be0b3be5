import Foundation

/// The web UI's files, compiled into the binary by the `EmbedAssets` build-tool plugin.
///
/// Decoded once, lazily and thread-safely (a `static let`), on first use.
public enum EmbeddedAssets {
    /// Every embedded file by its served path (for example `index.html`, `js/app.js`).
    public static let files: [String: [UInt8]] = base64Table.compactMapValues { encoded in
        Data(base64Encoded: encoded).map { Array($0) }
    }

    /// The bytes of the file served at `path`, or `nil` when no such file is embedded.
    public static func file(_ path: String) -> [UInt8]? {
        files[path]
    }
}
