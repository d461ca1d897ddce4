#include "app/cli/cliargs.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace poolscope::cli {

Args::Args(const std::vector<std::string>& argv, const std::vector<FlagSpec>& known)
{
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (word.rfind("--", 0) != 0)
            throw UsageError("unexpected argument '" + word + "'");
        std::string name = word.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const FlagSpec* spec = nullptr;
        for (const auto& k : known)
            if (k.name == name)
                spec = &k;
        if (!spec)
            throw UsageError("unknown flag --" + name);
        if (m_values.count(name))
            throw UsageError("--" + name + " given twice");
        if (!spec->takesValue) {
            if (inlineValue)
                throw UsageError("--" + name + " takes no value");
            m_values[name] = "1";
            continue;
        }
        if (inlineValue) {
            m_values[name] = *inlineValue;
        } else {
            if (i + 1 >= argv.size())
                throw UsageError("--" + name + " needs a value");
            m_values[name] = argv[++i];
        }
    }
}

std::string Args::text(const std::string& name, const std::string& fallback) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

long long Args::integer(const std::string& name, long long fallback, long long min, long long max) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return fallback;
    const std::string& s = it->second;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno == ERANGE)
        throw UsageError("--" + name + ": '" + s + "' is not a whole number");
    if (v < min || v > max)
        throw UsageError("--" + name + ": " + s + " is out of range (" + std::to_string(min) + ".." +
                         std::to_string(max) + ")");
    return v;
}

double Args::number(const std::string& name, double fallback, double min, double max) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return fallback;
    const std::string& s = it->second;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !std::isfinite(v))
        throw UsageError("--" + name + ": '" + s + "' is not a number");
    if (v < min || v > max)
        throw UsageError("--" + name + ": " + s + " is out of range (" + std::to_string(min) + ".." +
                         std::to_string(max) + ")");
    return v;
}

std::string Args::choice(const std::string& name, const std::string& fallback,
                         const std::vector<std::string>& allowed) const
{
    const std::string v = text(name, fallback);
    for (const auto& a : allowed)
        if (a == v)
            return v;
    std::string list;
    for (const auto& a : allowed)
        list += (list.empty() ? "" : ", ") + a;
    throw UsageError("--" + name + ": '" + v + "' is not one of " + list);
}

} // namespace poolscope::cli
