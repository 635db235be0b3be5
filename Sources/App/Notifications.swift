import Core
import Logging
import Notifications

extension ServerConfig {
    /// Where links in notifications point: `public-url`, else the address the hub listens on.
    var linkBase: String {
        if let publicURL { return publicURL }
        let shown = host == "0.0.0.0" || host == "::" ? "localhost" : (host.contains(":") ? "[\(host)]" : host)
        return "http://\(shown):\(port)"
    }

    /// The schedules' notifier: webhooks always, email when `smtp-host` is set.
    func notifier(logger: Logger) -> Notifier {
        let email = smtp.map { smtp in
            Notifier.Email(
                smtp: SMTPClient(
                    host: smtp.host, port: smtp.port, security: SMTPClient.Security(rawValue: smtp.security.rawValue) ?? .starttls,
                    username: smtp.username, password: smtp.password),
                sender: smtp.sender)
        }
        return Notifier(publicURL: linkBase, email: email, logger: logger)
    }
}
