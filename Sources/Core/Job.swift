import Foundation

/// Where a durable job stands.
public enum JobStatus: String, Codable, Sendable {
    case queued, running, done, failed
}

/// A unit of background work in the store's durable queue, claimed under a lease.
public struct Job: Codable, Sendable, Hashable {
    public var id: JobID
    /// What to do, for example `execution`.
    public var kind: String
    /// The kind's own argument, for example an execution id.
    public var payload: String
    public var status: JobStatus
    public var attempts: Int
    public var maxAttempts: Int
    public var runAfter: Date
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var lastError: String?
    public var createdAt: Date

    public init(
        id: JobID, kind: String, payload: String, status: JobStatus = .queued, attempts: Int = 0,
        maxAttempts: Int = 3, runAfter: Date, leaseOwner: String? = nil, leaseExpiresAt: Date? = nil,
        lastError: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAfter = runAfter
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.lastError = lastError
        self.createdAt = createdAt
    }
}
