#include "core/run/runresources.h"

#include "core/futures/errors.h"
#include "core/workload/httpserver.h"
#include "core/run/scenario.h"
#include "core/workload/workload.h"

#include <algorithm>
#include <filesystem>
#include <stdlib.h>

namespace poolscope {

RunResources::RunResources(const Scenario& s, WorkloadSpec& spec, std::string_view tempPrefix)
{
    if (workloadNeedsHttp(spec.name)) {
        // One server thread per request that can be in flight, plus slack.
        m_server = std::make_unique<LoopbackHttpServer>(std::max(4, s.workers + 2));
        m_server->start();
        spec.httpPort = m_server->port();
    }
    if (spec.name == "file") {
        const auto tmp = std::filesystem::temp_directory_path();
        std::string templ = (tmp / (std::string(tempPrefix) + "-XXXXXX")).string();
        if (!::mkdtemp(templ.data()))
            throw PyError("OSError", "cannot create a temp dir under " + tmp.string());
        m_dir = templ;
        spec.dir = m_dir;
    }
}

RunResources::~RunResources()
{
    if (m_server)
        m_server->stop();
    if (!m_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
}

} // namespace poolscope
