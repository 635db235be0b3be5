import Core
import Foundation
import Results
import Testing

@Suite("Result files are laid out per execution and statement")
struct ResultStoreTests {
    @Test func layoutIsExecutionThenStatement() {
        let store = ResultStore(root: URL(fileURLWithPath: "/data/results"))
        #expect(store.file(execution: ExecutionID(7), statement: 2).path == "/data/results/7/2.qbr")
        #expect(store.file(execution: ExecutionID(123), statement: 0).path == "/data/results/123/0.qbr")
    }

    @Test func writerCreatesFoldersAndReaderReadsBack() throws {
        try withTemporaryDirectory { directory in
            let store = ResultStore(root: directory.appendingPathComponent("nested/results"))
            let writer = try store.writer(execution: ExecutionID(5), statement: 1)
            try writer.begin(columns: syntheticColumns)
            for index in 0..<3 { try writer.append(syntheticRow(index)) }
            try writer.finish()

            let reader = try store.reader(execution: ExecutionID(5), statement: 1)
            #expect(reader.file == store.file(execution: ExecutionID(5), statement: 1))
            #expect(try reader.rows(offset: 0, limit: 10) == (0..<3).map(syntheticRow))
            #expect(throws: ResultError.notFound) { try store.reader(execution: ExecutionID(5), statement: 2) }
            #expect(throws: ResultError.notFound) { try store.reader(execution: ExecutionID(6), statement: 1) }
        }
    }

    @Test func removeDeletesOneExecutionIncludingPartials() throws {
        try withTemporaryDirectory { directory in
            let store = ResultStore(root: directory)
            let finished = try store.writer(execution: ExecutionID(1), statement: 0)
            try finished.finish()
            let running = try store.writer(execution: ExecutionID(1), statement: 1)
            try running.append([])
            let other = try store.writer(execution: ExecutionID(2), statement: 0)
            try other.finish()

            try store.remove(execution: ExecutionID(1))
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("1").path))
            #expect(throws: ResultError.notFound) { try store.reader(execution: ExecutionID(1), statement: 0) }
            #expect(try store.reader(execution: ExecutionID(2), statement: 0).totalRows == 0)

            // Removing again, or an execution that never wrote anything, is not an error.
            try store.remove(execution: ExecutionID(1))
            try store.remove(execution: ExecutionID(99))
            running.discard()
        }
    }
}
