/// A minimal binary min-heap under a caller's order, for k-way merges whose top element
/// changes in place (advance the top, then `siftDownTop`). Not thread-safe.
struct BinaryHeap<Element> {
    private var elements: [Element]
    private let before: (Element, Element) -> Bool

    init(_ elements: [Element], before: @escaping (Element, Element) -> Bool) {
        self.elements = elements
        self.before = before
        for index in stride(from: elements.count / 2 - 1, through: 0, by: -1) {
            siftDown(index)
        }
    }

    /// The smallest element, or `nil` when empty.
    var top: Element? { elements.first }

    /// Restores the order after the top element's key grew.
    mutating func siftDownTop() { siftDown(0) }

    mutating func removeTop() {
        guard !elements.isEmpty else { return }
        elements.swapAt(0, elements.count - 1)
        elements.removeLast()
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < elements.count else { return }
            var smallest = left
            let right = left + 1
            if right < elements.count, before(elements[right], elements[left]) { smallest = right }
            guard before(elements[smallest], elements[parent]) else { return }
            elements.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
