#pragma once

#include <cstddef>
#include <string>

namespace poolscope {

// "line L, column C" (both 1-based) of a 1-based byte offset, as nlohmann::json's
// parse_error::byte reports where parsing stopped; error messages name the place.
inline std::string lineColumnAt(const std::string& text, std::size_t byte)
{
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

} // namespace poolscope
