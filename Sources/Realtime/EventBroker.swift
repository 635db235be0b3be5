import Foundation

/// Fans published events out to subscribers, keeping the most recent ones for replay.
///
/// An actor: publishing and subscribing are serialized, so a subscriber that replays from a
/// `Last-Event-ID` and then goes live can neither miss nor repeat an event. Each subscriber
/// has a bounded queue; a subscriber too slow to keep up is disconnected (its stream ends) and
/// catches up by reconnecting with the last id it saw.
public actor EventBroker {
    private struct Subscriber {
        let topics: Set<String>
        let continuation: AsyncStream<Delivery>.Continuation
    }

    private let replayLimit: Int
    private let subscriberQueueLimit: Int
    private var buffer: [Event] = []
    private var bufferStart = 0
    private var lastID: UInt64
    /// The id of the newest event that fell out of the buffer; 0 while none did.
    private var lastEvictedID: UInt64 = 0
    private var subscribers: [UUID: Subscriber] = [:]
    private var closed = false

    /// - Parameters:
    ///   - replayLimit: events kept for replay.
    ///   - subscriberQueueLimit: events queued for one subscriber before it is disconnected.
    ///   - firstID: the id before the first event; defaults to the clock in microseconds.
    public init(replayLimit: Int = 10_000, subscriberQueueLimit: Int = 4_096, firstID: UInt64? = nil) {
        self.replayLimit = max(1, replayLimit)
        self.subscriberQueueLimit = max(1, subscriberQueueLimit)
        self.lastID = firstID ?? UInt64(Date().timeIntervalSince1970 * 1_000_000)
        self.lastEvictedID = self.lastID
    }

    /// Publishes an event to every subscriber of `topic` and keeps it for replay.
    /// Call only after the change it reports has been committed.
    @discardableResult
    public func publish(topic: String, name: String, data: String) -> Event {
        lastID += 1
        let event = Event(id: lastID, topic: topic, name: name, data: data)
        append(event)
        for (key, subscriber) in subscribers where subscriber.topics.contains(topic) {
            switch subscriber.continuation.yield(.event(event)) {
            case .enqueued: continue
            case .dropped:
                subscriber.continuation.finish()
                subscribers[key] = nil
            case .terminated:
                // The consumer went away; forget it here rather than from a detached task.
                subscribers[key] = nil
            @unknown default:
                subscribers[key] = nil
            }
        }
        return event
    }

    /// Subscribes to `topics`. When `lastEventID` is given, the stream first replays every
    /// buffered event of those topics after it, in order, or starts with a `.resync` when
    /// some of them are no longer buffered. The stream ends when the consumer stops reading
    /// (cancellation), when it falls too far behind, or at ``close()``.
    public func subscribe(topics: Set<String>, after lastEventID: UInt64?) -> AsyncStream<Delivery> {
        let (stream, continuation) = AsyncStream<Delivery>.makeStream(
            bufferingPolicy: .bufferingOldest(subscriberQueueLimit))
        guard !closed else {
            continuation.finish()
            return stream
        }
        if let lastEventID {
            if lastEventID < lastEvictedID || lastEventID > lastID {
                continuation.yield(.resync(id: lastID, reason: "Some events are no longer available."))
            } else {
                for event in buffer[bufferStart...] where event.id > lastEventID && topics.contains(event.topic) {
                    guard case .enqueued = continuation.yield(.event(event)) else {
                        // More to replay than the queue holds: end here; the client resumes
                        // from the last id it received and gets the rest.
                        continuation.finish()
                        return stream
                    }
                }
            }
        }
        subscribers[UUID()] = Subscriber(topics: topics, continuation: continuation)
        return stream
    }

    /// Ends every subscription and refuses new ones (at shutdown).
    public func close() {
        closed = true
        for subscriber in subscribers.values { subscriber.continuation.finish() }
        subscribers = [:]
    }

    /// Number of subscriptions not yet known to have ended (for diagnostics and tests).
    public var subscriberCount: Int { subscribers.count }

    /// The newest event id.
    public var currentID: UInt64 { lastID }

    private func append(_ event: Event) {
        buffer.append(event)
        if buffer.count - bufferStart > replayLimit {
            lastEvictedID = buffer[bufferStart].id
            bufferStart += 1
            // Compact now and then instead of shifting the array on every event.
            if bufferStart > replayLimit {
                buffer.removeFirst(bufferStart)
                bufferStart = 0
            }
        }
    }
}
