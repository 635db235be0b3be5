/// One published change: an id that only grows, the topic it belongs to, its name and its
/// JSON data.
public struct Event: Sendable, Hashable {
    /// Monotonically increasing across topics, and across restarts of the process (seeded
    /// from the clock), so a `Last-Event-ID` from before a restart is recognised as old.
    public let id: UInt64
    /// For example `execution:7` or `doc:3`.
    public let topic: String
    /// The SSE event name, for example `execution` or `progress`.
    public let name: String
    /// The event's JSON data.
    public let data: String

    public init(id: UInt64, topic: String, name: String, data: String) {
        self.id = id
        self.topic = topic
        self.name = name
        self.data = data
    }
}

/// What a subscriber receives: published events, or a notice that it missed some.
public enum Delivery: Sendable, Hashable {
    case event(Event)
    /// Events the subscriber asked to replay are no longer buffered: it should re-read the
    /// objects it shows. `id` is the last id it can resume from.
    case resync(id: UInt64, reason: String)
}
