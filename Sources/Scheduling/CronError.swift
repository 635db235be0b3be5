/// Why a cron expression or a time zone was refused, in words for the person who typed it.
public enum CronError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The expression itself: its shape, or one field ("Field 2 (hour): 24 is out of range 0–23.").
    case invalidExpression(String)
    /// Not an IANA time zone name.
    case invalidTimeZone(String)

    /// The message as shown to people.
    public var message: String {
        switch self {
        case .invalidExpression(let message), .invalidTimeZone(let message): message
        }
    }

    public var description: String { message }
}
