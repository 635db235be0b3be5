import Foundation

/// Debian's aiosmtpd on a loopback port (Tests/Servers/smtp_receiver.py), and what it received.
final class SMTPReceiver: @unchecked Sendable {
    struct Message: Decodable {
        var from: String
        var to: [String]
        var data: String
        var authenticated: Bool
        var tls: Bool
    }

    let port: Int
    private let process: Process
    private let input = Pipe()
    private let output = Pipe()
    private let lines = LineBuffer()

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Servers/smtp_receiver.py")
    }

    /// Starts the receiver; `arguments` as the script takes them (`--user u --password p`).
    init(_ arguments: [String] = []) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.script.path] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let lines = lines
        output.fileHandleForReading.readabilityHandler = { handle in lines.append(handle.availableData) }
        guard let first = lines.next(within: 20), first.hasPrefix("PORT "), let port = Int(first.dropFirst(5)) else {
            process.terminate()
            throw ReceiverError(description: "the SMTP receiver did not start (is python3-aiosmtpd installed?)")
        }
        self.port = port
    }

    /// The next message received, or nil after `seconds`.
    func nextMessage(within seconds: Double = 20) throws -> Message? {
        guard let line = lines.next(within: seconds) else { return nil }
        return try JSONDecoder().decode(Message.self, from: Data(line.utf8))
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
    }

    deinit { if process.isRunning { process.terminate() } }

    struct ReceiverError: Error, CustomStringConvertible { let description: String }
}

/// Lines from a pipe, waited for with a time limit.
final class LineBuffer: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending = Data()
    private var ready: [String] = []

    func append(_ data: Data) {
        condition.lock()
        pending.append(data)
        while let end = pending.firstIndex(of: 0x0A) {
            ready.append(String(decoding: pending[pending.startIndex..<end], as: UTF8.self))
            pending.removeSubrange(pending.startIndex...end)
        }
        condition.broadcast()
        condition.unlock()
    }

    func next(within seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty {
            if !condition.wait(until: deadline) { return nil }
        }
        return ready.removeFirst()
    }
}
