#include "core/run/pythonrepr.h"

#include "core/futures/future.h"
#include "core/run/pooladapter.h"
#include "core/workload/workload.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <gmp.h>
#include <sstream>
#include <vector>

namespace poolscope {

namespace {

// 973351 -> "973,351": a projector's reader counts digits in groups.
std::string grouped(std::uint64_t n)
{
    std::string d = std::to_string(n);
    for (int i = static_cast<int>(d.size()) - 3; i > 0; i -= 3)
        d.insert(static_cast<std::size_t>(i), 1, ',');
    return d;
}

struct Mpz
{
    Mpz() { mpz_init(v); }
    ~Mpz() { mpz_clear(v); }
    Mpz(const Mpz&) = delete;
    Mpz& operator=(const Mpz&) = delete;
    mpz_t v;
};

// Exact decimal digits of x > 0: mpz_sizeinbase may be one too many.
std::uint64_t exactDigits(const mpz_t x)
{
    const std::size_t d = mpz_sizeinbase(x, 10);
    Mpz p;
    mpz_ui_pow_ui(p.v, 10, static_cast<unsigned long>(d - 1));
    return mpz_cmp(x, p.v) >= 0 ? d : d - 1;
}

} // namespace

std::string intRepr(std::string_view le)
{
    std::size_t len = le.size();
    while (len > 0 && le[len - 1] == '\0')
        --len;
    if (len == 0)
        return "0";
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(le[i]); };
    if (len <= 24) { // up to 58 digits: print it, or count them, exactly
        Mpz x;
        mpz_import(x.v, len, -1, 1, -1, 0, le.data());
        const std::uint64_t digits = exactDigits(x.v);
        if (digits > static_cast<std::uint64_t>(kMaxIntReprDigits))
            return "<int with " + grouped(digits) + " digits>";
        std::string out(mpz_sizeinbase(x.v, 10) + 2, '\0');
        mpz_get_str(out.data(), 10, x.v);
        out.resize(std::char_traits<char>::length(out.c_str()));
        return out;
    }
    // Big (n! of a million has 5.5 million digits): log10 from the top 8 bytes, which is off by
    // far less than 1e-6; only a value that close to a power of ten is counted exactly.
    std::uint64_t top = 0;
    for (std::size_t i = 0; i < 8; ++i)
        top = (top << 8) | byte(len - 1 - i);
    const double lg =
        std::log10(static_cast<double>(top)) + static_cast<double>(len - 8) * 8 * std::log10(2.0);
    const double frac = lg - std::floor(lg);
    std::uint64_t digits = static_cast<std::uint64_t>(std::floor(lg)) + 1;
    if (frac < 1e-6 || frac > 1 - 1e-6) {
        Mpz x;
        mpz_import(x.v, len, -1, 1, -1, 0, le.data());
        digits = exactDigits(x.v);
    }
    return "<int with " + grouped(digits) + " digits>";
}

ReprHint reprHintFor(const WorkloadSpec& workload)
{
    return {.bytesAreInt = workload.name == "factorial" && workload.payload == 0};
}

std::string pythonRepr(const std::any& v, ReprHint hint)
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
        if (hint.bytesAreInt)
            return intRepr(*p);
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
            out += (i ? ", " : "") + pythonRepr((*p)[i], hint);
        return out + "]";
    }
    if (const auto* p = std::any_cast<TaskResult>(&v))
        return pythonRepr(p->value, hint);
    if (const auto* p = std::any_cast<std::any>(&v))
        return pythonRepr(*p, hint);
    return "<" + pyTypeName(v) + ">"; // e.g. <bytes>, or the C++ type when Python has no name for it
}

} // namespace poolscope
