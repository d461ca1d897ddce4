#pragma once
// CLOCK_MONOTONIC's nanoseconds, read from the CPU's time stamp counter where the kernel itself keeps time
// by it. Every event's stamp reads the clock (four times a thread-pool task), and clock_gettime() through
// the vDSO costs about 30 ns on these VMs, against 11 for a bare rdtsc: it orders the read behind every
// load before it (lfence) and re-reads the kernel's time data under its sequence lock.
//
// Each thread keeps an anchor: a CLOCK_MONOTONIC reading and the counter beside it. A read within
// kWindowNs of the thread's anchor is the anchor plus the counter's ticks since, scaled; an older anchor,
// or none, takes clock_gettime() and anchors again. The scale is measured against CLOCK_MONOTONIC itself,
// once per process, over at least kCalibrationNs, and refined as later anchors lengthen the span. So a read
// strays from clock_gettime() by the scale's error over the window and the anchor pair's own error: tens of
// ns (0–115 ns worst in 2.8 million back-to-back reads on a loaded 2-core VM; tst_monotonicclock allows
// 2 µs, which a scale 2 % off exceeds), where a clock read and the sequence number taken after it are
// already tens of ns apart. Worker processes inherit the scale through fork.
//
// Where the kernel's clocksource is not "tsc" (another hypervisor clock, a machine without a constant,
// synchronised counter, another architecture) every read is clock_gettime().

#include <atomic>
#include <cstdint>
#include <ctime>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace poolscope {

class MonotonicClock
{
public:
    // A read this long after its thread's anchor takes clock_gettime() again.
    static constexpr std::int64_t kWindowNs = 100'000;
    // The shortest span the scale is first measured over.
    static constexpr std::int64_t kCalibrationNs = 1'000'000;

    static std::int64_t now() noexcept
    {
#if defined(__x86_64__)
        const Anchor& a = t_anchor;
        const std::uint64_t ticks = __rdtsc() - a.ticks;
        // a.windowTicks is 0 until the scale is known, and stays 0 without a usable counter.
        if (ticks < a.windowTicks)
            return a.ns + static_cast<std::int64_t>(static_cast<double>(ticks) * a.nsPerTick);
#endif
        return reanchor();
    }

    // CLOCK_MONOTONIC through clock_gettime(), what now() agrees with.
    static std::int64_t systemNs() noexcept
    {
        // Not zeroed first: clock_gettime() writes it.
        timespec ts; // NOLINT(cppcoreguidelines-pro-type-member-init)
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
    }

    // Whether reads come from the counter (after the first kCalibrationNs of the process), for tests and
    // the benchmarks' notes.
    static bool usesCounter() noexcept;

private:
    struct Anchor
    {
        std::uint64_t ticks;
        std::uint64_t windowTicks; // kWindowNs in ticks of the scale this anchor was taken with
        std::int64_t ns;
        double nsPerTick;
    };
    static inline constinit thread_local Anchor t_anchor{0, 0, 0, 0.0};

    static std::int64_t reanchor() noexcept;
};

} // namespace poolscope
