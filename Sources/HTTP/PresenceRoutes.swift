import Core
import Foundation
import Hummingbird
import Realtime
import Store

/// `POST /api/docs/{id}/presence`: a tab says it is on a doc (and in which cell, with which
/// selection), or that it leaves. Everyone on the doc gets the new list as a `presence` event.
struct PresenceRoutes {
    let store: HubStore
    let broker: EventBroker
    let presence: PresenceRegistry
    let bodyLimit: Int

    func register(on router: Router<HubRequestContext>) {
        router.post("/api/docs/:id/presence") { request, context in
            let user = try context.requireUser()
            let docID = try DocRoutes.id(context, DocID.self)
            let body = try await request.decodeJSON(PresenceUpdate.self, limit: bodyLimit)
            try APIError.requireToken(body.clientId, named: "clientId")
            try await DocAccess(store: store).require(.viewer, doc: docID, user)
            let now = Date()
            let present: [PresenceRegistry.Entry]
            if body.leave == true {
                present = await presence.leave(doc: docID.rawValue, clientId: body.clientId, now: now)
            } else {
                let entry = PresenceRegistry.Entry(
                    clientId: body.clientId, userId: user.id.rawValue, name: user.displayName,
                    color: user.avatarColor == User.defaultAvatarColor ? nil : user.avatarColor, cellId: body.cellId,
                    selection: body.selection, lastSeen: now)
                present = await presence.update(doc: docID.rawValue, entry: entry)
            }
            await Self.publish(doc: docID.rawValue, present: present, on: broker)
            return JSONResponse.make(PresenceList(docId: docID.rawValue, present: present))
        }
    }

    /// Publishes the list of who is on `doc`.
    static func publish(doc: Int64, present: [PresenceRegistry.Entry], on broker: EventBroker) async {
        guard let data = try? JSONCoding.string(PresenceList(docId: doc, present: present)) else { return }
        await broker.publish(topic: "doc:\(doc)", name: "presence", data: data)
    }
}

struct PresenceUpdate: Decodable {
    let clientId: String
    let cellId: Int64?
    let selection: PresenceRegistry.Selection?
    let leave: Bool?
}

/// The data of a `presence` event and the answer of the presence route.
public struct PresenceList: Codable, Sendable {
    public let docId: Int64
    public let present: [PresenceRegistry.Entry]
}

/// Drops tabs that stopped reporting and tells their docs, every `interval` seconds.
public struct PresenceSweeper: Sendable {
    let presence: PresenceRegistry
    let broker: EventBroker
    let interval: Double

    public init(presence: PresenceRegistry, broker: EventBroker, interval: Double = 2) {
        self.presence = presence
        self.broker = broker
        self.interval = interval
    }

    /// Sweeps until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(interval))
            for (doc, present) in await presence.sweep(now: Date()) {
                await PresenceRoutes.publish(doc: doc, present: present, on: broker)
            }
        }
    }
}
