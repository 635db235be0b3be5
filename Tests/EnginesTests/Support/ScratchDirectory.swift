import Foundation

/// A fresh directory under the system temp dir, for one test; call ``remove()`` when done.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appending(path: "engines-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    func path(_ name: String) -> String {
        url.appending(path: name).path
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs blocking work on a thread of its own, so tests never block Swift's few pool threads.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
