import Core
import Foundation

/// Sorted and filtered views of stored results, and their column statistics, each computed
/// once and cached as a file beside the result.
///
/// A view of `<dir>/<n>.qbr` is `<dir>/<n>.view-<key>.qbr`, written through `ResultWriter`
/// (so a crash never leaves a view that reads as complete) and reused while it is newer
/// than its source; statistics are `<dir>/<n>.stats.json`. Building runs on a thread of its
/// own, never on Swift's cooperative pool, with memory bounded by ``ResultViewSettings``
/// whatever the row count. Requests for the same file while it is built wait for that one
/// build (see ``FileBuilds``); a cancelled request does not stop a build others may need.
public enum ResultViews {
    /// The reader to page or export `spec` from: `source` itself when the spec is empty,
    /// else the view's file, built first if needed.
    ///
    /// - Throws: `ResultViewError` for a spec that does not fit the columns, `ResultError`
    ///   when the source or the view's folder cannot be read or written.
    public static func reader(
        source: ResultReader, spec: ResultViewSpec, settings: ResultViewSettings = ResultViewSettings()
    ) async throws -> ResultReader {
        guard !spec.isEmpty else { return source }
        let spec = spec.normalized
        try spec.validate(columns: source.columns)
        let file = viewFile(of: source.file, spec: spec)
        try await FileBuilds.shared.build(file, isFresh: { isFresh(file, source: source.file) }) {
            try materialize(source: source, spec: spec, into: file, settings: settings)
        }
        return try ResultReader(file: file)
    }

    /// The cache file of `spec` over the result at `source`.
    public static func viewFile(of source: URL, spec: ResultViewSpec) -> URL {
        let base = source.deletingPathExtension().lastPathComponent
        return source.deletingLastPathComponent().appendingPathComponent("\(base).view-\(spec.key).qbr")
    }

    /// Writes the view synchronously: one streaming pass through the filter, into an external
    /// sort when the spec sorts. Blocks the calling thread.
    public static func materialize(
        source: ResultReader, spec: ResultViewSpec, into file: URL, settings: ResultViewSettings = ResultViewSettings()
    ) throws {
        let filter = try RowFilter(spec.filters, columns: source.columns)
        let output = try ResultWriter(file: file)
        do {
            try output.begin(columns: source.columns)
            if let sort = spec.sort {
                let sorter = ExternalSorter(
                    sort: sort, columns: source.columns, settings: settings,
                    runPrefix: file.deletingPathExtension().path)
                try source.forEachBatch { batch in
                    for row in batch where filter.matches(row) { try sorter.append(row) }
                }
                try sorter.finish(into: output)
            } else {
                try source.forEachBatch { batch in
                    for row in batch where filter.matches(row) { try output.append(row) }
                }
            }
            try output.finish()
        } catch {
            output.discard()
            throw error
        }
    }

    /// Whether a cache file exists and was written after its source.
    static func isFresh(_ file: URL, source: URL) -> Bool {
        guard let cached = modificationDate(file), let original = modificationDate(source) else { return false }
        return cached >= original
    }

    private static func modificationDate(_ file: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
    }
}

/// Builds in progress, by the file they write; one per process, because the files are.
///
/// The first request for a file that is missing or stale starts its build on a thread of
/// its own; later requests for the same file wait for that build instead of writing the same
/// `.partial` file. A failed build is not remembered: the next request tries again.
actor FileBuilds {
    /// The one table of the process: two tables could start two writers on one path.
    static let shared = FileBuilds()

    private var running: [String: Task<Void, any Error>] = [:]

    /// Waits until `file` is fresh, building it with `body` unless another caller already is.
    func build(_ file: URL, isFresh: @Sendable () -> Bool, _ body: @escaping @Sendable () throws -> Void) async throws {
        if let task = running[file.path] { return try await task.value }
        if isFresh() { return }
        let task = Task<Void, any Error> { try await onOwnThread(body) }
        running[file.path] = task
        defer { running[file.path] = nil }
        try await task.value
    }

    /// Number of builds in progress (for tests).
    var inProgress: Int { running.count }
}

/// Runs blocking work on a new thread, so long sorts never hold a cooperative thread.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = "querybook.results"
        thread.start()
    }
}
