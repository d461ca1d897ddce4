#pragma once

#include <any>
#include <string>
#include <string_view>

namespace poolscope {

struct WorkloadSpec;

// How to read a task's result. The factorial workload returns n! as its little-endian magnitude
// bytes (what pickle carries), which Python holds as an int.
struct ReprHint
{
    bool bytesAreInt = false;
};
ReprHint reprHintFor(const WorkloadSpec& workload);

// A short repr() of a task's result, as Python would print it (binary strings show their size;
// a process pool's map chunk is a list; an int of more than kMaxIntReprDigits digits shows its
// size: Python 3.11+ would raise ValueError past 4300 digits rather than print it).
std::string pythonRepr(const std::any& value, ReprHint hint = {});

inline constexpr int kMaxIntReprDigits = 40;
// The repr of a non-negative int given as little-endian magnitude bytes: "120", or
// "<int with 973,351 digits>" past kMaxIntReprDigits.
std::string intRepr(std::string_view littleEndian);

} // namespace poolscope
