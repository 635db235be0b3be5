import Core
import Execution
import Foundation
import Hummingbird
import Realtime
import Store

/// `/api/docs/{id}/schedule…` and `/api/schedules`: a doc's schedule, its runs, and the
/// schedules of every doc the caller may read.
///
/// The doc's viewers read (without the webhook URL, which holds a secret); its editors save,
/// pause, resume, run now and delete. Saving makes the saver the owner: runs run as them.
/// Changes are audited (`schedule.save`, `.delete`, `.pause`, `.resume`, `.run`). The fire
/// itself is a job the ``ScheduleService`` claims; nothing here runs a query.
struct ScheduleRoutes {
    let store: HubStore
    let broker: EventBroker
    let access: DocAccess
    let bodyLimit: Int
    /// Whether schedules' emails can be sent (an SMTP server is configured).
    let emailEnabled: Bool

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/docs/:id/schedule") { _, context in
            let (user, id) = (try context.requireUser(), try DocRoutes.id(context, DocID.self))
            let role = try await access.require(.viewer, doc: id, user)
            let schedule = try await store.schedule(ofDoc: id)
            return JSONResponse.make(
                ScheduleEnvelope(schedule: try await schedule.asyncMap { try await body($0, role: role) }, emailEnabled: emailEnabled))
        }
        router.put("/api/docs/:id/schedule") { request, context in
            let (user, id) = (try context.requireUser(), try DocRoutes.id(context, DocID.self))
            let role = try await access.require(.editor, doc: id, user)
            let form: ScheduleForm
            do {
                form = try await request.decodeJSON(ScheduleForm.self, limit: bodyLimit)
            } catch let error as APIError where error.code == "bad_request" && error.message.contains("`") {
                // A field of the wrong type: the message names it.
                throw APIError.invalidSchedule(error.message)
            }
            let (_, cells) = try await store.docWithCells(id)
            let (draft, cron, zone) = try form.draft(queryCells: Set(cells.filter { $0.kind == .query }.map(\.id)))
            let schedule = try await store.saveSchedule(doc: id, draft: draft, owner: user.id) { now in
                cron.nextFire(after: now, in: zone)
            }
            try await store.audit(
                actor: user.id, action: "schedule.save", target: "doc:\(id)",
                detail: ["cron": draft.cron, "timezone": draft.timezone, "status": schedule.status.rawValue])
            return JSONResponse.make(ScheduleEnvelope(schedule: try await body(schedule, role: role)))
        }
        router.delete("/api/docs/:id/schedule") { _, context in
            let (user, id) = (try context.requireUser(), try DocRoutes.id(context, DocID.self))
            try await access.require(.editor, doc: id, user)
            guard try await store.deleteSchedule(ofDoc: id) else { throw APIError.notFound("This doc has no schedule.") }
            try await store.audit(actor: user.id, action: "schedule.delete", target: "doc:\(id)")
            return JSONResponse.noContent()
        }
        router.post("/api/docs/:id/schedule/pause") { _, context in
            let (user, id) = (try context.requireUser(), try DocRoutes.id(context, DocID.self))
            let role = try await access.require(.editor, doc: id, user)
            let schedule = try await existing { try await store.pauseSchedule(ofDoc: id) }
            try await store.audit(actor: user.id, action: "schedule.pause", target: "doc:\(id)")
            return JSONResponse.make(ScheduleEnvelope(schedule: try await body(schedule, role: role)))
        }
        router.post("/api/docs/:id/schedule/resume") { _, context in
            let (user, id) = (try context.requireUser(), try DocRoutes.id(context, DocID.self))
            let role = try await access.require(.editor, doc: id, user)
            let schedule = try await existing { try await store.resumeSchedule(ofDoc: id, nextFire: ScheduleTimes.fireTimes.next) }
            try await store.audit(actor: user.id, action: "schedule.resume", target: "doc:\(id)")
            return JSONResponse.make(ScheduleEnvelope(schedule: try await body(schedule, role: role)))
        }
        router.post("/api/docs/:id/schedule/run") { _, context in
            let (user, id) = (try context.requireUser(), try DocRoutes.id(context, DocID.self))
            try await access.require(.editor, doc: id, user)
            let run = try await existing { try await store.requestScheduleRun(ofDoc: id) }
            try await store.audit(actor: user.id, action: "schedule.run", target: "doc:\(id)")
            let snapshot = ScheduleRunSnapshot(run)
            if let data = try? JSONCoding.string(snapshot) {
                await broker.publish(topic: "doc:\(id)", name: "schedule.run", data: data)
            }
            return JSONResponse.make(status: .accepted, RunEnvelope(run: snapshot))
        }
        router.get("/api/docs/:id/schedule/runs") { request, context in
            let (user, id) = (try context.requireUser(), try DocRoutes.id(context, DocID.self))
            try await access.require(.viewer, doc: id, user)
            let query = request.uri.queryParameters
            let limit = try ExecutionRoutes.integer(query.get("limit"), name: "limit", default: 20, range: 1...200)
            let offset = try ExecutionRoutes.integer(query.get("offset"), name: "offset", default: 0, range: 0...)
            guard let schedule = try await store.schedule(ofDoc: id) else {
                return JSONResponse.make(RunList(runs: [], total: 0))
            }
            let (runs, total) = try await store.scheduleRuns(schedule.id, limit: limit, offset: offset)
            return JSONResponse.make(RunList(runs: runs.map(ScheduleRunSnapshot.init), total: total))
        }
        router.get("/api/schedules") { request, context in
            let user = try context.requireUser()
            let query = request.uri.queryParameters
            let limit = try ExecutionRoutes.integer(query.get("limit"), name: "limit", default: 50, range: 1...200)
            let offset = try ExecutionRoutes.integer(query.get("offset"), name: "offset", default: 0, range: 0...)
            let (listings, total) = try await store.schedules(readableBy: user, limit: limit, offset: offset)
            let owners = try await store.users(Set(listings.map(\.schedule.ownerID)))
            let lastRuns = try await store.lastScheduleRuns(listings.map(\.schedule.id))
            var bodies: [ScheduleBody] = []
            for listing in listings {
                let role = try await store.docRole(listing.schedule.docID, for: user)
                bodies.append(
                    ScheduleBody(
                        listing.schedule, docTitle: listing.docTitle, owner: owners[listing.schedule.ownerID],
                        lastRun: lastRuns[listing.schedule.id], showSecrets: (role ?? .viewer) >= .editor))
            }
            return JSONResponse.make(ScheduleList(schedules: bodies, total: total))
        }
    }

    /// Runs `change`, turning "no schedule" into a `404` that says so.
    private func existing<T>(_ change: () async throws -> T) async throws -> T {
        do {
            return try await change()
        } catch StoreError.notFound(let entity, _) where entity == "schedule of doc" {
            throw APIError.notFound("This doc has no schedule.")
        }
    }

    private func body(_ schedule: Schedule, role: DocRole) async throws -> ScheduleBody {
        let title = try await store.doc(schedule.docID)?.title ?? ""
        let owner = try await store.user(schedule.ownerID)
        let last = try await store.lastScheduleRuns([schedule.id])[schedule.id]
        return ScheduleBody(schedule, docTitle: title, owner: owner, lastRun: last, showSecrets: role >= .editor)
    }
}

struct RunEnvelope: Encodable {
    let run: ScheduleRunSnapshot
}

struct RunList: Encodable {
    let runs: [ScheduleRunSnapshot]
    let total: Int
}

struct ScheduleList: Encodable {
    let schedules: [ScheduleBody]
    let total: Int
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
