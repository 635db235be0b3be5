import Foundation
import Testing

@testable import Notifications

@Suite struct EmailMessageTests {
    static func message(subject: String, body: String = "Hello") -> EmailMessage {
        EmailMessage(
            from: "hub@example.com", to: ["ana@example.com"], subject: subject, body: body,
            date: Date(timeIntervalSince1970: 1_800_000_000), messageID: "m1@querybook")
    }

    /// Splits a message into its header lines (unfolded) and its decoded body.
    static func parse(_ text: String) -> (headers: [String: String], body: String) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let parts = normalized.components(separatedBy: "\n\n")
        var headers: [String: String] = [:]
        var last: String?
        for line in parts[0].split(separator: "\n") {
            if line.hasPrefix(" "), let last {
                headers[last, default: ""] += String(line.dropFirst())
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                last = name
            }
        }
        let encoded = parts.dropFirst().joined(separator: "\n\n").replacingOccurrences(of: "\n", with: "")
        let body = Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (headers, body.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    static func decodedSubject(_ header: String) -> String {
        header.split(separator: "=?utf-8?B?").map { word -> String in
            guard let end = word.range(of: "?=") else { return String(word) }
            return String(decoding: Data(base64Encoded: String(word[..<end.lowerBound])) ?? Data(), as: UTF8.self)
        }.joined()
    }

    @Test func headersCannotBeInjectedThroughTheSubject() {
        let text = Self.message(subject: "Revenue\r\nBcc: everyone@example.com\nX-Evil: 1").rfc5322
        let parsed = Self.parse(text)
        #expect(parsed.headers["Bcc"] == nil)
        #expect(parsed.headers["X-Evil"] == nil)
        #expect(parsed.headers["Subject"] == "Revenue  Bcc: everyone@example.com X-Evil: 1")
        #expect(parsed.headers["To"] == "ana@example.com")
    }

    @Test func textOutsideASCIISurvivesInSubjectAndBody() {
        let subject = "Umsätze – 日本語の売上レポート, a long title that needs more than one encoded word ✅"
        let body = "Zeile 1\n.leading dot\nÜber 💶\n"
        let parsed = Self.parse(Self.message(subject: subject, body: body).rfc5322)
        #expect(Self.decodedSubject(parsed.headers["Subject"] ?? "") == subject)
        #expect(parsed.body == body)
        #expect(parsed.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(parsed.headers["Date"] == "Fri, 15 Jan 2027 08:00:00 +0000")
    }

    @Test func linesStartingWithADotAreStuffed() {
        #expect(SMTPClient.dotStuffed("a\r\n.\r\n..b\nc\r\n") == "a\r\n..\r\n...b\r\nc")
    }

    @Test(arguments: [
        ("ana@example.com", true), ("ana.b+tag@sub.example.org", true), ("ana", false), ("@example.com", false),
        ("ana@localhost", false), ("ana@example.com\r\nRCPT TO:<x@y.z>", false), ("a b@example.com", false),
        ("<ana@example.com>", false), ("ana@exa;mple.com", false),
    ])
    func addressesAreChecked(_ address: String, _ valid: Bool) {
        #expect(EmailMessage.isPlainAddress(address) == valid)
    }
}
