#pragma once
// The one reader behind every input file (scenario files, native traces), for the CLI and the
// window alike. A file is read only when it is a regular file no bigger than its limit, and its
// JSON is checked (no NUL byte, nesting depth, finite numbers, nothing after the value) before a
// DOM is built, so that nothing a file holds can hang, exhaust memory or overflow the stack.
// Every message is one line: "FILE: field.path: what is wrong".

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace poolscope {

struct InputError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// Limits of the readers (docs/reliability.md lists them).
inline constexpr std::size_t kMaxScenarioFileBytes = std::size_t{1} << 20; // 1 MiB
inline constexpr std::size_t kMaxTraceFileBytes = std::size_t{1} << 30;    // 1 GiB
inline constexpr int kMaxJsonDepth = 32;

// An open regular file of at most maxBytes, for readers that take it in pieces (run files,
// core/run/runfile.h). Opening checks what readInputFile() checks. Throws InputError("PATH: ...").
class InputFile
{
public:
    InputFile(const std::string& path, std::size_t maxBytes);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    const std::string& path() const { return m_path; }
    std::uint64_t size() const { return m_size; } // as fstat saw it when it was opened
    // Up to n bytes at offset; fewer only at the end of the file.
    std::size_t readAt(std::uint64_t offset, void* dst, std::size_t n);
    // Everything from the start to the end, at most maxBytes (a file that grows is still bounded).
    std::string readAll();

private:
    std::string m_path;
    std::size_t m_maxBytes;
    int m_fd = -1;
    std::uint64_t m_size = 0;
};

// The whole of `path`, which must be a regular file of at most maxBytes. FIFOs, directories and
// devices are refused without blocking (opened O_NONBLOCK, checked with fstat). Throws
// InputError("PATH: what is wrong").
std::string readInputFile(const std::string& path, std::size_t maxBytes);

// Throws InputError("root.field.path: what is wrong") unless `text` is exactly one JSON value
// nested at most maxDepth deep whose numbers are all finite doubles or 64-bit integers. After
// it passes, nlohmann::json::parse(text) cannot fail and nothing recursive over the value can
// run out of stack. `root` names the top level in messages ("scenario"; "" for none).
void checkJsonText(const std::string& text, const std::string& root, int maxDepth = kMaxJsonDepth);

} // namespace poolscope
