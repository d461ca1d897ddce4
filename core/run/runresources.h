#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace poolscope {

struct Scenario;
struct WorkloadSpec;
class LoopbackHttpServer;

// What a run needs around its pool, shared by the CLI's runner and the GUI's session: the
// loopback HTTP server (http, mixed) and a temp dir (file). Both are gone when this is.
class RunResources
{
public:
    // Fills in spec.httpPort and spec.dir; throws PyError("OSError") when the temp dir
    // cannot be made. tempPrefix names the dir, e.g. "poolscope-run".
    RunResources(const Scenario& s, WorkloadSpec& spec, std::string_view tempPrefix);
    ~RunResources();
    RunResources(const RunResources&) = delete;
    RunResources& operator=(const RunResources&) = delete;

private:
    std::unique_ptr<LoopbackHttpServer> m_server;
    std::string m_dir;
};

} // namespace poolscope
