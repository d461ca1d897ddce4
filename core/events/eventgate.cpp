#include "core/events/eventgate.h"

#include "core/events/event.h"
#include "core/sync/sharedsync.h"

#include <algorithm>
#include <ctime>
#include <new>
#include <stdexcept>
#include <sys/mman.h>
#include <unistd.h>

namespace poolscope {

// One word holds the mode, whether the run clock stands still, the number of emitters
// held at the gate and the clock, so running mode reads everything an event needs with
// one relaxed load, and the clock stops or goes on in the same atomic step as the change
// that holds or releases the run:
//   bits 63..62 mode, 61 frozen, 60..48 held emitters, 47..0 clock. The clock field is
//   the total held ns so far while the run goes (run = wall - it), and the run time since
//   the epoch at which it stopped while it is frozen (2^48 ns: 78 hours).
// The run should be frozen while the gate is paused and an emitter is held there. Without
// freezers that is applied at once; with freezers (forked workers to stop) the freezer
// thread applies it: it stops the workers, then stops the clock, and on the way back
// continues them, then lets the clock go, so their work and the clock always agree.
struct EventGate::Shared
{
    std::atomic<std::uint64_t> state{0};
    // Futex word: bumped by every change that may let a blocked emitter go.
    std::atomic<std::uint32_t> generation{0};
    // Futex word: bumped whenever the run becomes held or goes on (freezers, eval breakers).
    std::atomic<std::uint32_t> heldGeneration{0};
    std::atomic<std::int32_t> credits{0};
    std::atomic<std::int32_t> unfreezable{0};
    std::atomic<std::int32_t> freezers{0}; // > 0: the owner's freezer thread applies frozen
    std::int64_t epoch = 0;                // CLOCK_MONOTONIC ns when the gate was made
    // The process that made the gate: a forked worker whose parent is no longer this one
    // was orphaned, and nobody will ever step it again.
    pid_t owner = 0;
    // One bit per executor id: released executors pass even while paused.
    std::atomic<std::uint64_t> released[65536 / 64];
};

namespace {
static_assert(std::atomic<std::uint32_t>::is_always_lock_free &&
                  std::atomic<std::uint64_t>::is_always_lock_free,
              "the gate's words must be lock-free to work across processes");

constexpr int kParkedShift = 48;
constexpr int kFrozenShift = 61;
constexpr int kModeShift = 62;
constexpr std::uint64_t kClockMask = (std::uint64_t{1} << kParkedShift) - 1;
constexpr std::uint64_t kParkedOne = std::uint64_t{1} << kParkedShift;
constexpr std::uint64_t kParkedMax = (std::uint64_t{1} << (kFrozenShift - kParkedShift)) - 1;
constexpr std::uint64_t kFrozenBit = std::uint64_t{1} << kFrozenShift;

EventGate::Mode modeOf(std::uint64_t s) noexcept
{
    return static_cast<EventGate::Mode>(s >> kModeShift);
}
std::uint64_t parkedOf(std::uint64_t s) noexcept
{
    return (s >> kParkedShift) & kParkedMax;
}
std::int64_t clockOf(std::uint64_t s) noexcept
{
    return static_cast<std::int64_t>(s & kClockMask);
}
std::uint64_t withMode(std::uint64_t s, EventGate::Mode m) noexcept
{
    return (s & ~(std::uint64_t{3} << kModeShift)) | (static_cast<std::uint64_t>(m) << kModeShift);
}
bool frozenState(std::uint64_t s) noexcept
{
    return (s & kFrozenBit) != 0;
}
// What the run should be: held while paused with an emitter waiting at the gate.
bool heldWanted(std::uint64_t s) noexcept
{
    return modeOf(s) == EventGate::Mode::Paused && parkedOf(s) > 0;
}
std::uint64_t withFrozen(std::uint64_t s, bool frozen) noexcept
{
    return frozen ? (s | kFrozenBit) : (s & ~kFrozenBit);
}
std::int64_t runAt(const EventGate::Shared& sh, std::uint64_t s, std::int64_t wall) noexcept
{
    return frozenState(s) ? sh.epoch + clockOf(s) : wall - clockOf(s);
}

bool isReleased(const EventGate::Shared& s, std::uint16_t executor) noexcept
{
    return (s.released[executor / 64].load(std::memory_order_acquire) >> (executor % 64)) & 1u;
}

bool orphaned(const EventGate::Shared& s) noexcept
{
    return s.owner != 0 && getpid() != s.owner && getppid() != s.owner;
}

void bumpAndWakeAll(std::atomic<std::uint32_t>& generation) noexcept
{
    generation.fetch_add(1, std::memory_order_acq_rel);
    sharedsync::futexWakeAll(generation);
}

// Applies `change` to the state word; when that stops or restarts the run clock,
// converts the clock field in the same compare-and-swap. Unless `explicitFrozen`, the
// frozen bit follows the change at once when there are no freezers (and always ends
// with Closed); with freezers the freezer thread moves it.
template <class Change>
std::uint64_t update(EventGate::Shared& sh, Change change, bool explicitFrozen = false) noexcept
{
    std::uint64_t s = sh.state.load(std::memory_order_acquire);
    for (;;) {
        std::uint64_t n = change(s);
        if (modeOf(n) == EventGate::Mode::Closed)
            n = withFrozen(n, false);
        else if (!explicitFrozen && sh.freezers.load(std::memory_order_acquire) == 0)
            n = withFrozen(n, heldWanted(n));
        const bool was = frozenState(s);
        const bool now = frozenState(n);
        if (was != now) {
            const std::int64_t wall = nowNs();
            const std::int64_t clock = now ? std::max<std::int64_t>(0, wall - clockOf(s) - sh.epoch)
                                           : std::max<std::int64_t>(0, wall - (sh.epoch + clockOf(s)));
            n = (n & ~kClockMask) | (static_cast<std::uint64_t>(clock) & kClockMask);
        }
        if (sh.state.compare_exchange_weak(s, n, std::memory_order_acq_rel, std::memory_order_acquire)) {
            // Also at every change of the held count while paused: an emitter that left the
            // gate while the run stays held is a worker the freezers must stop now.
            if (was != now || heldWanted(s) != heldWanted(n) ||
                (modeOf(n) == EventGate::Mode::Paused && parkedOf(s) != parkedOf(n)))
                bumpAndWakeAll(sh.heldGeneration);
            return n;
        }
    }
}

bool takeCredit(EventGate::Shared& s) noexcept
{
    std::int32_t c = s.credits.load(std::memory_order_acquire);
    while (c > 0) {
        if (s.credits.compare_exchange_weak(c, c - 1, std::memory_order_acq_rel))
            return true;
    }
    return false;
}
} // namespace

bool EventGate::Handle::pass(std::uint16_t executor, std::atomic<std::uint8_t>* parkedFlag) const noexcept
{
    Shared& s = *m_shared;
    // Fast path: one relaxed load while running. A pause takes effect at the
    // emitter's next event, which is what "stop at its next event" means.
    if (modeOf(s.state.load(std::memory_order_relaxed)) != Mode::Paused)
        return false;
    if (isReleased(s, executor))
        return false;
    // A credit granted while this emitter was working lets it through without holding the run.
    if (takeCredit(s))
        return true;
    // The flag is up before the emitter counts as held and down only after, so a freezer
    // never stops (SIGSTOP) an emitter that must be able to take the next credit.
    if (parkedFlag)
        parkedFlag->store(1, std::memory_order_release);
    update(s, [](std::uint64_t st) { return parkedOf(st) < kParkedMax ? st + kParkedOne : st; });
    for (;;) {
        const std::uint32_t gen = s.generation.load(std::memory_order_acquire);
        if (modeOf(s.state.load(std::memory_order_acquire)) != Mode::Paused || isReleased(s, executor))
            break;
        if (takeCredit(s))
            break;
        // Sleep in slices so a worker whose parent died (the GUI killed while paused)
        // lets itself go; it then meets EOF on the call pipe and exits.
        const timespec slice{0, 250'000'000};
        sharedsync::futexWait(s.generation, gen, &slice);
        if (orphaned(s))
            break;
    }
    // The flag stays up until the caller has published its event (workerrings.h): a worker
    // stopped between taking a credit and publishing would hide the step's event.
    const std::uint64_t after =
        update(s, [](std::uint64_t st) { return parkedOf(st) > 0 ? st - kParkedOne : st; });
    // With freezers, go on only once the workers were continued and the clock goes again,
    // or this event's work would run on a stopped clock (bounded: never hang on it).
    if (frozenState(after) && !heldWanted(after)) {
        for (int i = 0; i < 40; ++i) {
            const std::uint32_t gen = s.heldGeneration.load(std::memory_order_acquire);
            const std::uint64_t now = s.state.load(std::memory_order_acquire);
            if (!frozenState(now) || heldWanted(now) || orphaned(s))
                break;
            const timespec slice{0, 25'000'000};
            sharedsync::futexWait(s.heldGeneration, gen, &slice);
        }
    }
    return true;
}

GateStamp EventGate::Handle::passStamp(std::uint16_t executor,
                                       std::atomic<std::uint8_t>* parkedFlag) const noexcept
{
    const Shared& s = *m_shared;
    std::uint64_t st = s.state.load(std::memory_order_relaxed);
    if (modeOf(st) == Mode::Paused) {
        pass(executor, parkedFlag);
        st = s.state.load(std::memory_order_acquire);
    }
    GateStamp t;
    t.wallNs = nowNs();
    t.runNs = runAt(s, st, t.wallNs);
    return t;
}

bool EventGate::Handle::paused() const noexcept
{
    return m_shared && modeOf(m_shared->state.load(std::memory_order_relaxed)) == Mode::Paused;
}

std::int64_t EventGate::Handle::runNowNs() const noexcept
{
    const std::uint64_t st = m_shared->state.load(std::memory_order_acquire);
    return runAt(*m_shared, st, nowNs());
}

bool EventGate::Handle::held() const noexcept
{
    return m_shared && frozenState(m_shared->state.load(std::memory_order_relaxed));
}

void EventGate::Handle::waitWhileHeld() const noexcept
{
    Shared& s = *m_shared;
    for (;;) {
        const std::uint32_t gen = s.heldGeneration.load(std::memory_order_acquire);
        if (!frozenState(s.state.load(std::memory_order_acquire)))
            return;
        const timespec slice{0, 250'000'000};
        sharedsync::futexWait(s.heldGeneration, gen, &slice);
        if (orphaned(s))
            return;
    }
}

// Only threads of the process that made the gate count: a forked worker is stopped instead.
void EventGate::Handle::enterUnfreezable() const noexcept
{
    if (getpid() == m_shared->owner)
        m_shared->unfreezable.fetch_add(1, std::memory_order_acq_rel);
}

void EventGate::Handle::leaveUnfreezable() const noexcept
{
    if (getpid() == m_shared->owner)
        m_shared->unfreezable.fetch_sub(1, std::memory_order_acq_rel);
}

EventGate::EventGate()
{
    void* p = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::runtime_error("EventGate: mmap failed");
    m_shared = new (p) Shared;
    m_shared->owner = getpid();
    m_shared->epoch = nowNs();
    for (auto& word : m_shared->released)
        word.store(0, std::memory_order_relaxed);
}

EventGate::~EventGate()
{
    close();
    if (m_freezerThread.joinable()) {
        m_freezerStop.store(true, std::memory_order_release);
        bumpAndWakeAll(m_shared->heldGeneration);
        m_freezerThread.join();
    }
    // Threads of this process that were blocked have been woken; wait until the
    // last one has stopped touching the page before unmapping it. Forked workers
    // keep their own mapping, so they are unaffected by the munmap.
    while (m_inside.load(std::memory_order_acquire) > 0) {
        const timespec ts{0, 100'000};
        nanosleep(&ts, nullptr);
    }
    m_shared->~Shared();
    munmap(m_shared, sizeof(Shared));
}

void EventGate::pause() noexcept
{
    if (modeOf(m_shared->state.load(std::memory_order_acquire)) == Mode::Closed)
        return;
    m_shared->credits.store(0, std::memory_order_release);
    update(*m_shared,
           [](std::uint64_t s) { return modeOf(s) == Mode::Closed ? s : withMode(s, Mode::Paused); });
}

void EventGate::resume() noexcept
{
    bool changed = false;
    update(*m_shared, [&](std::uint64_t s) {
        changed = modeOf(s) == Mode::Paused;
        return changed ? withMode(s, Mode::Running) : s;
    });
    if (changed)
        bumpAndWakeAll(m_shared->generation);
}

void EventGate::step(int n) noexcept
{
    if (n <= 0)
        return;
    m_shared->credits.fetch_add(n, std::memory_order_acq_rel);
    // Wake every sleeper: exactly one of them wins each credit, the rest sleep again.
    if (parkedOf(m_shared->state.load(std::memory_order_acquire)) > 0)
        bumpAndWakeAll(m_shared->generation);
    else
        m_shared->generation.fetch_add(1, std::memory_order_acq_rel);
}

void EventGate::close() noexcept
{
    update(*m_shared, [](std::uint64_t s) { return withMode(s, Mode::Closed); });
    bumpAndWakeAll(m_shared->generation);
    // Nothing may stay stopped once the gate is open for good.
    std::lock_guard lock(m_freezerMutex);
    for (Freezer* f : m_freezers)
        f->setFrozen(false);
    m_applied = false;
}

void EventGate::releaseExecutor(std::uint16_t executor) noexcept
{
    m_shared->released[executor / 64].fetch_or(std::uint64_t{1} << (executor % 64),
                                               std::memory_order_acq_rel);
    bumpAndWakeAll(m_shared->generation);
}

EventGate::Mode EventGate::mode() const noexcept
{
    return modeOf(m_shared->state.load(std::memory_order_acquire));
}

int EventGate::waiting() const noexcept
{
    return static_cast<int>(parkedOf(m_shared->state.load(std::memory_order_acquire)));
}

int EventGate::credits() const noexcept
{
    return m_shared->credits.load(std::memory_order_acquire);
}

std::int64_t EventGate::heldTotalNs() const noexcept
{
    const std::int64_t wall = nowNs();
    return wall - runAt(*m_shared, m_shared->state.load(std::memory_order_acquire), wall);
}

int EventGate::unfreezable() const noexcept
{
    return m_shared->unfreezable.load(std::memory_order_acquire);
}

void EventGate::forgetParked() noexcept
{
    update(*m_shared, [](std::uint64_t st) { return parkedOf(st) > 0 ? st - kParkedOne : st; });
    bumpAndWakeAll(m_shared->generation);
}

bool EventGate::waitForWaiting(int n, double timeoutS) const noexcept
{
    timespec start{};
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if (waiting() >= n)
            return true;
        timespec now{};
        clock_gettime(CLOCK_MONOTONIC, &now);
        const double elapsed = static_cast<double>(now.tv_sec - start.tv_sec) +
                               static_cast<double>(now.tv_nsec - start.tv_nsec) / 1e9;
        if (elapsed >= timeoutS)
            return false;
        const timespec ts{0, 200'000};
        nanosleep(&ts, nullptr);
    }
}

bool EventGate::pass(std::uint16_t executor) noexcept
{
    if (modeOf(m_shared->state.load(std::memory_order_relaxed)) != Mode::Paused)
        return false;
    m_inside.fetch_add(1, std::memory_order_acq_rel);
    const bool waited = handle().pass(executor);
    m_inside.fetch_sub(1, std::memory_order_acq_rel);
    return waited;
}

GateStamp EventGate::passStamp(std::uint16_t executor) noexcept
{
    std::uint64_t st = m_shared->state.load(std::memory_order_relaxed);
    if (modeOf(st) == Mode::Paused) {
        m_inside.fetch_add(1, std::memory_order_acq_rel);
        handle().pass(executor);
        m_inside.fetch_sub(1, std::memory_order_acq_rel);
        st = m_shared->state.load(std::memory_order_acquire);
    }
    GateStamp t;
    t.wallNs = nowNs();
    t.runNs = runAt(*m_shared, st, t.wallNs);
    return t;
}

void EventGate::addFreezer(Freezer* freezer)
{
    if (getpid() != m_shared->owner)
        return;
    std::lock_guard lock(m_freezerMutex);
    m_freezers.push_back(freezer);
    m_shared->freezers.store(static_cast<std::int32_t>(m_freezers.size()), std::memory_order_release);
    m_applied = false;
    for (Freezer* f : m_freezers)
        f->setFrozen(false);
    if (!m_freezerThread.joinable())
        m_freezerThread = std::thread([this] { freezerMain(); });
    bumpAndWakeAll(m_shared->heldGeneration);
}

void EventGate::removeFreezer(Freezer* freezer)
{
    std::lock_guard lock(m_freezerMutex);
    m_freezers.erase(std::remove(m_freezers.begin(), m_freezers.end(), freezer), m_freezers.end());
    m_shared->freezers.store(static_cast<std::int32_t>(m_freezers.size()), std::memory_order_release);
    if (m_freezers.empty()) {
        // Back to applying at once.
        update(
            *m_shared, [](std::uint64_t st) { return withFrozen(st, heldWanted(st)); }, true);
        m_applied = false;
    }
}

void EventGate::freezerMain()
{
    while (!m_freezerStop.load(std::memory_order_acquire)) {
        const std::uint32_t gen = m_shared->heldGeneration.load(std::memory_order_acquire);
        bool settled = true;
        bool holding = false; // m_applied, read under the lock (removeFreezer() writes it)
        {
            std::lock_guard lock(m_freezerMutex);
            if (!m_freezers.empty()) {
                const std::uint64_t s = m_shared->state.load(std::memory_order_acquire);
                const bool want = heldWanted(s);
                // Workers first, then the clock: stopped before it stops, continued before it goes.
                // While held, again at each wake: a worker that just left the gate is stopped too.
                if (want || want != m_applied) {
                    for (Freezer* f : m_freezers)
                        f->setFrozen(want);
                    m_applied = want;
                }
                const bool applied = m_applied;
                const std::uint64_t n = update(
                    *m_shared, [applied](std::uint64_t st) { return withFrozen(st, applied); }, true);
                settled = heldWanted(n) == m_applied;
            }
            holding = m_applied;
        }
        if (settled) {
            // While held, look again soon: a worker let through stops being at the gate once
            // it has published its event, and is stopped then.
            const timespec slice{0, holding ? 5'000'000 : 100'000'000};
            sharedsync::futexWait(m_shared->heldGeneration, gen, &slice);
        }
    }
}

} // namespace poolscope
