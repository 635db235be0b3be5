/// Reads the primitives of the result format from a borrowed byte buffer, front to back.
///
/// Every read is bounds-checked and throws `ResultError.corrupt` naming `part` when the buffer
/// ends early, so malformed files fail cleanly instead of trapping. The buffer must outlive
/// the cursor (use it only inside `withUnsafeBytes`).
struct ByteCursor {
    private let base: UnsafeRawBufferPointer
    private let part: String
    private(set) var position = 0

    init(_ base: UnsafeRawBufferPointer, part: String) {
        self.base = base
        self.part = part
    }

    /// `true` once every byte has been read.
    var isAtEnd: Bool { position == base.count }

    /// Bytes not read yet.
    var remaining: Int { base.count - position }

    @inline(__always)
    mutating func byte() throws -> UInt8 {
        guard position < base.count else { throw truncated() }
        defer { position += 1 }
        return base[position]
    }

    @inline(__always)
    mutating func uint32() throws -> UInt32 {
        guard remaining >= 4 else { throw truncated() }
        defer { position += 4 }
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    @inline(__always)
    mutating func uint64() throws -> UInt64 {
        guard remaining >= 8 else { throw truncated() }
        defer { position += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes.
    @inline(__always)
    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            result |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw ResultError.corrupt("varint too long in \(part)") }
        }
    }

    /// Reads a varint length and checks that many bytes are left.
    @inline(__always)
    mutating func length() throws -> Int {
        let count = try varint()
        guard count <= UInt64(remaining) else { throw truncated() }
        return Int(count)
    }

    /// The next `count` bytes, without copying.
    @inline(__always)
    mutating func bytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else { throw truncated() }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: base[position..<(position + count)])
    }

    /// Moves past `count` bytes without reading them.
    @inline(__always)
    mutating func skip(_ count: Int) throws {
        guard count >= 0, count <= remaining else { throw truncated() }
        position += count
    }

    private func truncated() -> ResultError {
        .corrupt("\(part) ends early at byte \(position)")
    }
}
