import App
import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// A client as browsers will run it (ot.js's client): local edits apply at once; at most one
/// edit is in flight, later ones are composed into a buffer; server edits arrive in order and
/// are transformed against what is pending.
final class SimulatedEditor {
    let name: String
    var text: String
    var version: Int
    var outstanding: (operation: TextOperation, editID: String)?
    var buffer: TextOperation?
    var sent = 0
    var tokens: [String] = []

    init(name: String, text: String, version: Int) {
        self.name = name
        self.text = text
        self.version = version
    }

    /// Inserts a unique token before a filler `.` (never inside another token), or deletes a `.`.
    func edit(using random: inout SeededRandom) throws -> TextOperation? {
        let units = Array(text.utf16)
        let dots = units.indices.filter { units[$0] == UInt16(UInt8(ascii: ".")) }
        guard let at = dots.randomElement(using: &random) else { return nil }
        var operation = TextOperation()
        operation.retain(at)
        if Int.random(in: 0..<3, using: &random) == 0 {
            operation.delete(1)
            operation.retain(units.count - at - 1)
        } else {
            let token = "<\(name)-\(tokens.count)\(["", "é", "🙂", "中"].randomElement(using: &random)!)>"
            tokens.append(token)
            operation.insert(token)
            operation.retain(units.count - at)
        }
        text = try operation.apply(to: text)
        buffer = try buffer.map { try $0.compose(operation) } ?? operation
        return operation
    }

    /// The next edit to send, if none is in flight.
    func nextToSend() -> (operation: TextOperation, editID: String, base: Int)? {
        guard outstanding == nil, let buffer else { return nil }
        sent += 1
        outstanding = (buffer, "\(name)-\(sent)")
        self.buffer = nil
        return (buffer, "\(name)-\(sent)", version)
    }

    /// Takes one committed edit from the server, in order.
    func receive(version: Int, operation: TextOperation, clientID: String, editID: String) throws {
        defer { self.version = version }
        if clientID == name, editID == outstanding?.editID {
            outstanding = nil
            return
        }
        var remote = operation
        if let pending = outstanding {
            let (pendingPrime, remotePrime) = try TextOperation.transform(pending.operation, remote)
            outstanding = (pendingPrime, pending.editID)
            remote = remotePrime
        }
        if let pending = buffer {
            let (pendingPrime, remotePrime) = try TextOperation.transform(pending, remote)
            buffer = pendingPrime
            remote = remotePrime
        }
        text = try remote.apply(to: text)
    }

    var isSettled: Bool { outstanding == nil && buffer == nil }
}

@Suite struct CoEditingTests {
    @Test(arguments: 0..<6)
    func concurrentEditorsConvergeAndKeepEveryInsertion(seed: Int) async throws {
        try await withTemporaryDirectory { dir in
            let app = try await buildApplication(try await TestHub.config(dir), logger: TestHub.logger)
            try await app.test(.router) { client in
                var random = SeededRandom(seed: UInt64(seed) + 77)
                let initial = String(repeating: ".", count: 120)
                let created = try await client.json(.post, "/api/docs", #"{"title": "Together"}"#)
                let cellID = try #require((created.object?["cells"] as? [[String: Any]])?.first?["id"] as? Int)
                let patched = try await client.json(.patch, "/api/cells/\(cellID)", #"{"content": "\#(initial)"}"#)
                let startVersion = try #require(patched.object?["version"] as? Int)
                #expect(startVersion == 1)
                let editors = (0..<5).map { SimulatedEditor(name: "c\($0)", text: initial, version: startVersion) }

                func send(_ editor: SimulatedEditor) async throws {
                    guard let payload = editor.nextToSend() else { return }
                    let body = String(decoding: try JSONEncoder().encode(EditRequest(
                        baseVersion: payload.base, operation: payload.operation, clientId: editor.name,
                        editId: payload.editID)), as: UTF8.self)
                    let answer = try await client.json(.post, "/api/cells/\(cellID)/edits", body)
                    #expect(answer.status == .ok, "\(answer.object ?? [:])")
                    // Sometimes the answer is "lost" and the client sends the very same edit again.
                    if Int.random(in: 0..<5, using: &random) == 0 {
                        let again = try await client.json(.post, "/api/cells/\(cellID)/edits", body)
                        #expect(again.status == .ok)
                        #expect(again.object?["version"] as? Int == answer.object?["version"] as? Int)
                    }
                }

                func sync(_ editor: SimulatedEditor) async throws {
                    let log = try await client.json(.get, "/api/cells/\(cellID)/edits?after=\(editor.version)")
                    for edit in log.object?["edits"] as? [[String: Any]] ?? [] {
                        let operation = try JSONDecoder().decode(
                            TextOperation.self, from: JSONSerialization.data(withJSONObject: edit["operation"] ?? []))
                        try editor.receive(
                            version: try #require(edit["version"] as? Int), operation: operation,
                            clientID: try #require(edit["clientId"] as? String), editID: try #require(edit["editId"] as? String))
                    }
                }

                for _ in 0..<400 {
                    let editor = editors.randomElement(using: &random)!
                    switch Int.random(in: 0..<10, using: &random) {
                    case 0..<5: _ = try editor.edit(using: &random)
                    case 5..<8: try await send(editor)
                    default: try await sync(editor)
                    }
                }
                // Everyone sends what is left and catches up.
                for _ in 0..<50 where !editors.allSatisfy(\.isSettled) {
                    for editor in editors {
                        try await send(editor)
                        try await sync(editor)
                    }
                }
                for editor in editors { try await sync(editor) }
                #expect(editors.allSatisfy { $0.isSettled }, "some edits were never acknowledged")

                let stored = try await client.json(.get, "/api/docs/\(try #require(created.object?["id"] as? Int))")
                let cell = try #require((stored.object?["cells"] as? [[String: Any]])?.first)
                let content = try #require(cell["content"] as? String)
                for editor in editors {
                    #expect(editor.text == content, "\(editor.name) diverged")
                    #expect(editor.version == cell["version"] as? Int)
                    for token in editor.tokens {
                        #expect(content.contains(token), "\(token) was lost")
                    }
                }
                #expect(editors.map(\.tokens.count).reduce(0, +) > 50)
            }
        }
    }

    @Test func staleOrMalformedEditsAreRefusedAndChangeNothing() async throws {
        try await withTemporaryDirectory { dir in
            let app = try await buildApplication(try await TestHub.config(dir), logger: TestHub.logger)
            try await app.test(.router) { client in
                _ = try await client.json(.post, "/api/docs", #"{}"#)
                _ = try await client.json(.patch, "/api/cells/1", #"{"content": "SELECT 1"}"#)
                let cases: [(String, HTTPResponse.Status)] = [
                    (#"{"baseVersion": 5, "operation": [8, "x"], "clientId": "a", "editId": "1"}"#, .conflict),
                    (#"{"baseVersion": 1, "operation": [3, "x"], "clientId": "a", "editId": "2"}"#, .unprocessableContent),
                    (#"{"baseVersion": 1, "operation": [0], "clientId": "a", "editId": "3"}"#, .badRequest),
                    (#"{"baseVersion": 1, "operation": [8], "clientId": "", "editId": "4"}"#, .badRequest),
                    (#"{"baseVersion": 1, "operation": [8, "x"]}"#, .badRequest),
                ]
                for (body, status) in cases {
                    let answer = try await client.json(.post, "/api/cells/1/edits", body)
                    #expect(answer.status == status, "\(body)")
                    #expect((answer.object?["error"] as? [String: Any])?["code"] != nil)
                }
                let log = try await client.json(.get, "/api/cells/1/edits?after=0")
                #expect(log.object?["version"] as? Int == 1)
                #expect((log.object?["edits"] as? [Any])?.count == 1)
                #expect(try await client.json(.get, "/api/cells/1/edits?after=9").status == .conflict)
                #expect(try await client.json(.post, "/api/cells/99/edits", #"{"baseVersion": 0, "operation": [], "clientId": "a", "editId": "1"}"#).status == .notFound)
            }
        }
    }
}

struct EditRequest: Encodable {
    let baseVersion: Int
    let operation: TextOperation
    let clientId: String
    let editId: String
}
