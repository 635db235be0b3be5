import Foundation
import Realtime
import Testing

@Suite struct PresenceRegistryTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func entry(_ client: String, name: String = "Ada Lovelace", cell: Int64? = nil, at seconds: Double) -> PresenceRegistry.Entry {
        .init(clientId: client, userId: 1, name: name, cellId: cell, selection: nil, lastSeen: start.addingTimeInterval(seconds))
    }

    @Test func tabsAreListedWithInitialsAndStableColours() async {
        let registry = PresenceRegistry(ttl: 10)
        _ = await registry.update(doc: 1, entry: entry("tab-b", name: "grace hopper", cell: 3, at: 0))
        let present = await registry.update(doc: 1, entry: entry("tab-a", at: 1))
        #expect(present.map(\.clientId) == ["tab-a", "tab-b"])
        #expect(present.map(\.initials) == ["AL", "GH"])
        #expect(present[1].cellId == 3)
        let again = await registry.update(doc: 1, entry: entry("tab-a", cell: 9, at: 2))
        #expect(again.first { $0.clientId == "tab-a" }?.color == present[0].color)
        #expect(again.count == 2)
        #expect(await registry.current(doc: 2, now: start).isEmpty)
    }

    @Test func leavingOrGoingQuietRemovesATab() async {
        let registry = PresenceRegistry(ttl: 10)
        _ = await registry.update(doc: 1, entry: entry("a", at: 0))
        _ = await registry.update(doc: 1, entry: entry("b", at: 5))
        #expect(await registry.leave(doc: 1, clientId: "b", now: start.addingTimeInterval(6)).map(\.clientId) == ["a"])
        // "a" stops reporting: a sweep after its ttl reports the doc with nobody left.
        #expect(await registry.sweep(now: start.addingTimeInterval(9)).isEmpty)
        let swept = await registry.sweep(now: start.addingTimeInterval(10.5))
        #expect(swept.map(\.doc) == [1])
        #expect(swept.first?.present.isEmpty == true)
        #expect(await registry.sweep(now: start.addingTimeInterval(20)).isEmpty)
    }
}
