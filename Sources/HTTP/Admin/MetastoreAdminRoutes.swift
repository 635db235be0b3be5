import Core
import Foundation
import Hummingbird
import Store

/// `/api/admin/metastore` and `/api/admin/engines/{id}/sync` (admins only): every engine's
/// metastore sync, a sync on demand, and the interval between scheduled syncs. The sync
/// itself runs in the metastore sync service; these routes only queue and schedule it.
struct MetastoreAdminRoutes {
    let store: HubStore
    let bodyLimit: Int

    func register(on admin: RouterGroup<HubRequestContext>) {
        admin.get("metastore") { _, context in
            _ = try context.requireAdmin()
            let syncs = try await store.metastoreSyncs().map { SyncBody($0.state, engineName: $0.engineName) }
            return JSONResponse.make(["engines": syncs])
        }
        admin.post("engines/:id/sync") { _, context in
            let actor = try context.requireAdmin()
            let engine = try DocRoutes.id(context, EngineID.self)
            let (state, name) = try await store.requestMetastoreSync(engine)
            try await store.audit(actor: actor.id, action: "metastore.sync", target: "engine:\(engine)", detail: ["name": name])
            return JSONResponse.make(status: .accepted, SyncBody(state, engineName: name))
        }
        admin.patch("engines/:id/sync") { request, context in
            let actor = try context.requireAdmin()
            let engine = try DocRoutes.id(context, EngineID.self)
            let body = try await request.decodeJSON(SyncPatch.self, limit: bodyLimit)
            guard let hours = body.intervalHours else { throw APIError.badRequest("Missing field `intervalHours`.") }
            guard hours >= 0, hours.isFinite, hours <= 24 * 366 else {
                throw APIError.badRequest("`intervalHours` must be a number of hours from 0 (only on demand) to 8784.")
            }
            let (state, name) = try await store.setMetastoreSyncInterval(engine, hours: hours)
            try await store.audit(
                actor: actor.id, action: "metastore.schedule", target: "engine:\(engine)",
                detail: ["name": name, "intervalHours": hours.formatted()])
            return JSONResponse.make(SyncBody(state, engineName: name))
        }
    }
}

struct SyncPatch: Decodable {
    let intervalHours: Double?
}
