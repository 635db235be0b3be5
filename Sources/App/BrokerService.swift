import HTTP
import Realtime
import ServiceLifecycle

/// Keeps the event broker for the life of the server: sweeps away presence of tabs that went
/// quiet and, at shutdown, ends every event stream so the HTTP server is not held open.
struct BrokerService: Service {
    let broker: EventBroker
    let sweeper: PresenceSweeper

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await sweeper.run() }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        await broker.close()
    }
}
