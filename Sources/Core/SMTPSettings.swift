/// How the hub reaches its SMTP server (configuration `smtp-*`).
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, CaseIterable {
        case none, starttls, tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    /// A secret: never logged, never in an API response.
    public var password: String?
    public var sender: String

    public init(host: String, port: Int, security: Security, username: String?, password: String?, sender: String) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.sender = sender
    }
}
