import Core
import HTTPTypes
import Hummingbird
import Realtime
import ServiceLifecycle

/// `GET /api/events`: the server-sent-events stream of published changes.
///
/// Access is checked when the stream opens and again at every heartbeat and after every
/// `doc.shared` event on it: a person whose share was withdrawn, or whose account was
/// deactivated, stops receiving events (the stream ends, and reopening it is a `403`).
struct EventRoutes {
    let broker: EventBroker
    let access: DocAccess
    let heartbeatInterval: Double

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/events") { request, context in
            let topics = try Self.topics(request.uri.queryParameters.get("topics"))
            let user = try context.requireUser()
            try await authorize(topics, user)
            let lastID = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { UInt64($0) }
                ?? request.uri.queryParameters.get("lastEventId").flatMap { UInt64($0) }
            let deliveries = await broker.subscribe(topics: topics, after: lastID)
            let heartbeat = heartbeatInterval
            let routes = self
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                try await Self.stream(deliveries, heartbeat: heartbeat, to: &writer) {
                    await routes.withdrawn(topics, from: user.id)
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", HTTPField.Name("X-Accel-Buffering")!: "no"],
                body: body)
        }
    }

    /// Writes deliveries as they come, with a comment line when idle, until the broker ends
    /// the stream, the client goes away (the write throws), the server shuts down, or
    /// `recheck` (asked at each heartbeat and after each `doc.shared` event) gives a reason
    /// the caller may no longer follow it.
    static func stream(
        _ deliveries: AsyncStream<Delivery>, heartbeat: Double, to writer: inout some ResponseBodyWriter,
        recheck: @Sendable () async -> String? = { nil }
    ) async throws {
        let (items, feed) = AsyncStream<Item>.makeStream()
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await delivery in deliveries { feed.yield(.delivery(delivery)) }
                    feed.finish()
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(heartbeat))
                        feed.yield(.heartbeat)
                    }
                }
                for await item in items {
                    let check: Bool
                    switch item {
                    case .heartbeat:
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                        check = true
                    case .delivery(let delivery):
                        try await writer.write(ByteBuffer(string: format(delivery)))
                        check = Self.changesAccess(delivery)
                    }
                    if check, let reason = await recheck() {
                        // A comment, not an event: the page learns of it from the 403 on reconnect.
                        let line = reason.replacingOccurrences(of: "\n", with: " ")
                        try await writer.write(ByteBuffer(string: ": closed: \(line)\n\n"))
                        break
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            feed.finish()
        }
    }

    /// Whether `delivery` may have changed who can read its topic (a doc's sharing changed).
    static func changesAccess(_ delivery: Delivery) -> Bool {
        guard case .event(let event) = delivery, event.name == "doc" else { return false }
        return event.data.contains(#""change":"doc.shared""#)
    }

    static func format(_ delivery: Delivery) -> String {
        switch delivery {
        case .event(let event):
            return "id: \(event.id)\nevent: \(event.name)\ndata: \(event.data)\n\n"
        case .resync(let id, let reason):
            let data = (try? JSONCoding.string(["reason": reason])) ?? "{}"
            return "id: \(id)\nevent: resync\ndata: \(data)\n\n"
        }
    }

    enum Item: Sendable {
        case delivery(Delivery)
        case heartbeat
    }

    /// Why user `id` may no longer follow `topics` (deactivated, or a topic's doc or run no
    /// longer readable, or gone); `nil` while they may, and when the store cannot say (the
    /// next check asks again).
    func withdrawn(_ topics: Set<String>, from id: UserID) async -> String? {
        do {
            guard let user = try await access.store.user(id), user.active else { return "the account is deactivated" }
            try await authorize(topics, user)
            return nil
        } catch let error as APIError where error.status == .forbidden || error.status == .notFound {
            return error.message
        } catch {
            return nil
        }
    }

    /// Every topic needs read access to its doc or run (`403` naming the first refused one).
    func authorize(_ topics: Set<String>, _ user: User) async throws {
        for topic in topics.sorted() {
            let parts = topic.split(separator: ":")
            guard let id = Int64(parts[1]) else { continue }
            do {
                if parts[0] == "doc" {
                    try await access.require(.viewer, doc: DocID(id), user)
                } else {
                    try await access.require(.viewer, execution: ExecutionID(id), user)
                }
            } catch let error as APIError where error.status == .forbidden {
                throw APIError.forbidden("You may not follow `\(topic)`: \(error.message)")
            }
        }
    }

    /// Parses `execution:7,doc:3`.
    static func topics(_ text: String?) throws -> Set<String> {
        guard let text, !text.isEmpty else {
            throw APIError.badRequest("Name the topics to follow, for example `?topics=execution:7`.")
        }
        var topics: Set<String> = []
        for topic in text.split(separator: ",") {
            let parts = topic.split(separator: ":")
            guard parts.count == 2, ["execution", "doc"].contains(parts[0]), let id = Int64(parts[1]), id > 0 else {
                throw APIError.badRequest("Unknown topic `\(topic)`: use execution:{id} or doc:{id}.")
            }
            topics.insert(String(topic))
        }
        guard topics.count <= 100 else { throw APIError.badRequest("Follow at most 100 topics per stream.") }
        return topics
    }
}
