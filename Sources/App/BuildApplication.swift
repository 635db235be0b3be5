import Core
import Execution
import Foundation
import HTTP
import Hummingbird
import Logging
import Realtime
import Results
import Store

/// Builds the whole hub from its configuration: the one place concrete types are chosen.
///
/// Prepares the data dir (refusing one it cannot write), opens the store, creates the demo
/// engine on first start, registers `--sqlite` files, and wires the execution service, the
/// metastore sync (which queues a first sync of every engine it has not seen), the query
/// analytics worker, the scheduled-doc runner, the event broker and the router into an
/// application whose services stop cleanly on SIGINT/SIGTERM. `onReady` receives the URL once
/// the server listens. `clock` is the store's and the schedules' (tests pass one they move by
/// hand, to cross history windows). `notifier` delivers schedule notifications (`nil`: the
/// configured webhooks and SMTP server, see ``ServerConfig/notifier(logger:)``).
public func buildApplication(
    _ config: ServerConfig, logger: Logger, clock: any WallClock = SystemClock(),
    notifier: (any ScheduleNotifying)? = nil,
    onReady: @escaping @Sendable (String) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let directory = DataDirectory(root: config.dataDirectory)
    try directory.prepare()
    let store = try HubStore(url: directory.database, clock: clock, historyWindow: config.historyWindow)
    let user = try await store.ensureLocalUser()
    let accounts = try await store.hasAccounts()
    if !config.bindsLoopbackOnly, !accounts, config.authHeader == nil {
        throw StartupError.noAdminAccount(host: config.host)
    }
    if config.demo {
        try await directory.registerDemo(store: store, eventRows: config.demoEventRows, logger: logger)
    }
    try await directory.registerSQLiteFiles(config.sqliteFiles, store: store)

    let results = ResultStore(root: directory.results)
    let broker = EventBroker(replayLimit: config.eventReplayLimit)
    let presence = PresenceRegistry()
    let executions = ExecutionService(
        store: store, results: results, broker: broker,
        settings: ExecutionSettings(
            workers: config.workers, queryTimeout: config.queryTimeout, maxRows: config.maxRowsPerStatement,
            maxResultBytes: config.maxResultBytes, jobLease: config.jobLease),
        logger: logger)
    let retention = ResultRetention(
        store: store, results: results, maxAge: config.resultRetentionDays * 86_400,
        interval: config.retentionInterval, logger: logger)
    let metastore = MetastoreSyncService(executions: executions, logger: logger)
    let analytics = QueryAnalytics(store: store, logger: logger)
    // Query templates (issue 9): `today` is the server's calendar day. The one `QueryRendering`
    // for the run route, the preview and scheduled runs.
    let templater = QueryTemplater(executions: executions, timeZone: .current, clock: clock)
    let schedules = ScheduleService(
        executions: executions, renderer: templater, notifier: notifier ?? config.notifier(logger: logger),
        clock: clock, exportDirectory: config.scheduleExportDirectory ?? directory.exports, logger: logger)
    let router = HubRouter.build(
        HTTPDependencies(
            store: store, executions: executions, engineAdmin: EngineAdmin(store: store), results: results,
            broker: broker, presence: presence, localUser: user,
            auth: AuthSettings(loopback: config.bindsLoopbackOnly, proxyHeader: config.authHeader, passwordCost: config.passwordCost),
            authState: AuthState(accountsEnabled: accounts),
            bodyLimit: config.maxBodyBytes, heartbeatInterval: config.heartbeatInterval, templater: templater,
            emailEnabled: config.smtp != nil))
    let host = config.host
    return Application(
        router: router,
        configuration: .init(address: .hostname(host, port: config.port), serverName: "querybook"),
        services: [
            // Listed after the executions: shutdown runs in reverse, so schedules stop first.
            executions, retention, metastore, analytics, schedules, SearchMaintenance(store: store, logger: logger),
            BrokerService(broker: broker, sweeper: PresenceSweeper(presence: presence, broker: broker)),
        ],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? config.port
            let shownHost = host == "0.0.0.0" || host == "::" ? "localhost" : host
            await onReady("http://\(shownHost):\(port)/")
        },
        logger: logger)
}
