import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Sends one message over SMTP (RFC 5321): EHLO, STARTTLS or TLS when asked, AUTH PLAIN or
/// LOGIN when a user name is set, MAIL FROM, RCPT TO for each recipient, DATA, QUIT.
public struct SMTPClient: Sendable {
    public enum Security: String, Sendable, CaseIterable {
        /// Plain text: only for a relay on this machine or a test receiver.
        case none
        /// Plain text first, then TLS after `STARTTLS` (port 587).
        case starttls
        /// TLS from the first byte (port 465).
        case tls
    }

    /// What went wrong, in words for the run history.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// Trust roots for the server's certificate; nil uses the system's.
    public var trustRoots: NIOSSLTrustRoots?
    public var timeout: TimeAmount

    public init(
        host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
        trustRoots: NIOSSLTrustRoots? = nil, timeout: TimeAmount = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.trustRoots = trustRoots
        self.timeout = timeout
    }

    /// Sends `message` (a whole RFC 5322 message, CRLF line ends) from `sender` to `recipients`.
    /// - Throws: ``Failure`` naming the step and the server's reply.
    public func send(_ message: String, from sender: String, to recipients: [String]) async throws {
        for address in [sender] + recipients where !EmailMessage.isPlainAddress(address) {
            throw Failure(description: "`\(address)` is not an email address.")
        }
        let tls = try security == .none ? nil : NIOSSLContext(configuration: tlsConfiguration)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(host: host, port: port) { [security, host] channel in
                channel.eventLoop.makeCompletedFuture {
                    if security == .tls, let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: SMTPClient.serverName(host)))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let deadline = channel.channel.eventLoop.scheduleTask(in: timeout) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        do {
            try await channel.executeThenClose { inbound, outbound in
                var session = Session(replies: ReplyReader(inbound.makeAsyncIterator()), outbound: outbound)
                try await session.expect(220, "greeting")
                var extensions = try await session.command("EHLO \(Self.clientName)", expect: 250, "EHLO")
                if security == .starttls {
                    guard extensions.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                        throw Failure(description: "The SMTP server does not offer STARTTLS.")
                    }
                    _ = try await session.command("STARTTLS", expect: 220, "STARTTLS")
                    guard let tls else { throw Failure(description: "No TLS context.") }
                    let pipeline = channel.channel.pipeline
                    try await channel.channel.eventLoop.submit {
                        let handler = try NIOSSLClientHandler(context: tls, serverHostname: Self.serverName(host))
                        try pipeline.syncOperations.addHandler(handler, position: .first)
                    }.get()
                    extensions = try await session.command("EHLO \(Self.clientName)", expect: 250, "EHLO")
                }
                if let username, !username.isEmpty {
                    try await session.authenticate(username, password ?? "", offered: extensions)
                }
                _ = try await session.command("MAIL FROM:<\(sender)>", expect: 250, "MAIL FROM")
                for recipient in recipients {
                    _ = try await session.command("RCPT TO:<\(recipient)>", expect: 250, "RCPT TO \(recipient)", also: [251])
                }
                _ = try await session.command("DATA", expect: 354, "DATA")
                try await session.write(Self.dotStuffed(message) + "\r\n.\r\n")
                try await session.expect(250, "the message")
                _ = try? await session.command("QUIT", expect: 221, "QUIT")
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "SMTP \(host):\(port): \(error)")
        }
    }

    static let clientName = "querybook"

    /// The name sent in SNI and checked against the certificate; TLS forbids an IP address
    /// there, and NIOSSL then checks the certificate against the address it connected to.
    static func serverName(_ host: String) -> String? {
        var v4 = in_addr()
        var v6 = in6_addr()
        let isAddress = inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
        return isAddress ? nil : host
    }

    private var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let trustRoots { configuration.trustRoots = trustRoots }
        return configuration
    }

    /// Doubles a leading dot on every line, so no line of the message ends DATA early.
    static func dotStuffed(_ message: String) -> String {
        var lines = message.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
    }
}

/// One SMTP conversation: commands out, replies in.
private struct Session {
    var replies: ReplyReader
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    func write(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// Sends `line` and reads the reply; the reply's text lines (for EHLO, the extensions).
    mutating func command(_ line: String, expect code: Int, _ step: String, also: [Int] = []) async throws -> [String] {
        try await write(line + "\r\n")
        return try await expect(code, step, also: also)
    }

    @discardableResult
    mutating func expect(_ code: Int, _ step: String, also: [Int] = []) async throws -> [String] {
        let reply = try await replies.next()
        guard reply.code == code || also.contains(reply.code) else {
            throw SMTPClient.Failure(
                description: "The SMTP server refused \(step): \(reply.code) \(reply.lines.joined(separator: " "))")
        }
        return reply.lines
    }

    mutating func authenticate(_ username: String, _ password: String, offered extensions: [String]) async throws {
        let mechanisms = extensions.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased()
            .split(separator: " ").dropFirst().map(String.init) ?? []
        if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
            let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
            _ = try await command("AUTH PLAIN \(token)", expect: 235, "the user name and password")
        } else {
            _ = try await command("AUTH LOGIN", expect: 334, "AUTH LOGIN")
            _ = try await command(Data(username.utf8).base64EncodedString(), expect: 334, "the user name")
            _ = try await command(Data(password.utf8).base64EncodedString(), expect: 235, "the user name and password")
        }
    }
}

/// Reads SMTP replies (`250-first`, `250 last`) from the channel's byte stream.
private struct ReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    mutating func line() async throws -> String {
        while true {
            if let end = pending.range(of: "\r\n") ?? pending.range(of: "\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                return line
            }
            guard var buffer = try await iterator.next() else {
                throw SMTPClient.Failure(description: "The SMTP server closed the connection.")
            }
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
            if pending.utf8.count > 65_536 { throw SMTPClient.Failure(description: "The SMTP server sent a reply line too long.") }
        }
    }

    mutating func next() async throws -> (code: Int, lines: [String]) {
        var lines: [String] = []
        while true {
            let line = try await line()
            guard line.count >= 3, let code = Int(line.prefix(3)) else {
                throw SMTPClient.Failure(description: "The SMTP server sent `\(line.prefix(80))`, not a reply.")
            }
            lines.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" { return (code, lines) }
        }
    }
}
