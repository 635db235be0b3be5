import Core
import Foundation

/// Counts distinct values: exactly (a set of 64-bit hashes) up to `exactLimit`, then by
/// HyperLogLog with 2^14 registers (standard error about 0.8 %), in fixed memory.
///
/// Values are hashed by their sort key, so `1`, `1.0` and, in a decimal column, `"1.00"`
/// count once, as SQL's `count(DISTINCT …)` does. Not thread-safe.
struct DistinctCounter {
    static let precision = 14
    static let exactLimit = 4096

    private var exact: Set<UInt64> = []
    private var registers: [UInt8] = []

    /// Adds one non-null value (already turned into its sort key).
    mutating func add(_ value: Value) {
        let hash = Self.hash(value)
        if registers.isEmpty {
            exact.insert(hash)
            if exact.count > Self.exactLimit {
                registers = [UInt8](repeating: 0, count: 1 << Self.precision)
                for old in exact { addToRegisters(old) }
                exact = []
            }
        } else {
            addToRegisters(hash)
        }
    }

    /// The count: exact below the limit, else the HyperLogLog estimate (with linear counting
    /// for small cardinalities, as in the original paper).
    var estimate: Int {
        guard !registers.isEmpty else { return exact.count }
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for register in registers {
            sum += 1 / Double(UInt64(1) << UInt64(register))
            if register == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        let raw = alpha * m * m / sum
        if raw <= 2.5 * m, zeros > 0 {
            return Int((m * log(m / Double(zeros))).rounded())
        }
        return Int(raw.rounded())
    }

    private mutating func addToRegisters(_ hash: UInt64) {
        let index = Int(hash >> UInt64(64 - Self.precision))
        let rest = (hash << UInt64(Self.precision)) | (1 << UInt64(Self.precision - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    /// A 64-bit hash, equal for values that compare equal; stable across processes.
    static func hash(_ value: Value) -> UInt64 {
        switch value {
        case .null: return mix(0)
        case .integer(let number): return mix(UInt64(bitPattern: number))
        case .real(let number):
            if number.isNaN { return mix(Double.nan.bitPattern ^ 0x5bd1_e995) }
            if number == number.rounded(.towardZero), abs(number) < 9.2e18 {
                return mix(UInt64(bitPattern: Int64(number)))
            }
            return mix(number.bitPattern ^ 0x9e37_79b9_7f4a_7c15)
        case .text(var text): return text.withUTF8 { fnv($0, seed: 0xcbf2_9ce4_8422_2325) }
        case .blob(let bytes): return bytes.withUnsafeBufferPointer { fnv($0, seed: 0x8422_2325_cbf2_9ce4) }
        }
    }

    private static func fnv(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return mix(hash)
    }

    /// SplitMix64's finalizer: spreads every input bit over the whole word.
    private static func mix(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
