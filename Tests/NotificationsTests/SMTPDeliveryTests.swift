import Core
import Foundation
import Logging
import NIOSSL
import Testing
import TestSupport

@testable import Notifications

/// Email through a real SMTP receiver on loopback (Debian's aiosmtpd,
/// Tests/Servers/smtp_receiver.py): plain with AUTH, and STARTTLS with a certificate made
/// for the test.
@Suite(.serialized) struct SMTPDeliveryTests {
    static func notifier(_ smtp: SMTPClient) -> Notifier {
        Notifier(
            publicURL: "http://hub.test:10001", email: .init(smtp: smtp, sender: "querybook@hub.test"),
            logger: Logger(label: "test"))
    }

    @Test func aFailedRunEmailsEachAddressWithTheErrorAndLinks() async throws {
        let receiver = try SMTPReceiver(["--user", "mailer", "--password", "s3cret"])
        defer { receiver.stop() }
        let smtp = SMTPClient(host: "127.0.0.1", port: receiver.port, security: .none, username: "mailer", password: "s3cret")
        let outcomes = await Self.notifier(smtp).deliver(
            Notices.failed(title: "Daily revenue — München"),
            settings: NotifySettings(on: .failure, emails: ["ana@example.com", "bo@example.org"]))
        #expect(outcomes.map(\.sent) == [true, true])
        #expect(outcomes.map(\.target) == ["ana@example.com", "bo@example.org"])
        var received: [SMTPReceiver.Message] = []
        while let message = try receiver.nextMessage(within: 10) {
            received.append(message)
            if received.count == 2 { break }
        }
        #expect(received.map(\.to) == [["ana@example.com"], ["bo@example.org"]])
        let first = try #require(received.first)
        #expect(first.from == "querybook@hub.test")
        #expect(first.authenticated)
        let parsed = EmailMessageTests.parse(first.data)
        #expect(EmailMessageTests.decodedSubject(parsed.headers["Subject"] ?? "") == "[Querybook] Daily revenue — München failed")
        #expect(parsed.headers["To"] == "ana@example.com")
        #expect(parsed.body.contains("❌ “Daily revenue — München” failed at “Revenue by day”"))
        #expect(parsed.body.contains("Link: http://hub.test:10001/docs/42"))
        #expect(parsed.body.contains("Cell link: http://hub.test:10001/docs/42#cell-9"))
        #expect(parsed.body.contains("Error:\nno such table: revenue_daily"))
        #expect(parsed.body.contains("Run details: http://hub.test:10001/executions/88"))
    }

    @Test func aWrongPasswordIsAnOutcomeNamingTheStep() async throws {
        let receiver = try SMTPReceiver(["--user", "mailer", "--password", "s3cret"])
        defer { receiver.stop() }
        let smtp = SMTPClient(host: "127.0.0.1", port: receiver.port, security: .none, username: "mailer", password: "wrong")
        let outcomes = await Self.notifier(smtp).deliver(Notices.failed(), settings: NotifySettings(on: .always, emails: ["ana@example.com"]))
        #expect(outcomes.map(\.sent) == [false])
        let error = try #require(outcomes.first?.error)
        #expect(error.hasPrefix("The SMTP server refused the user name and password: 535"))
        #expect(!error.contains("wrong"))
        #expect(try receiver.nextMessage(within: 1) == nil)
    }

    @Test func startTLSEncryptsBeforeTheMessageAndChecksTheCertificate() async throws {
        try await withTemporaryDirectory { folder in
            let cert = folder.appending(path: "cert.pem")
            let key = folder.appending(path: "key.pem")
            try Self.makeCertificate(cert: cert, key: key)
            let receiver = try SMTPReceiver([
                "--user", "mailer", "--password", "s3cret", "--cert", cert.path, "--key", key.path,
            ])
            defer { receiver.stop() }
            let trusted = SMTPClient(
                host: "127.0.0.1", port: receiver.port, security: .starttls, username: "mailer", password: "s3cret",
                trustRoots: .certificates(try NIOSSLCertificate.fromPEMFile(cert.path)))
            let sent = await Self.notifier(trusted).deliver(Notices.succeeded(), settings: NotifySettings(on: .always, emails: ["ana@example.com"]))
            #expect(sent.map(\.sent) == [true])
            let message = try #require(try receiver.nextMessage(within: 10))
            #expect(message.tls)
            #expect(message.authenticated)
            // The same server, but its certificate is not one the client trusts.
            let untrusted = SMTPClient(host: "127.0.0.1", port: receiver.port, security: .starttls, username: "mailer", password: "s3cret")
            let refused = await Self.notifier(untrusted).deliver(Notices.succeeded(), settings: NotifySettings(on: .always, emails: ["ana@example.com"]))
            #expect(refused.map(\.sent) == [false])
            // And without TLS, the server that requires it refuses before any password is sent.
            let plain = SMTPClient(host: "127.0.0.1", port: receiver.port, security: .none, username: "mailer", password: "s3cret")
            let clear = await Self.notifier(plain).deliver(Notices.succeeded(), settings: NotifySettings(on: .always, emails: ["ana@example.com"]))
            #expect(clear.map(\.sent) == [false])
            #expect(try receiver.nextMessage(within: 1) == nil)
        }
    }

    static func makeCertificate(cert: URL, key: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", cert.path, "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
