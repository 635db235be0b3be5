import App
import Core
import Testing

/// `public-url` and the `smtp-*` settings.
@Suite struct NotificationConfigTests {
    @Test func smtpSettingsAreReadWithTheirDefaults() throws {
        let config = try ConfigLoader.load(
            flags: [:],
            environment: [
                "QUERYBOOK_SMTP_HOST": "mail.example.com", "QUERYBOOK_SMTP_FROM": "hub@example.com",
                "QUERYBOOK_SMTP_USER": "hub", "QUERYBOOK_SMTP_PASSWORD": "pw", "QUERYBOOK_PUBLIC_URL": "https://hub.example.com/",
            ])
        #expect(config.smtp == SMTPSettings(
            host: "mail.example.com", port: 587, security: .starttls, username: "hub", password: "pw", sender: "hub@example.com"))
        #expect(config.publicURL == "https://hub.example.com")
        let tls = try ConfigLoader.load(
            flags: [:], environment: ["QUERYBOOK_SMTP_HOST": "m", "QUERYBOOK_SMTP_FROM": "a@b.c", "QUERYBOOK_SMTP_SECURITY": "tls"])
        #expect(tls.smtp?.port == 465)
        #expect(try ConfigLoader.load(flags: [:], environment: [:]).smtp == nil)
    }

    @Test(arguments: [
        (["QUERYBOOK_SMTP_HOST": "m"], "`smtp-from` is needed with `smtp-host`"),
        (["QUERYBOOK_SMTP_FROM": "a@b.c"], "`smtp-from` is set but `smtp-host` is not"),
        (["QUERYBOOK_SMTP_HOST": "m", "QUERYBOOK_SMTP_FROM": "a@b.c", "QUERYBOOK_SMTP_SECURITY": "ssl"], "`smtp-security` must be"),
        (["QUERYBOOK_SMTP_HOST": "m", "QUERYBOOK_SMTP_FROM": "a@b.c", "QUERYBOOK_SMTP_PORT": "0"], "`smtp-port` must be"),
        (["QUERYBOOK_PUBLIC_URL": "hub.example.com"], "`public-url` must be an http(s) address"),
    ])
    func badSettingsStopTheStartWithAMessage(_ environment: [String: String], _ message: String) {
        #expect {
            try ConfigLoader.load(flags: [:], environment: environment)
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }
}
