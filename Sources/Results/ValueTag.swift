/// The tag byte before every encoded value; these numbers are part of the file format.
enum ValueTag: UInt8 {
    /// No payload.
    case null = 0
    /// Eight bytes, two's-complement little-endian.
    case integer = 1
    /// Eight bytes, the IEEE 754 bit pattern little-endian (NaN payloads and -0.0 survive).
    case real = 2
    /// Varint byte length, then that many bytes of UTF-8.
    case text = 3
    /// Varint byte length, then the bytes.
    case blob = 4
}
