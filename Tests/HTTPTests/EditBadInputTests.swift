import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
import TestSupport

/// Bad co-editing requests (`POST /api/cells/{id}/edits`): each gets a clear 4xx in the one
/// error shape, and the doc and the cell's edit log read byte for byte as before.
@Suite struct EditBadInputTests {
    /// Version 2 of cell 1 after `setUp`: 17 UTF-16 units, the emoji's two at offsets 9 and 10.
    static let text = "SELECT 1 🙂 -- ok"

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        var cell = "1"
        let body: String
        let status: HTTPResponse.Status
        /// Words the message must contain, when it should name the problem.
        var says: String? = nil
        var testDescription: String { "\(name) → \(status.code)" }

        static func edit(_ name: String, _ fields: String, _ status: HTTPResponse.Status, says: String? = nil) -> Case {
            Case(name: name, body: "{\(fields)}", status: status, says: says)
        }
    }

    static let ids = #""clientId": "tab-1", "editId": "e-9""#

    static let cases: [Case] = [
        // Versions the cell does not have, or no longer transforms from.
        .edit("base version past the current one", #""baseVersion": 3, "operation": [17, "x"], \#(ids)"#, .conflict,
              says: "no version 3; it is at 2"),
        .edit("base version far in the future", #""baseVersion": 9007199254740991, "operation": [17, "x"], \#(ids)"#, .conflict),
        .edit("negative base version", #""baseVersion": -1, "operation": [17, "x"], \#(ids)"#, .conflict),
        // Cells that are not there.
        Case(name: "a deleted cell", cell: "2", body: #"{"baseVersion": 0, "operation": [4, "x"], \#(ids)}"#, status: .notFound),
        Case(name: "an unknown cell", cell: "999", body: #"{"baseVersion": 0, "operation": ["x"], \#(ids)}"#, status: .notFound),
        Case(name: "a cell id that is not a number", cell: "abc", body: #"{"baseVersion": 0, "operation": ["x"], \#(ids)}"#, status: .notFound),
        Case(name: "cell id zero", cell: "0", body: #"{"baseVersion": 0, "operation": ["x"], \#(ids)}"#, status: .notFound),
        // Malformed bodies and wrong types.
        Case(name: "malformed JSON", body: #"{"baseVersion": 2, "operation": [17, "x""#, status: .badRequest),
        Case(name: "empty body", body: "", status: .badRequest),
        Case(name: "a JSON array instead of an object", body: #"[2, [17, "x"]]"#, status: .badRequest),
        .edit("baseVersion as a string", #""baseVersion": "2", "operation": [17, "x"], \#(ids)"#, .badRequest),
        .edit("baseVersion as a fraction", #""baseVersion": 1.5, "operation": [17, "x"], \#(ids)"#, .badRequest),
        .edit("operation as a string", #""baseVersion": 2, "operation": "insert x", \#(ids)"#, .badRequest),
        .edit("operation holding a boolean", #""baseVersion": 2, "operation": [17, true], \#(ids)"#, .badRequest),
        .edit("operation holding a fraction", #""baseVersion": 2, "operation": [16.5, "x"], \#(ids)"#, .badRequest),
        .edit("operation holding an object", #""baseVersion": 2, "operation": [{"retain": 17}], \#(ids)"#, .badRequest),
        .edit("a zero retain", #""baseVersion": 2, "operation": [0, "x", 17], \#(ids)"#, .badRequest,
              says: "Bad `operation`: 0 is not a retain or delete count."),
        .edit("clientId as a number", #""baseVersion": 2, "operation": [17, "x"], "clientId": 7, "editId": "e-9""#, .badRequest),
        .edit("editId null", #""baseVersion": 2, "operation": [17, "x"], "clientId": "tab-1", "editId": null"#, .badRequest),
        .edit("no operation", #""baseVersion": 2, \#(ids)"#, .badRequest, says: "Missing field `operation`."),
        .edit("no baseVersion", #""operation": [17, "x"], \#(ids)"#, .badRequest),
        // Client-chosen ids: 1 to 100 characters.
        .edit("empty clientId", #""baseVersion": 2, "operation": [17, "x"], "clientId": "", "editId": "e-9""#, .badRequest,
              says: "`clientId` must be 1 to 100 characters"),
        .edit("empty editId", #""baseVersion": 2, "operation": [17, "x"], "clientId": "tab-1", "editId": """#, .badRequest),
        .edit("101-character clientId",
              #""baseVersion": 2, "operation": [17, "x"], "clientId": "\#(String(repeating: "c", count: 101))", "editId": "e-9""#,
              .badRequest),
        .edit("101-character editId",
              #""baseVersion": 2, "operation": [17, "x"], "clientId": "tab-1", "editId": "\#(String(repeating: "7", count: 101))""#,
              .badRequest),
        // Operations that do not fit the text of their base version.
        .edit("operation shorter than the text", #""baseVersion": 2, "operation": [3, "x"], \#(ids)"#, .unprocessableContent,
              says: "It covers 3 UTF-16 units, but the text has 17."),
        .edit("operation longer than the text", #""baseVersion": 2, "operation": [18, "x"], \#(ids)"#, .unprocessableContent),
        .edit("delete past the end", #""baseVersion": 2, "operation": [10, -8], \#(ids)"#, .unprocessableContent),
        .edit("empty operation on a non-empty text", #""baseVersion": 2, "operation": [], \#(ids)"#, .unprocessableContent),
        .edit("a stale edit sized for the newer text", #""baseVersion": 1, "operation": [17, "x"], \#(ids)"#, .unprocessableContent),
        // Positions inside a character: the emoji is one character but two UTF-16 units.
        .edit("insert between an emoji's two units", #""baseVersion": 2, "operation": [10, "x", 7], \#(ids)"#, .unprocessableContent,
              says: "cuts the character at UTF-16 offset 9 in half."),
        .edit("delete half an emoji", #""baseVersion": 2, "operation": [9, -1, 7], \#(ids)"#, .unprocessableContent),
        .edit("stale insert inside the emoji", #""baseVersion": 1, "operation": [10, "x", 1], \#(ids)"#, .unprocessableContent),
        .edit("an insert of half a surrogate pair", #""baseVersion": 2, "operation": [17, "\ud83d"], \#(ids)"#, .badRequest),
        // Over `max-body-bytes` (1 MiB).
        .edit("body over 1 MiB", #""baseVersion": 2, "operation": [17, "\#(String(repeating: "x", count: 1_100_000))"], \#(ids)"#,
              .contentTooLarge),
    ]

    @Test(arguments: cases)
    func refusedWithTheErrorShapeAndNothingChanges(_ bad: Case) async throws {
        try await withClient { client in
            let before = try await client.raw(.get, "/api/docs/1")
            let logBefore = try await client.raw(.get, "/api/cells/1/edits?after=0")
            #expect(before.contains(#""version":2"#), "set-up: \(before)")

            let response = try await client.json(.post, "/api/cells/\(bad.cell)/edits", bad.body)
            #expect(response.status == bad.status)
            let error = try #require(response.object?["error"] as? [String: Any], "error shape")
            #expect(response.object?.count == 1)
            #expect(error.count == 2)
            #expect(error["code"] as? String == Self.code(bad.status))
            let message = try #require(error["message"] as? String)
            #expect(!message.isEmpty && message.count < 300, "a message for people: \(message)")
            #expect(!message.contains(".."), "\(message)")
            if let says = bad.says { #expect(message.contains(says), "\(message)") }

            #expect(try await client.raw(.get, "/api/docs/1") == before)
            #expect(try await client.raw(.get, "/api/cells/1/edits?after=0") == logBefore)
        }
    }

    @Test func anEditMoreThanAThousandVersionsBehindIsRefused() async throws {
        try await withClient { client in
            for index in 0...HubStore.maxEditCatchUp {
                let edit = #"{"baseVersion": \#(2 + index), "operation": [\#(17 + index), "."], "clientId": "bulk", "editId": "\#(index)"}"#
                #expect(try await client.json(.post, "/api/cells/1/edits", edit).status == .ok)
            }
            let before = try await client.raw(.get, "/api/docs/1")
            let stale = try await client.json(
                .post, "/api/cells/1/edits", #"{"baseVersion": 2, "operation": [17, "x"], "clientId": "tab-1", "editId": "old"}"#)
            #expect(stale.status == .conflict)
            #expect((stale.object?["error"] as? [String: Any])?["code"] as? String == "conflict")
            #expect(try await client.raw(.get, "/api/docs/1") == before)
            // One version later is still within reach.
            let recent = try await client.json(
                .post, "/api/cells/1/edits",
                #"{"baseVersion": 3, "operation": [18, "y"], "clientId": "tab-1", "editId": "recent"}"#)
            #expect(recent.status == .ok)
        }
    }

    @Test func aPatchThatChangesOneEmojiLogsWholeCharacters() async throws {
        try await withClient { client in
            let patched = try await client.json(.patch, "/api/cells/1", #"{"content": "SELECT 1 🙃 -- ok"}"#)
            #expect(patched.status == .ok)
            let log = try await client.json(.get, "/api/cells/1/edits?after=2")
            let operation = try #require((log.object?["edits"] as? [[String: Any]])?.first?["operation"] as? [Any])
            // Replaying the logged operation on version 2 gives the stored text.
            let units = Array(Self.text.utf16)
            var index = 0, result: [UInt16] = []
            for part in operation {
                if let inserted = part as? String {
                    result += Array(inserted.utf16)
                } else if let count = part as? Int, count > 0 {
                    result += units[index..<(index + count)]
                    index += count
                } else if let count = part as? Int {
                    index -= count
                }
            }
            #expect(String(decoding: result, as: UTF16.self) == "SELECT 1 🙃 -- ok", "\(operation)")
        }
    }

    /// A hub with doc 1, whose cell 1 is at version 2 with ``text``, and cell 2 deleted.
    func withClient(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let app = try await buildApplication(try await TestHub.config(dir), logger: TestHub.logger)
            try await app.test(.router) { client in
                #expect(try await client.json(.post, "/api/docs", #"{"title": "Keep me"}"#).status == .created)
                #expect(try await client.json(.patch, "/api/cells/1", #"{"content": "SELECT 1 🙂"}"#).status == .ok)
                let appended = try await client.json(
                    .post, "/api/cells/1/edits", #"{"baseVersion": 1, "operation": [11, " -- ok"], "clientId": "setup", "editId": "1"}"#)
                #expect(appended.status == .ok && appended.object?["version"] as? Int == 2)
                let doomed = try await client.json(.post, "/api/docs/1/cells", #"{"kind": "text", "content": "gone"}"#)
                #expect(doomed.object?["id"] as? Int == 2)
                #expect(try await client.json(.delete, "/api/cells/2").status == .noContent)
                try await body(client)
            }
        }
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "bad_request"
        case .notFound: "not_found"
        case .conflict: "conflict"
        case .unprocessableContent: "unprocessable"
        case .contentTooLarge: "payload_too_large"
        default: "unexpected"
        }
    }
}
