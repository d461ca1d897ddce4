#include "core/run/inputfile.h"

#include "core/run/textposition.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

namespace poolscope {

namespace {

std::string mib(std::size_t bytes)
{
    if (bytes % (std::size_t{1} << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

const char* fileKind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

class Fd
{
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    int release()
    {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }

private:
    int m_fd;
};

// Walks the SAX events of nlohmann's (iterative) parser: it never builds a value, so it is safe
// on any input, and it knows the field path of every problem it finds.
class CheckingSax
{
public:
    CheckingSax(const std::string& text, std::string root, int maxDepth)
        : m_text(text), m_root(std::move(root)), m_maxDepth(maxDepth)
    {
    }

    const std::string& error() const { return m_error; }

    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(std::int64_t) { return value(); }
    bool number_unsigned(std::uint64_t) { return value(); }
    bool number_float(double d, const std::string& text)
    {
        if (!std::isfinite(d))
            return fail(path(), text + " is out of range (not a finite number)");
        return value();
    }
    bool string(std::string&) { return value(); }
    bool binary(nlohmann::json::binary_t&) { return value(); }
    bool start_object(std::size_t) { return open(true); }
    bool key(std::string& k)
    {
        m_stack.back().key = k;
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(false); }
    bool end_array() { return close(); }

    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e)
    {
        // 406: a number too big for a double (1e400, or a long run of digits).
        if (e.id == 406)
            return fail(path(), token + " is out of range (not a finite number)");
        const std::string where = lineColumnAt(m_text, position);
        return fail(m_root, "not valid JSON at " + where);
    }

private:
    struct Frame
    {
        bool object = false;
        std::string key;
        std::size_t index = 0;
    };

    const std::string& m_text;
    std::string m_root;
    int m_maxDepth;
    std::vector<Frame> m_stack;
    std::string m_error;

    bool value()
    {
        if (!m_stack.empty() && !m_stack.back().object)
            ++m_stack.back().index;
        return true;
    }

    bool open(bool object)
    {
        if (static_cast<int>(m_stack.size()) >= m_maxDepth)
            return fail(path(), "nested deeper than " + std::to_string(m_maxDepth) + " levels");
        m_stack.push_back({object, {}, 0});
        return true;
    }

    bool close()
    {
        m_stack.pop_back();
        return value();
    }

    std::string path() const
    {
        std::vector<std::string> parts;
        for (const Frame& f : m_stack) {
            if (f.object)
                parts.push_back(f.key.empty() ? std::string() : "." + f.key);
            else // appended, not "[" + ...: GCC 12 reports a false -Wrestrict for that at -O3
                parts.push_back(std::string("[").append(std::to_string(f.index)).append("]"));
        }
        // A deep path is shortened in the middle: the message must stay one line.
        std::string out = m_root;
        const std::size_t keep = 4;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (parts.size() > 2 * keep && i == keep) {
                out += ".(" + std::to_string(parts.size() - 2 * keep) + " levels)";
                i = parts.size() - keep - 1;
                continue;
            }
            out += parts[i];
        }
        if (!out.empty() && out.front() == '.')
            out.erase(0, 1);
        if (out.empty())
            out = "top level";
        // Control characters in a key would break the one-line message.
        for (char& c : out)
            if (static_cast<unsigned char>(c) < 0x20)
                c = '?';
        if (out.size() > 200)
            out = out.substr(0, 200) + "...";
        return out;
    }

    bool fail(const std::string& where, const std::string& what)
    {
        m_error = where.empty() ? what : where + ": " + what;
        return false;
    }
};

} // namespace

InputFile::InputFile(const std::string& path, std::size_t maxBytes) : m_path(path), m_maxBytes(maxBytes)
{
    if (path.empty())
        throw InputError("'': the file name is empty");
    // O_NONBLOCK: opening a FIFO without a writer must not wait for one.
    Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0)
        throw InputError(path + ": cannot open the file (" + std::system_category().message(errno) + ")");
    struct stat st
    {
    };
    if (::fstat(fd.get(), &st) != 0)
        throw InputError(path + ": cannot stat the file (" + std::system_category().message(errno) + ")");
    if (!S_ISREG(st.st_mode))
        throw InputError(path + ": is " + fileKind(st.st_mode) + ", not a regular file");
    if (static_cast<std::uint64_t>(st.st_size) > maxBytes)
        throw InputError(path + ": is " + std::to_string(st.st_size) + " bytes, more than the " +
                         mib(maxBytes) + " this reader accepts");
    m_size = static_cast<std::uint64_t>(st.st_size);
    m_fd = fd.release();
}

InputFile::~InputFile()
{
    ::close(m_fd);
}

std::size_t InputFile::readAt(std::uint64_t offset, void* dst, std::size_t n)
{
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r =
            ::pread(m_fd, static_cast<char*>(dst) + got, n - got, static_cast<off_t>(offset + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            throw InputError(m_path + ": read failed (" + std::system_category().message(errno) + ")");
        if (r == 0)
            break;
        got += static_cast<std::size_t>(r);
    }
    return got;
}

std::string InputFile::readAll()
{
    std::string text;
    text.resize(static_cast<std::size_t>(m_size));
    std::size_t got = 0;
    // Read to EOF, at most maxBytes + 1: a file that grows while it is read is still bounded.
    for (;;) {
        if (got == text.size()) {
            if (text.size() > m_maxBytes)
                throw InputError(m_path + ": is more than the " + mib(m_maxBytes) + " this reader accepts");
            text.resize(std::min(m_maxBytes + 1, std::max<std::size_t>(text.size() * 2, 4096)));
        }
        const std::size_t r = readAt(got, text.data() + got, text.size() - got);
        got += r;
        if (r == 0 || got < text.size())
            break;
    }
    text.resize(got);
    return text;
}

std::string readInputFile(const std::string& path, std::size_t maxBytes)
{
    InputFile file(path, maxBytes);
    return file.readAll();
}

void checkJsonText(const std::string& text, const std::string& root, int maxDepth)
{
    // nlohmann's lexer takes a NUL byte for the end of the input, which would accept a valid
    // value followed by a NUL and anything at all.
    if (const auto nul = text.find('\0'); nul != std::string::npos)
        throw InputError((root.empty() ? "" : root + ": ") + "not valid JSON at " +
                         lineColumnAt(text, nul + 1) + ": a NUL byte");
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw InputError((root.empty() ? "" : root + ": ") + "not valid JSON: the text is empty");
    CheckingSax sax(text, root, maxDepth);
    // strict: nothing but whitespace may follow the value.
    if (!nlohmann::json::sax_parse(text, &sax, nlohmann::json::input_format_t::json, true, false))
        throw InputError(sax.error().empty() ? root + ": not valid JSON" : sax.error());
}

} // namespace poolscope
