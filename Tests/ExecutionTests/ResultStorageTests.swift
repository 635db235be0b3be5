import Core
import Execution
import Foundation
import Results
import Store
import Testing
import TestSupport

/// What a run does when its result cannot be stored whole: the size cap, a full disk, an
/// unwritable results folder. The run always ends with a status and a message; the service
/// goes on running others.
@Suite struct ResultStorageTests {
    /// The 20,000-row test table compresses to well over 64 kB, so a 64 kB cap cuts it.
    @Test func sizeCapCutsTheResultAndSaysWhichCap() async throws {
        let settings = ExecutionSettings(workers: 1, queryTimeout: 30, maxRows: .max, maxResultBytes: 65_536)
        try await ExecutionHarness.with(settings: settings) { hub in
            let id = try await hub.submit("SELECT * FROM events; SELECT 1 AS after_the_cap")
            let done = try await hub.waitUntilFinished(id)
            #expect(done.status == .done)
            let first = done.statements[0]
            #expect(first.truncated)
            #expect(first.truncatedBy == .bytes)
            #expect(first.rowCount > 0 && first.rowCount < 20_000)
            let reader = try hub.results.reader(execution: id, statement: 0)
            #expect(reader.totalRows == first.rowCount)
            let last = try reader.rows(offset: first.rowCount - 1, limit: 1)
            #expect(last.count == 1)
            // The budget is spent: the next statement is cut too, at its first batch.
            #expect(done.statements[1].truncatedBy == .bytes)
        }
    }

    @Test func rowCapSaysItWasTheRowCap() async throws {
        let settings = ExecutionSettings(workers: 1, queryTimeout: 30, maxRows: 100)
        try await ExecutionHarness.with(settings: settings) { hub in
            let done = try await hub.waitUntilFinished(try await hub.submit("SELECT * FROM events"))
            #expect(done.statements[0].truncatedBy == .rows)
            #expect(done.statements[0].rowCount == 100)
        }
    }

    /// The results folder is a file: every run fails at once with a message saying why, no
    /// statement stays `running`, and once the folder is fixed runs succeed again.
    @Test func unwritableResultsFolderFailsTheRunClearly() async throws {
        try await withTemporaryDirectory { dir in
            let root = dir.appending(path: "results")
            try Data("not a folder".utf8).write(to: root)
            try await ExecutionHarness.with(resultsRoot: root) { hub in
                let failed = try await hub.waitUntilFinished(try await hub.submit("SELECT 1; SELECT 2"))
                #expect(failed.status == .failed)
                #expect(failed.statements[0].status == .failed)
                #expect(failed.statements[1].status == .cancelled || failed.statements[1].status == .queued)
                let message = failed.error?.message ?? ""
                #expect(message.contains("could not store the result"))
                #expect(message.contains("Not a directory"))
                #expect(!message.contains(dir.path), "the server's paths stay in its log")

                try FileManager.default.removeItem(at: root)
                let fixed = try await hub.waitUntilFinished(try await hub.submit("SELECT 42 AS answer"))
                #expect(fixed.status == .done)
                #expect(try hub.results.reader(execution: ExecutionID(rawValue: fixed.id), statement: 0).rows(offset: 0, limit: 1) == [[.integer(42)]])
            }
        }
    }

    /// A real full disk: results on a 1 MB tmpfs. The big run fails with "No space left on
    /// device" and leaves no partial file; a small run started after it succeeds.
    @Test func fullDiskFailsOnlyTheRunThatFilledIt() async throws {
        try await withTemporaryDirectory { dir in
            let root = dir.appending(path: "results")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let mounted = Process.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", root.path])
            try #require(mounted, "this test mounts a 1 MB tmpfs and needs root (make test runs as root)")
            defer { _ = Process.run("/bin/umount", ["-l", root.path]) }
            try await ExecutionHarness.with(resultsRoot: root) { hub in
                // Random text compresses badly: ~20,000 rows of 200 bytes is about 4 MB stored.
                let big = try await hub.submit("SELECT id, hex(randomblob(100)) AS noise FROM events")
                let failed = try await hub.waitUntilFinished(big)
                #expect(failed.status == .failed)
                #expect(failed.error?.message.contains("No space left on device") == true)
                let leftovers = try FileManager.default.subpathsOfDirectory(atPath: root.path)
                #expect(!leftovers.contains { $0.hasSuffix(".partial") })

                let small = try await hub.waitUntilFinished(try await hub.submit("SELECT count(*) FROM events"))
                #expect(small.status == .done)
                #expect(try hub.results.reader(execution: ExecutionID(rawValue: small.id), statement: 0).totalRows == 1)
            }
        }
    }
}

extension Process {
    /// Runs `path` with `arguments`, output discarded; `true` when it exited 0.
    static func run(_ path: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }
}
