import Core
import Foundation

extension ConfigLoader {
    /// `public-url` and the `smtp-*` settings.
    static func loadNotifications(_ values: [String: String], into config: inout ServerConfig) throws {
        if let value = values["public-url"], !value.isEmpty {
            guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased()), url.host != nil else {
                throw ConfigError(description: "`public-url` must be an http(s) address such as https://hub.example.com, not `\(value)`.")
            }
            config.publicURL = value.hasSuffix("/") ? String(value.dropLast()) : value
        }
        let smtpKeys = ["smtp-port", "smtp-security", "smtp-user", "smtp-password", "smtp-from"]
        guard let host = values["smtp-host"], !host.isEmpty else {
            if let key = smtpKeys.first(where: { values[$0] != nil }) {
                throw ConfigError(description: "`\(key)` is set but `smtp-host` is not: set the SMTP server's host too.")
            }
            return
        }
        let securityText = values["smtp-security"] ?? "starttls"
        guard let security = SMTPSettings.Security(rawValue: securityText) else {
            throw ConfigError(description: "`smtp-security` must be starttls, tls or none, not `\(securityText)`.")
        }
        let port = try values["smtp-port"].map { try integer($0, key: "smtp-port", in: 1...65535) } ?? (security == .tls ? 465 : 587)
        guard let sender = values["smtp-from"], !sender.isEmpty else {
            throw ConfigError(description: "`smtp-from` is needed with `smtp-host`: the From address of schedules' emails.")
        }
        let username = values["smtp-user"].flatMap { $0.isEmpty ? nil : $0 }
        config.smtp = SMTPSettings(
            host: host, port: port, security: security, username: username, password: values["smtp-password"], sender: sender)
    }
}
