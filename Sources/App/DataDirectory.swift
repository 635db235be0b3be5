import CMalloc
import Core
import Engines
import Foundation
import Logging
import Store

/// The data dir's layout and its first-start set-up.
struct DataDirectory {
    let root: URL

    var database: URL { root.appending(path: "hub.sqlite") }
    var demoDatabase: URL { root.appending(path: "demo.sqlite") }
    var results: URL { root.appending(path: "results") }
    /// Where scheduled runs write their exports unless `schedule-export-directory` says otherwise.
    var exports: URL { root.appending(path: "exports") }

    /// Creates the folders and proves the directory is writable.
    /// - Throws: ``StartupError/dataDirectoryNotWritable(_:)``.
    func prepare() throws {
        let probe = root.appending(path: ".write-probe-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw StartupError.dataDirectoryNotWritable(root.path)
        }
    }

    /// Builds the demo database once (atomically, so an interrupted build is redone) and
    /// registers it as engine `demo`.
    func registerDemo(store: HubStore, eventRows: Int, logger: Logger) async throws {
        // Building takes seconds of blocking SQLite work; nothing else runs yet at start-up.
        if !FileManager.default.fileExists(atPath: demoDatabase.path) {
            logger.info("Creating the demo database (first start only)…")
            let started = ContinuousClock.now
            try DemoDatabase.create(at: demoDatabase, eventRows: eventRows)
            // The build's freed heap (SQLite's caches, the sorted index pages) would otherwise
            // stay in the process for good: a million-row demo left ~80 MB resident.
            _ = malloc_trim(0)
            logger.info("Demo database ready in \(ContinuousClock.now - started)")
        }
        _ = try await store.upsertSQLiteEngine(
            name: "demo", path: demoDatabase.path,
            description: "Built-in demo data: users, boards, pins and their events.")
    }

    /// Registers each file as a read-only SQLite engine named after the file.
    func registerSQLiteFiles(_ paths: [String], store: HubStore) async throws {
        var used: Set<String> = ["demo"]
        for path in paths {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw StartupError.sqliteFileUnreadable(path)
            }
            let base = url.deletingPathExtension().lastPathComponent
            var name = base
            var counter = 2
            while used.contains(name) {
                name = "\(base)-\(counter)"
                counter += 1
            }
            used.insert(name)
            _ = try await store.upsertSQLiteEngine(name: name, path: url.path, description: "SQLite file \(url.path) (read-only).")
        }
    }
}
