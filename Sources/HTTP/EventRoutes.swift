import Core
import HTTPTypes
import Hummingbird
import Realtime
import ServiceLifecycle

/// `GET /api/events`: the server-sent-events stream of published changes.
struct EventRoutes {
    let broker: EventBroker
    let access: DocAccess
    let heartbeatInterval: Double

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/events") { request, context in
            let topics = try Self.topics(request.uri.queryParameters.get("topics"))
            try await authorize(topics, try context.requireUser())
            let lastID = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { UInt64($0) }
                ?? request.uri.queryParameters.get("lastEventId").flatMap { UInt64($0) }
            let deliveries = await broker.subscribe(topics: topics, after: lastID)
            let heartbeat = heartbeatInterval
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                try await Self.stream(deliveries, heartbeat: heartbeat, to: &writer)
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", HTTPField.Name("X-Accel-Buffering")!: "no"],
                body: body)
        }
    }

    /// Writes deliveries as they come, with a comment line when idle, until the broker ends
    /// the stream, the client goes away (the write throws) or the server shuts down.
    static func stream(
        _ deliveries: AsyncStream<Delivery>, heartbeat: Double, to writer: inout some ResponseBodyWriter
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
                    switch item {
                    case .heartbeat: try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    case .delivery(let delivery): try await writer.write(ByteBuffer(string: format(delivery)))
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            feed.finish()
        }
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

    /// Every topic needs read access to its doc or run (`403` naming the first refused one),
    /// checked when the stream opens; a share withdrawn later ends with the next reconnect.
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
