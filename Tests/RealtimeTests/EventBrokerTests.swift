import Realtime
import Testing

@Suite struct EventBrokerTests {
    func ids(_ deliveries: [Delivery]) -> [UInt64] {
        deliveries.compactMap { if case .event(let event) = $0 { event.id } else { nil } }
    }

    func take(_ count: Int, from stream: AsyncStream<Delivery>) async -> [Delivery] {
        var result: [Delivery] = []
        for await delivery in stream {
            result.append(delivery)
            if result.count == count { break }
        }
        return result
    }

    @Test func subscribersGetOnlyTheirTopicsInOrder() async {
        let broker = EventBroker(replayLimit: 100, firstID: 0)
        let stream = await broker.subscribe(topics: ["execution:1"], after: nil)
        await broker.publish(topic: "execution:1", name: "execution", data: "{}")
        await broker.publish(topic: "execution:2", name: "execution", data: "{}")
        await broker.publish(topic: "execution:1", name: "progress", data: "{}")
        #expect(ids(await take(2, from: stream)) == [1, 3])
    }

    @Test func reconnectWithLastEventIDReplaysWhatWasMissedExactlyOnce() async {
        let broker = EventBroker(replayLimit: 100, firstID: 0)
        for index in 1...5 { await broker.publish(topic: "doc:1", name: "doc", data: "\(index)") }
        let stream = await broker.subscribe(topics: ["doc:1"], after: 2)
        await broker.publish(topic: "doc:1", name: "doc", data: "6")
        #expect(ids(await take(4, from: stream)) == [3, 4, 5, 6])
    }

    @Test func tooOldLastEventIDGetsAResync() async {
        let broker = EventBroker(replayLimit: 3, firstID: 0)
        for index in 1...10 { await broker.publish(topic: "doc:1", name: "doc", data: "\(index)") }
        let stream = await broker.subscribe(topics: ["doc:1"], after: 2)
        let first = await take(1, from: stream)
        #expect(first == [.resync(id: 10, reason: "Some events are no longer available.")])
        // A client still within the buffer replays normally.
        let recent = await broker.subscribe(topics: ["doc:1"], after: 7)
        #expect(ids(await take(3, from: recent)) == [8, 9, 10])
    }

    @Test func idFromAPreviousProcessGetsAResync() async {
        let broker = EventBroker(replayLimit: 3, firstID: 1000)
        let stream = await broker.subscribe(topics: ["doc:1"], after: 5000)
        #expect(await take(1, from: stream) == [.resync(id: 1000, reason: "Some events are no longer available.")])
    }

    @Test func slowSubscriberIsDisconnectedNotSilentlySkipped() async {
        let broker = EventBroker(replayLimit: 100, subscriberQueueLimit: 2, firstID: 0)
        let stream = await broker.subscribe(topics: ["doc:1"], after: nil)
        for index in 1...5 { await broker.publish(topic: "doc:1", name: "doc", data: "\(index)") }
        var received: [Delivery] = []
        for await delivery in stream { received.append(delivery) }
        // It got the first two, then its stream ended: it reconnects and replays from id 2.
        #expect(ids(received) == [1, 2])
        // Replaying more than its queue holds comes in pieces, each ending the stream.
        var all: [UInt64] = []
        while all.last != 5 {
            var piece: [Delivery] = []
            for await delivery in await broker.subscribe(topics: ["doc:1"], after: all.last ?? 2) {
                piece.append(delivery)
                if ids(piece).last == 5 { break }
            }
            #expect(piece.count <= 2)
            all += ids(piece)
        }
        #expect(all == [3, 4, 5])
    }

    @Test func closeEndsEveryStream() async {
        let broker = EventBroker(firstID: 0)
        let stream = await broker.subscribe(topics: ["doc:1"], after: nil)
        await broker.close()
        var count = 0
        for await _ in stream { count += 1 }
        #expect(count == 0)
    }
}
