#include "core/events/monotonicclock.h"

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace poolscope {

namespace {

#if defined(__x86_64__)
// The kernel keeps CLOCK_MONOTONIC by the TSC only where it found it constant and synchronised across
// CPUs; anywhere else its reading is not CLOCK_MONOTONIC's to extrapolate.
bool kernelKeepsTimeByTsc() noexcept
{
    const int fd =
        ::open("/sys/devices/system/clocksource/clocksource0/current_clocksource", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char buf[16] = {};
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    return n == 4 && std::memcmp(buf, "tsc\n", 4) == 0;
}

// A CLOCK_MONOTONIC reading and the counter at the same moment: the mean of the counter read just before
// and just after, so the pair is off by half a clock_gettime() at most, either way. A pair whose two
// counter reads lie further apart than kTightTicks (the thread was preempted or interrupted between
// them) is read again, up to `tries` times; `tight` says whether one was.
constexpr std::uint64_t kTightTicks = 1'000; // about 400 ns at 2.5 GHz; clock_gettime() takes ~100 ticks
struct Pair
{
    std::uint64_t ticks;
    std::int64_t ns;
    bool tight;
};
Pair readPair(int tries) noexcept
{
    Pair p{};
    for (int i = 0; i < tries; ++i) {
        const std::uint64_t before = __rdtsc();
        const std::int64_t ns = MonotonicClock::systemNs();
        const std::uint64_t after = __rdtsc();
        p = {before + (after - before) / 2, ns, after - before <= kTightTicks};
        if (p.tight)
            break;
    }
    return p;
}

// The process's first pair, which every later anchor measures the scale from.
struct Origin
{
    bool usable = false;
    Pair pair{};
};
const Origin& origin() noexcept
{
    static const Origin o = [] {
        Origin out;
        out.pair = readPair(100);
        out.usable = out.pair.tight && kernelKeepsTimeByTsc();
        return out;
    }();
    return o;
}
#endif

} // namespace

std::int64_t MonotonicClock::reanchor() noexcept
{
#if defined(__x86_64__)
    const Origin& o = origin();
    if (!o.usable)
        return systemNs();
    const Pair p = readPair(4);
    Anchor& a = t_anchor;
    const std::int64_t span = p.ns - o.pair.ns;
    if (!p.tight || span < kCalibrationNs || p.ticks <= o.pair.ticks) {
        // Not measured yet (every read is clock_gettime() until the span is long enough), or no pair to
        // anchor to this time: the next read tries again.
        a = Anchor{0, 0, 0, 0.0};
        return p.ns;
    }
    // The longest span there is: its error is the pairs' (tens of ns) over all of it.
    const double nsPerTick = static_cast<double>(span) / static_cast<double>(p.ticks - o.pair.ticks);
    // Never behind what this thread read last: where the old anchor's extrapolation is ahead of the
    // system's reading (by the scale's error over the window, a few ns), the new anchor starts there, up to
    // 1 µs ahead; anything larger is not the scale's error and the system's reading wins.
    std::int64_t ns = p.ns;
    if (a.windowTicks != 0) {
        const std::uint64_t since = p.ticks - a.ticks;
        if (since < 4 * a.windowTicks) {
            const std::int64_t extrapolated =
                a.ns + static_cast<std::int64_t>(static_cast<double>(since) * a.nsPerTick);
            if (extrapolated > ns && extrapolated - ns <= 1'000)
                ns = extrapolated;
        }
    }
    a.ticks = p.ticks;
    a.ns = ns;
    a.nsPerTick = nsPerTick;
    a.windowTicks = static_cast<std::uint64_t>(static_cast<double>(kWindowNs) / nsPerTick);
    return ns;
#else
    return systemNs();
#endif
}

bool MonotonicClock::usesCounter() noexcept
{
    return t_anchor.windowTicks != 0;
}

} // namespace poolscope
