public import Foundation

/// How values become the bytes L2 and L3 hold and the write-behind journal keeps.
///
/// Replace the default JSON with a faster or more compact format; a value L2 or L3 cannot decode
/// (written by an older codec) is a miss there, never an error to the caller.
public protocol TieredCodec<Value>: Sendable {
    associatedtype Value
    /// The bytes of `value`.
    func encode(_ value: Value) throws -> [UInt8]
    /// The value `bytes` encode.
    func decode(_ bytes: [UInt8]) throws -> Value
}

/// Values as JSON, through Foundation's coder.
public struct JSONTieredCodec<Value: Codable>: TieredCodec {
    public init() {}

    public func encode(_ value: Value) throws -> [UInt8] {
        [UInt8](try JSONEncoder().encode(value))
    }

    public func decode(_ bytes: [UInt8]) throws -> Value {
        try JSONDecoder().decode(Value.self, from: Data(bytes))
    }
}
