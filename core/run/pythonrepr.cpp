#include "core/run/pythonrepr.h"

#include "core/futures/future.h"
#include "core/run/pooladapter.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace poolscope {

std::string pythonRepr(const std::any& v)
{
    if (!v.has_value())
        return "None";
    if (const auto* p = std::any_cast<std::int64_t>(&v))
        return std::to_string(*p);
    if (const auto* p = std::any_cast<int>(&v))
        return std::to_string(*p);
    if (const auto* p = std::any_cast<std::uint64_t>(&v))
        return std::to_string(*p);
    if (const auto* p = std::any_cast<bool>(&v))
        return *p ? "True" : "False";
    if (const auto* p = std::any_cast<double>(&v)) {
        std::ostringstream os;
        os << *p;
        return os.str();
    }
    if (const auto* p = std::any_cast<std::string>(&v)) {
        // Binary results (a factorial's bytes, a digest) show their size, not their bytes.
        const bool text = std::all_of(p->begin(), p->end(), [](char c) { return c >= 0x20 && c < 0x7f; });
        if (!text)
            return "<" + std::to_string(p->size()) + " bytes>";
        return "'" + (p->size() > 60 ? p->substr(0, 60) + "..." : *p) + "'";
    }
    if (const auto* p = std::any_cast<std::vector<std::any>>(&v)) {
        // A process pool's map chunk: _process_chunk returns a list.
        std::string out = "[";
        for (std::size_t i = 0; i < p->size(); ++i)
            out += (i ? ", " : "") + pythonRepr((*p)[i]);
        return out + "]";
    }
    if (const auto* p = std::any_cast<TaskResult>(&v))
        return pythonRepr(p->value);
    if (const auto* p = std::any_cast<std::any>(&v))
        return pythonRepr(*p);
    return "<" + pyTypeName(v) + ">"; // e.g. <bytes>, or the C++ type when Python has no name for it
}

} // namespace poolscope
