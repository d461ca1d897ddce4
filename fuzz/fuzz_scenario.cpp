// libFuzzer target: the scenario reader (the text of a --scenario file, or of the window's
// saved settings). Bad input must end in ScenarioError, never in another exception, a crash or
// a sanitizer report; what is accepted must survive a save and a load unchanged.
#include "core/run/scenario.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    poolscope::Scenario s;
    try {
        s = poolscope::scenarioFromJson(text);
    } catch (const poolscope::ScenarioError&) {
        return 0;
    }
    const poolscope::Scenario again = poolscope::scenarioFromJson(poolscope::scenarioToJson(s));
    if (!(again == s))
        std::abort(); // a scenario that does not round-trip
    return 0;
}
