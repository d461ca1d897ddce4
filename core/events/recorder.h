#pragma once
// In-memory recorder: keeps the whole stream for replay and export.
// Each emitting thread appends to its own lane without locking; readers see
// every event published so far, so it can be read while a run is live.

#include "core/events/event.h"

#include <array>
#include <mutex>
#include <vector>

namespace poolscope {

class Recorder final : public EventSink
{
public:
    Recorder();
    ~Recorder() override;
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    void onEvent(const Event& event) override;

    // Every event published so far, ordered by sequence number.
    std::vector<Event> events() const;
    std::size_t size() const;
    std::array<std::uint64_t, kEventKindCount> countsByKind() const;

private:
    struct Chunk;
    struct Lane;
    Lane* laneForThisThread();

    mutable std::mutex m_lanesMutex;
    std::vector<Lane*> m_lanes;
    std::uint64_t m_generation;
};

} // namespace poolscope
