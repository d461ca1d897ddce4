#pragma once
// Strict flag parsing for poolscope-cli: every flag is known, every value checked,
// and an error names the flag and why it is wrong.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace poolscope::cli {

struct UsageError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

struct FlagSpec
{
    std::string name; // without the leading --
    bool takesValue = true;
};

class Args
{
public:
    // Throws UsageError for an unknown flag, a missing value or a stray word.
    Args(const std::vector<std::string>& argv, const std::vector<FlagSpec>& known);

    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::string text(const std::string& name, const std::string& fallback) const;
    long long integer(const std::string& name, long long fallback, long long min, long long max) const;
    double number(const std::string& name, double fallback, double min, double max) const;
    std::string choice(const std::string& name, const std::string& fallback,
                       const std::vector<std::string>& allowed) const;

private:
    std::map<std::string, std::string> m_values;
};

} // namespace poolscope::cli
