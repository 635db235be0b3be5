/// A hash table from byte strings (group keys) to dense group numbers 0, 1, 2…, with the keys
/// kept in one byte arena, so grouping millions of rows allocates only when a group is new.
struct KeyTable {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var arena: [UInt8] = []

    init() {
        slots = [Int32](repeating: -1, count: 64)
    }

    /// Groups so far.
    var count: Int { hashes.count }

    /// The group number of `key`, adding it when new.
    @inline(__always)
    mutating func group(of key: UnsafeRawBufferPointer) -> Int {
        let hash = Self.hash(key)
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let found = Int(slots[slot])
            if found < 0 { break }
            if hashes[found] == hash, lengths[found] == key.count, equal(found, key) { return found }
            slot = (slot + 1) & mask
        }
        let group = hashes.count
        hashes.append(hash)
        starts.append(arena.count)
        lengths.append(key.count)
        arena.append(contentsOf: key)
        slots[slot] = Int32(group)
        if hashes.count * 2 > slots.count {
            grow()
            mask = slots.count - 1
        }
        return group
    }

    /// The key of group `group`.
    func key(_ group: Int) -> ArraySlice<UInt8> {
        arena[starts[group]..<(starts[group] + lengths[group])]
    }

    private func equal(_ group: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        arena.withUnsafeBytes { stored in
            let start = starts[group]
            for i in 0..<key.count where stored[start + i] != key[i] { return false }
            return true
        }
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for (group, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while bigger[slot] >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(group)
        }
        slots = bigger
    }

    /// FNV-1a, then a final mix so the low bits (the slot) depend on every byte.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
