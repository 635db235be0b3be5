/// What can go wrong when writing or reading a stored result.
///
/// Carries no HTTP meaning: the HTTP module maps these once (`notFound` to 404, the others to
/// 500). Messages name the file or part of the format that failed, never row contents.
public enum ResultError: Error, Equatable, Sendable {
    /// No finished result file exists at that place (it was never written, was removed, or its
    /// writer never reached `finish()`).
    case notFound
    /// The file exists but is not a valid result file: bad magic, unknown version, truncated,
    /// or a checksum that does not match.
    case corrupt(String)
    /// The operating system or zlib refused an operation, or a writer was used out of order
    /// (for example a row with the wrong number of values, or `append` after `finish`).
    case io(String)
    /// The operating system refused `operation` on `path` (`reason` is its `strerror` text,
    /// for example "No space left on device").
    case system(operation: String, path: String, reason: String)

    /// What to tell the person whose run this was: the reason without the server's paths
    /// (the full error goes to the server log).
    public var userMessage: String {
        switch self {
        case .notFound: "the result file is missing"
        case .corrupt(let message): "the stored result is damaged (\(message))"
        case .io(let message): message
        case .system(let operation, _, let reason): "\(reason) (\(operation))"
        }
    }
}
