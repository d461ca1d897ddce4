#pragma once

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
    RunResources(const Scenario& s, WorkloadSpec& spec);
    ~RunResources();
    RunResources(const RunResources&) = delete;
    RunResources& operator=(const RunResources&) = delete;

private:
    std::unique_ptr<LoopbackHttpServer> m_server;
};

} // namespace poolscope
