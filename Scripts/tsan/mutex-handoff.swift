// A correct program ThreadSanitizer flags on Linux: two threads add to one counter, each addition inside
// the same `Mutex.withLock`, and the total comes out exact. Under contention the Synchronization module's
// Mutex hands the lock over in the kernel (a priority-inheritance futex), where ThreadSanitizer cannot see
// the release and the acquire, so it reports the two locked accesses as a race. Scripts/tsan.sh runs this
// first, so a report on Mutex-protected state can be told from a real race.
import Foundation
import Synchronization

final class Counter: @unchecked Sendable { var value = 0 }

let lock = Mutex(())
let counter = Counter()
let additions = 200_000
let threads = (0..<2).map { _ in Thread { for _ in 0..<additions { lock.withLock { _ in counter.value += 1 } } } }
for thread in threads { thread.start() }
while lock.withLock({ _ in counter.value }) < 2 * additions { usleep(1000) }
print("total \(lock.withLock { _ in counter.value }) of \(2 * additions)")
