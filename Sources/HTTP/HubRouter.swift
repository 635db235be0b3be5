import Core
import Execution
import Hummingbird
import Realtime
import Results
import Store

/// What the routes need, chosen by the composition root.
public struct HTTPDependencies: Sendable {
    public var store: HubStore
    public var executions: ExecutionService
    public var engineAdmin: EngineAdmin
    public var results: ResultStore
    public var broker: EventBroker
    public var presence: PresenceRegistry
    public var localUser: User
    public var auth: AuthSettings
    public var authState: AuthState
    public var bodyLimit: Int
    public var heartbeatInterval: Double
    /// Renders query templates (the run route and the preview).
    public var templater: QueryTemplater
    /// Whether schedules' emails can be sent (`smtp-host` is set); the Schedule panel says so.
    public var emailEnabled: Bool

    public init(
        store: HubStore, executions: ExecutionService, engineAdmin: EngineAdmin, results: ResultStore, broker: EventBroker,
        presence: PresenceRegistry, localUser: User, auth: AuthSettings, authState: AuthState, bodyLimit: Int,
        heartbeatInterval: Double, templater: QueryTemplater? = nil, emailEnabled: Bool = false
    ) {
        self.store = store
        self.executions = executions
        self.engineAdmin = engineAdmin
        self.results = results
        self.broker = broker
        self.presence = presence
        self.localUser = localUser
        self.auth = auth
        self.authState = authState
        self.bodyLimit = bodyLimit
        self.heartbeatInterval = heartbeatInterval
        self.templater = templater ?? QueryTemplater(executions: executions)
        self.emailEnabled = emailEnabled
    }
}

/// Builds the hub's router: every API route, the event stream and the web UI.
public enum HubRouter {
    /// The version `GET /api/health` reports.
    public static let version = "0.1.0"

    public static func build(_ dependencies: HTTPDependencies) -> Router<HubRequestContext> {
        let router = Router(context: HubRequestContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: ErrorMiddleware())
        router.add(
            middleware: AuthMiddleware(
                store: dependencies.store, settings: dependencies.auth, state: dependencies.authState,
                localUser: dependencies.localUser))
        router.get("/api/health") { _, _ in
            JSONResponse.make(["status": "ok", "version": version])
        }
        AuthRoutes(
            store: dependencies.store, settings: dependencies.auth, state: dependencies.authState, throttle: LoginThrottle(),
            bodyLimit: dependencies.bodyLimit
        ).register(on: router)
        EngineRoutes(admin: dependencies.engineAdmin, store: dependencies.store, bodyLimit: dependencies.bodyLimit)
            .register(on: router)
        // The directory (signed in) and `/api/admin/…` (admins only): Sources/HTTP/Admin.
        let admin = router.group("/api/admin").add(middleware: AdminMiddleware())
        AdminUserRoutes(
            store: dependencies.store, settings: dependencies.auth, state: dependencies.authState, bodyLimit: dependencies.bodyLimit
        ).register(on: router, admin: admin)
        AdminTokenRoutes(store: dependencies.store).register(on: admin)
        GroupRoutes(store: dependencies.store, bodyLimit: dependencies.bodyLimit).register(on: router, admin: admin)
        EnvironmentRoutes(store: dependencies.store, bodyLimit: dependencies.bodyLimit).register(on: router, admin: admin)
        AnnouncementRoutes(store: dependencies.store, bodyLimit: dependencies.bodyLimit).register(on: admin)
        AuditRoutes(store: dependencies.store).register(on: admin)
        MetastoreAdminRoutes(store: dependencies.store, bodyLimit: dependencies.bodyLimit).register(on: admin)
        TableRoutes(
            store: dependencies.store, sampler: TableSampler(executions: dependencies.executions),
            bodyLimit: dependencies.bodyLimit
        ).register(on: router)
        let docs = DocRoutes(store: dependencies.store, broker: dependencies.broker, bodyLimit: dependencies.bodyLimit)
        docs.register(on: router)
        HistoryRoutes(store: dependencies.store, docs: docs).register(on: router)
        SearchRoutes(store: dependencies.store).register(on: router, admin: admin)
        CompletionRoutes(store: dependencies.store, access: docs.access).register(on: router)
        SharingRoutes(store: dependencies.store, docs: docs, bodyLimit: dependencies.bodyLimit).register(on: router)
        DocMarkRoutes(store: dependencies.store, docs: docs).register(on: router)
        EditRoutes(store: dependencies.store, broker: dependencies.broker, bodyLimit: dependencies.bodyLimit)
            .register(on: router)
        PresenceRoutes(
            store: dependencies.store, broker: dependencies.broker, presence: dependencies.presence,
            bodyLimit: dependencies.bodyLimit
        ).register(on: router)
        ExecutionRoutes(
            executions: dependencies.executions, results: dependencies.results, docs: docs, templater: dependencies.templater,
            bodyLimit: dependencies.bodyLimit
        ).register(on: router)
        TemplateRoutes(store: dependencies.store, docs: docs, templater: dependencies.templater, bodyLimit: dependencies.bodyLimit)
            .register(on: router)
        ExportRoutes(executions: dependencies.executions, results: dependencies.results, access: docs.access)
            .register(on: router)
        EventRoutes(broker: dependencies.broker, access: docs.access, heartbeatInterval: dependencies.heartbeatInterval)
            .register(on: router)
        TableAnalyticsRoutes(store: dependencies.store).register(on: router)
        ScheduleRoutes(
            store: dependencies.store, broker: dependencies.broker, access: docs.access, bodyLimit: dependencies.bodyLimit,
            emailEnabled: dependencies.emailEnabled)
            .register(on: router)
        AssetRoutes().register(on: router)
        return router
    }
}
