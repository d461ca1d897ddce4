#pragma once
// The command-line flags that set up a Scenario, shared by poolscope-cli and the
// window's command line: one parser, one set of ranges, one wording. Every flag
// is known, every value checked; an error is one FlagError whose what() names the
// flag and says what is wrong ("--workers: must be an integer from 1 to 1024, got 'x'").

#include "core/run/gatedriver.h"
#include "core/run/scenario.h"

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace poolscope {

struct FlagError : std::invalid_argument
{
    using std::invalid_argument::invalid_argument;
};

struct FlagSpec
{
    std::string name; // without the leading --
    bool takesValue = true;
};

// What a program can run; the flags' ranges are the scenario's unless narrower here.
struct ScenarioLimits
{
    std::vector<std::string> pools = poolNames();
    int maxWorkers = 1024;
    std::int64_t minTasks = 0;
    std::int64_t maxTasks = 100'000'000;
    bool workersFlag = true; // false: the program reads --workers itself (sweep's A..B)
};

class ScenarioFlags
{
public:
    // The flags scenario() reads, in the order the usage lists them.
    static const std::vector<FlagSpec>& specs();
    // Their lines for a usage text ("  --workers N   max_workers ..."), within `limits`,
    // with the defaults a program starts from.
    static std::string usage(const ScenarioLimits& limits = {}, const Scenario& defaults = {});

    // Splits `argv` (after the program and command words) into --flag value and
    // --flag=value pairs. Throws FlagError for an unknown flag, a missing value, a
    // value on a switch, a flag given twice or a stray word.
    ScenarioFlags(const std::vector<std::string>& argv, const std::vector<FlagSpec>& known);

    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::string text(const std::string& name, const std::string& fallback) const;
    long long integer(const std::string& name, long long fallback, long long min, long long max) const;
    double number(const std::string& name, double fallback, double min, double max) const;
    std::string choice(const std::string& name, const std::string& fallback,
                       const std::vector<std::string>& allowed) const;
    // Any of specs() given?
    bool anyScenarioFlag() const;

    // The scenario: --scenario FILE or --preset NAME or `defaults`, then each
    // flag on top; validated. Throws FlagError, or ScenarioError for a bad file.
    Scenario scenario(const ScenarioLimits& limits = {}, const Scenario& defaults = {}) const;

    // --pause-at K --pause-for MS, --step-first N --step-ms MS, --speed X: holding a headless
    // run at its gate the way the window's Pause, Step and Speed do (core/run/gatedriver.h).
    static const std::vector<FlagSpec>& gateSpecs();
    static std::string gateUsage();
    // Throws FlagError for a value out of range, a flag without its partner, or two of the
    // three ways combined.
    GatePlan gatePlan() const;

private:
    std::map<std::string, std::string> m_values;
};

} // namespace poolscope
