import NIOCore

/// Runs a task's jobs on one event loop.
///
/// The reconnect loops and the invalidation listener run here rather than on the cooperative
/// pool, so a process whose pool is busy with CPU-bound work (a replay, a batch scoring) still
/// connects, pings and reconnects on time: the lower levels' health does not wait for the
/// application's tasks to yield. The jobs are short (send, await a reply, sleep), so they do not
/// hold the event loop up.
final class EventLoopTaskExecutor: TaskExecutor {
    private let loop: any EventLoop

    /// An executor on `loop`.
    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
