import Realtime
import ServiceLifecycle

/// Keeps the event broker for the life of the server and, at shutdown, ends every event
/// stream so the HTTP server is not held open by them.
struct BrokerService: Service {
    let broker: EventBroker

    func run() async throws {
        try? await gracefulShutdown()
        await broker.close()
    }
}
