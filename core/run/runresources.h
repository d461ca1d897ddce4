#pragma once

#include "core/events/event.h"

#include <memory>
#include <string>

namespace poolscope {

struct Scenario;
struct WorkloadSpec;
class LoopbackHttpServer;

// What a run needs around its pool, shared by the CLI's runner and the GUI's session: the
// loopback HTTP server (http, mixed) and, for file, the temp dir its unnamed files go to.
class RunResources
{
public:
    // Fills in spec.httpPort and spec.dir; throws PyError("OSError") when the temp dir
    // cannot be written to.
    // The server's latency counts on the run clock of `events` (its gate, eventgate.h).
    RunResources(const Scenario& s, WorkloadSpec& spec, const EventStreamPtr& events = {});
    ~RunResources();
    RunResources(const RunResources&) = delete;
    RunResources& operator=(const RunResources&) = delete;

private:
    std::unique_ptr<LoopbackHttpServer> m_server;
};

} // namespace poolscope
