// libFuzzer target: the run-file reader (core/run/runfile.h), binary version 2 and the JSON
// version 1 it still reads. Bad input must end in RunFileError; an accepted file must export to
// Chrome JSON and write back to bytes that read as the same run.
#include "core/run/runfile.h"
#include "core/run/trace.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    poolscope::RunFile run;
    try {
        run = poolscope::parseRunFile(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    } catch (const poolscope::RunFileError&) {
        return 0;
    }
    poolscope::TraceMeta meta;
    meta.createdBy = run.meta.createdBy;
    meta.scenarioJson = run.scenarioJson;
    meta.mainPid = 1;
    (void)poolscope::chromeTraceJson(run.events, meta);
    const poolscope::RunFile again = poolscope::parseRunFile(poolscope::runFileBytes(run), "again");
    if (again.events.size() != run.events.size() || again.scenarioJson != run.scenarioJson ||
        again.outcome != run.outcome || again.meta.createdBy != run.meta.createdBy ||
        again.meta.dateUtc != run.meta.dateUtc || again.meta.cores != run.meta.cores ||
        again.notes != run.notes)
        std::abort();
    for (std::size_t i = 0; i < run.events.size(); ++i) {
        const poolscope::Event &a = run.events[i], &b = again.events[i];
        if (a.seq != b.seq || a.tNs != b.tNs || a.kind != b.kind || a.executor != b.executor ||
            a.worker != b.worker || a.task != b.task || a.value != b.value || a.value2 != b.value2 ||
            a.wallNs != b.wallNs)
            std::abort();
    }
    return 0;
}
