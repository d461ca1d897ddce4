#include "core/run/runresources.h"

#include "core/events/eventgate.h"
#include "core/futures/errors.h"
#include "core/run/scenario.h"
#include "core/workload/httpserver.h"
#include "core/workload/workload.h"

#include <algorithm>
#include <filesystem>
#include <unistd.h>

namespace poolscope {

RunResources::RunResources(const Scenario& s, WorkloadSpec& spec, const EventStreamPtr& events)
{
    if (workloadNeedsHttp(spec.name)) {
        // One server thread per request that can be in flight, plus slack.
        m_server = std::make_unique<LoopbackHttpServer>(std::max(4, s.workers + 2));
        if (events && events->gate())
            m_server->setRunGate(events->gate()->handle());
        m_server->start();
        spec.httpPort = m_server->port();
    }
    if (spec.name == "file") {
        // No dir of the run's own: the file workload's files have no name (O_TMPFILE, see
        // fileRoundTrip), so there is nothing for a SIGKILL to leave behind.
        std::error_code ec;
        const auto tmp = std::filesystem::temp_directory_path(ec);
        if (ec || ::access(tmp.c_str(), W_OK | X_OK) != 0)
            throw PyError("OSError", "cannot write files in the temp dir " +
                                         (ec ? std::string("(TMPDIR)") : tmp.string()));
        spec.dir = tmp.string();
    }
}

RunResources::~RunResources()
{
    if (m_server)
        m_server->stop();
}

} // namespace poolscope
