#pragma once
// Executor base and the map() result iterator shared by both pools (_base.Executor).

#include "core/futures/future.h"

#include <deque>
#include <iterator>

namespace poolscope {

class Executor
{
public:
    virtual ~Executor() = default;
    // shutdown(wait=True, *, cancel_futures=False); safe to call more than once.
    virtual void shutdown(bool wait = true, bool cancelFutures = false) = 0;
};

// The generator Executor.map() returns: results in input order, each waited for
// with what is left of a deadline fixed when map() was called. When it stops
// early (timeout, an exception, or the consumer drops or closes it), every
// remaining future is cancelled, as in _result_or_cancel and the generator's
// finally. That finally belongs to a started generator: one dropped or closed
// before its first next() cancels nothing, and every task still runs.
template <class T> class MapResult
{
public:
    MapResult(std::vector<Future<T>> fs, std::optional<std::int64_t> deadlineNs)
        : m_pending(fs.begin(), fs.end()), m_deadlineNs(deadlineNs)
    {
        m_all.reserve(fs.size());
        for (const auto& f : fs)
            m_all.push_back(f.core());
    }
    MapResult(MapResult&&) noexcept = default;
    MapResult& operator=(MapResult&&) noexcept = default;
    MapResult(const MapResult&) = delete;
    MapResult& operator=(const MapResult&) = delete;
    ~MapResult() { close(); }

    // Next result, or nullopt once every result was yielded.
    std::optional<T> next()
    {
        if (m_pending.empty())
            return std::nullopt;
        m_started = true;
        Future<T> f = std::move(m_pending.front());
        m_pending.pop_front();
        try {
            Timeout left;
            if (m_deadlineNs)
                left =
                    static_cast<double>(*m_deadlineNs -
                                        runNowNs(m_all.empty() ? nullptr : m_all.front()->events().get())) /
                    1e9;
            if (left && *left < 0)
                left = 0.0;
            std::optional<T> value(f.result(left));
            f.cancel();
            ++m_yielded;
            return value;
        } catch (const TimeoutError&) {
            f.core()->publish(EventKind::Timeout, static_cast<std::int64_t>(m_pending.size() + 1),
                              static_cast<std::int64_t>(m_pending.size() + 1 + m_yielded));
            f.cancel();
            close();
            throw;
        } catch (...) {
            f.cancel();
            close();
            throw;
        }
    }

    // generator.close(): once started, cancels whatever has not been yielded; either way
    // nothing more is yielded.
    void close()
    {
        if (m_started)
            for (auto& f : m_pending)
                f.cancel();
        m_pending.clear();
    }

    // Every future map() submitted, yielded or not (for counting outcomes).
    const std::vector<FutureCorePtr>& futures() const noexcept { return m_all; }
    std::size_t remaining() const noexcept { return m_pending.size(); }
    std::size_t yielded() const noexcept { return m_yielded; }

    // Drains the rest into a vector (list(map(...))).
    std::vector<T> toVector()
    {
        std::vector<T> out;
        while (auto v = next())
            out.push_back(std::move(*v));
        return out;
    }

private:
    std::deque<Future<T>> m_pending;
    std::vector<FutureCorePtr> m_all;
    std::optional<std::int64_t> m_deadlineNs;
    std::size_t m_yielded = 0;
    bool m_started = false;
};

// map()'s deadline on the run clock of `clock` (eventgate.h; wall time when null).
inline std::optional<std::int64_t> deadlineAfter(Timeout timeout, const EventStream* clock)
{
    if (!timeout)
        return std::nullopt;
    return runNowNs(clock) + static_cast<std::int64_t>(*timeout * 1e9);
}

} // namespace poolscope
