#include "core/workload/workload.h"

#include "core/events/event.h"
#include "core/futures/errors.h"
#include "core/workload/gil.h"
#include "core/workload/httpserver.h"
#include "core/workload/taskpartscope.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <gmp.h>
#include <nettle/sha2.h>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <sys/resource.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace poolscope {

namespace {
const std::vector<std::pair<std::string, std::string>> kHelp = {
    {"noop", "returns at once: the executor's own overhead (payload)"},
    {"sleep", "time.sleep(task_ms), releases the GIL (task_ms)"},
    {"spin", "a pure-Python busy loop for task_ms of CPU time, checks the eval breaker (task_ms)"},
    {"http", "GET from the run's loopback HTTP server, releases the GIL while waiting (latency_ms, bytes)"},
    {"file", "write + fsync + read back a file in the run's temp dir, releases the GIL (bytes)"},
    {"factorial", "math.factorial(n) with GMP: one C call that holds the GIL throughout (n, inputs)"},
    {"primes", "count primes below n by trial division, a Python loop (n, inputs)"},
    {"hash", "rounds of hashlib.sha256 over a buffer; >= 2048 bytes releases the GIL (rounds, bytes)"},
    {"mixed",
     "an http fetch (io_ms of server latency) then cpu_ms of CPU work, in each task (io_ms, cpu_ms, bytes)"},
};

const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    names.reserve(std::size(kHelp));
    for (const auto& [name, help] : kHelp)
        names.push_back(name);
    return names;
}();

constexpr std::int64_t kMaxBytes = std::int64_t(1) << 30;
constexpr std::int64_t kMaxFactorialN =
    2'000'000'000; // mpz_fac_ui takes an unsigned long; memory is the real limit
constexpr std::int64_t kMaxPrimesN = 100'000'000'000LL;

std::int64_t threadCpuNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

[[noreturn]] void bad(const std::string& field, const std::string& why)
{
    throw std::invalid_argument("workload." + field + ": " + why);
}

double numberField(const nlohmann::json& j, const char* field, double min, double max)
{
    const auto& v = j.at(field);
    if (!v.is_number())
        bad(field, "must be a number, got " + std::string(v.type_name()));
    const double d = v.get<double>();
    if (!(d >= min && d <= max))
        bad(field, v.dump() + " is out of range (" + nlohmann::json(min).dump() + ".." +
                       nlohmann::json(max).dump() + ")");
    return d;
}

std::int64_t integerField(const nlohmann::json& v, const std::string& field, std::int64_t min,
                          std::int64_t max)
{
    if (!v.is_number_integer())
        bad(field, "must be a whole number, got " + (v.is_number() ? v.dump() : std::string(v.type_name())));
    const std::int64_t i =
        v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)
            ? INT64_MAX
            : v.get<std::int64_t>();
    if (i < min || i > max)
        bad(field, v.dump() + " is out of range (" + std::to_string(min) + ".." + std::to_string(max) + ")");
    return i;
}

std::int64_t orDefault(std::int64_t v, std::int64_t fallback)
{
    return v > 0 ? v : fallback;
}

std::atomic<std::uint64_t> g_fileCounter{0};
} // namespace

const std::vector<std::string>& workloadNames()
{
    return kNames;
}
const std::vector<std::pair<std::string, std::string>>& workloadHelp()
{
    return kHelp;
}

bool isWorkload(const std::string& name)
{
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

bool workloadNeedsHttp(const std::string& name)
{
    return name == "http" || name == "mixed";
}

bool workloadIsCpuBound(const std::string& name)
{
    return name == "factorial" || name == "primes" || name == "hash" || name == "spin";
}

bool workloadTakesTargetMs(const std::string& name)
{
    return name == "factorial" || name == "primes" || name == "hash";
}

std::string workloadSpecToJson(const WorkloadSpec& spec)
{
    nlohmann::json j{{"name", spec.name},
                     {"task_ms", spec.taskMs},
                     {"n", spec.n},
                     {"inputs", spec.inputs},
                     {"rounds", spec.rounds},
                     {"bytes", spec.bytes},
                     {"latency_ms", spec.latencyMs},
                     {"io_ms", spec.ioMs},
                     {"cpu_ms", spec.cpuMs},
                     {"payload", spec.payload}};
    // Written only when set, so the files of scenarios sized by n stay as they were.
    if (spec.targetMs > 0)
        j["target_ms"] = spec.targetMs;
    if (spec.httpPort > 0)
        j["http_port"] = spec.httpPort;
    if (!spec.dir.empty())
        j["dir"] = spec.dir;
    // The argument's payload: real bytes in the call item, like a pickled argument.
    if (spec.payload > 0)
        j["payload_arg"] = std::string(static_cast<std::size_t>(spec.payload), 'a');
    return j.dump();
}

WorkloadSpec workloadSpecFromJson(const std::string& text)
{
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded())
        throw std::invalid_argument("workload: not valid JSON");
    if (!j.is_object())
        throw std::invalid_argument("workload: must be a JSON object, got " + std::string(j.type_name()));
    static const std::vector<std::string> known = {
        "name",  "task_ms", "n",       "inputs",      "rounds",    "bytes", "latency_ms",
        "io_ms", "cpu_ms",  "payload", "payload_arg", "http_port", "dir",   "target_ms"};
    for (const auto& [key, value] : j.items())
        if (std::find(known.begin(), known.end(), key) == known.end())
            bad(key, "unknown field");
    WorkloadSpec spec;
    if (j.contains("name")) {
        if (!j["name"].is_string())
            bad("name", "must be a string");
        spec.name = j["name"].get<std::string>();
        if (!isWorkload(spec.name)) {
            std::string list;
            for (const auto& n : kNames)
                list += (list.empty() ? "" : ", ") + n;
            bad("name", "unknown workload '" + spec.name + "' (one of " + list + ")");
        }
    }
    if (j.contains("task_ms"))
        spec.taskMs = numberField(j, "task_ms", 0.0, 3'600'000.0);
    if (j.contains("n"))
        spec.n = integerField(j["n"], "n", 0, spec.name == "factorial" ? kMaxFactorialN : kMaxPrimesN);
    if (j.contains("inputs")) {
        if (!j["inputs"].is_array())
            bad("inputs", "must be an array of whole numbers");
        for (std::size_t i = 0; i < j["inputs"].size(); ++i)
            spec.inputs.push_back(integerField(j["inputs"][i], "inputs[" + std::to_string(i) + "]", 0,
                                               spec.name == "factorial" ? kMaxFactorialN : kMaxPrimesN));
    }
    if (j.contains("rounds"))
        spec.rounds = integerField(j["rounds"], "rounds", 0, 1'000'000'000);
    if (j.contains("bytes"))
        spec.bytes = integerField(j["bytes"], "bytes", -1, kMaxBytes);
    if (j.contains("latency_ms"))
        spec.latencyMs = numberField(j, "latency_ms", 0.0, 600'000.0);
    if (j.contains("io_ms"))
        spec.ioMs = numberField(j, "io_ms", 0.0, 600'000.0);
    if (j.contains("cpu_ms"))
        spec.cpuMs = numberField(j, "cpu_ms", 0.0, 3'600'000.0);
    if (j.contains("payload"))
        spec.payload = integerField(j["payload"], "payload", 0, kMaxBytes);
    if (j.contains("target_ms"))
        spec.targetMs = numberField(j, "target_ms", 0.0, 3'600'000.0);
    if (j.contains("payload_arg")) {
        if (!j["payload_arg"].is_string())
            bad("payload_arg", "must be a string");
        const auto size = static_cast<std::int64_t>(j["payload_arg"].get_ref<const std::string&>().size());
        if (size != spec.payload)
            bad("payload_arg",
                "holds " + std::to_string(size) + " bytes but payload is " + std::to_string(spec.payload));
    }
    if (j.contains("http_port"))
        spec.httpPort = static_cast<int>(integerField(j["http_port"], "http_port", 0, 65535));
    if (j.contains("dir")) {
        if (!j["dir"].is_string())
            bad("dir", "must be a string");
        spec.dir = j["dir"].get<std::string>();
    }
    return spec;
}

std::int64_t workloadInput(const WorkloadSpec& spec, std::int64_t index)
{
    if (!spec.inputs.empty())
        return spec.inputs[static_cast<std::size_t>(index % static_cast<std::int64_t>(spec.inputs.size()))];
    if (spec.n > 0)
        return spec.n;
    return spec.name == "factorial" ? WorkloadDefaults::factorialN : WorkloadDefaults::primesN;
}

void validateWorkloadSpec(const WorkloadSpec& spec)
{
    auto whole = [](const std::string& field, std::int64_t v, std::int64_t min, std::int64_t max) {
        if (v < min || v > max)
            bad(field, std::to_string(v) + " is out of range (" + std::to_string(min) + ".." +
                           std::to_string(max) + ")");
    };
    auto real = [](const std::string& field, double v, double min, double max) {
        if (!(v >= min && v <= max))
            bad(field, nlohmann::json(v).dump() + " is out of range (" + nlohmann::json(min).dump() + ".." +
                           nlohmann::json(max).dump() + ")");
    };
    if (!isWorkload(spec.name))
        bad("name", "unknown workload '" + spec.name + "'");
    const std::int64_t maxN = spec.name == "factorial" ? kMaxFactorialN : kMaxPrimesN;
    real("task_ms", spec.taskMs, 0.0, 3'600'000.0);
    whole("n", spec.n, 0, maxN);
    for (std::size_t i = 0; i < spec.inputs.size(); ++i)
        whole("inputs[" + std::to_string(i) + "]", spec.inputs[i], 0, maxN);
    whole("rounds", spec.rounds, 0, 1'000'000'000);
    whole("bytes", spec.bytes, -1, kMaxBytes);
    real("latency_ms", spec.latencyMs, 0.0, 600'000.0);
    real("io_ms", spec.ioMs, 0.0, 600'000.0);
    real("cpu_ms", spec.cpuMs, 0.0, 3'600'000.0);
    whole("payload", spec.payload, 0, kMaxBytes);
    real("target_ms", spec.targetMs, 0.0, 3'600'000.0);
}

std::int64_t factorialResultBytes(std::int64_t n)
{
    if (n < 2)
        return 1;
    // log2(n!) = lgamma(n + 1) / ln 2, a few bits over at most for these n.
    const double bits = std::lgamma(static_cast<double>(n) + 1.0) / std::log(2.0);
    return static_cast<std::int64_t>(bits / 8.0) + 1;
}

WorkloadMemory workloadMemory(const WorkloadSpec& spec, std::int64_t index)
{
    WorkloadMemory m;
    const std::string& name = spec.name;
    auto bytesOr = [&](std::int64_t fallback) { return spec.bytes >= 0 ? spec.bytes : fallback; };
    if (name == "factorial") {
        const std::int64_t n = workloadInput(spec, index);
        m.resultBytes = factorialResultBytes(n);
        // mpz_fac_ui peaks at about 3.5x its result (measured with GMP 6.2: 88 MB for 30000000!
        // took 305 MB), then the result is copied out, and the process pool encodes one more copy.
        m.peakBytes = 6 * m.resultBytes;
        m.field =
            !spec.inputs.empty()
                ? "inputs[" + std::to_string(index % static_cast<std::int64_t>(spec.inputs.size())) + "]"
                : "n";
    } else if (name == "hash") {
        m.peakBytes = bytesOr(WorkloadDefaults::hashBytes);
        m.resultBytes = 32;
        m.field = "bytes";
    } else if (name == "file") {
        m.peakBytes = 2 * bytesOr(WorkloadDefaults::fileBytes); // what is written and what is read back
        m.resultBytes = 8;
        m.field = "bytes";
    } else if (name == "http" || name == "mixed") {
        // The server's body, the client's copy and, for http, the result.
        m.peakBytes = 3 * bytesOr(WorkloadDefaults::httpBytes);
        m.resultBytes = name == "http" ? bytesOr(WorkloadDefaults::httpBytes) : 8;
        m.field = "bytes";
    } else {
        m.resultBytes = 8;
    }
    if (spec.payload > 0) {
        // The argument's copy in the call item and the result of `payload` bytes.
        m.peakBytes += 2 * spec.payload;
        m.resultBytes = spec.payload;
        m.field = "payload";
    }
    return m;
}

std::int64_t machineMemoryBytes()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    std::int64_t bytes = pages > 0 && pageSize > 0 ? static_cast<std::int64_t>(pages) * pageSize : INT64_MAX;
    rlimit as{};
    if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY &&
        as.rlim_cur < static_cast<rlim_t>(bytes))
        bytes = static_cast<std::int64_t>(as.rlim_cur);
    return bytes;
}

std::uint64_t spinFor(double cpuMs)
{
    // Thread CPU time, not wall time: a thread that waits for the GIL, or for a
    // core the machine gives to someone else, is not doing its work meanwhile.
    const std::int64_t end = threadCpuNs() + static_cast<std::int64_t>(cpuMs * 1e6);
    std::uint64_t x = 0x9E3779B97F4A7C15ULL;
    do {
        for (int i = 0; i < 4096; ++i) // ~10 us of xorshift between checks
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        gilCheck();
    } while (threadCpuNs() < end);
    return x;
}

std::int64_t countPrimesBelow(std::int64_t n)
{
    // The body of a pure-Python loop: the eval breaker is checked on every pass.
    std::int64_t count = 0;
    for (std::int64_t k = 2; k < n; ++k) {
        bool prime = true;
        for (std::int64_t d = 2; d * d <= k; ++d) {
            if (k % d == 0) {
                prime = false;
                break;
            }
        }
        count += prime ? 1 : 0;
        gilCheck();
    }
    return count;
}

std::string sha256Rounds(std::int64_t rounds, std::int64_t bytes)
{
    std::string buffer(static_cast<std::size_t>(bytes), '\0');
    for (std::size_t i = 0; i < buffer.size(); ++i)
        buffer[i] = static_cast<char>((i * 131) & 0xff);
    std::uint8_t digest[SHA256_DIGEST_SIZE] = {};
    // hashlib releases the GIL while it hashes 2048 bytes or more (HASHLIB_GIL_MINSIZE).
    const bool releases = bytes >= 2048;
    for (std::int64_t r = 0; r < rounds; ++r) {
        sha256_ctx ctx;
        sha256_init(&ctx);
        if (releases) {
            GilReleased unlocked;
            sha256_update(&ctx, buffer.size(), reinterpret_cast<const std::uint8_t*>(buffer.data()));
        } else {
            sha256_update(&ctx, buffer.size(), reinterpret_cast<const std::uint8_t*>(buffer.data()));
        }
        sha256_update(&ctx, sizeof digest, digest); // chain the rounds
        sha256_digest(&ctx, sizeof digest, digest);
        gilCheck();
    }
    return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

std::string factorialBytes(std::int64_t n)
{
    // math.factorial is one C call: it never checks the eval breaker, so under
    // the GIL it keeps the lock until it returns.
    mpz_t f;
    mpz_init(f);
    {
        // One C call the run cannot hold on a thread (a forked worker is stopped instead).
        const UnfreezableWork unheld;
        mpz_fac_ui(f, static_cast<unsigned long>(n));
    }
    // Little-endian magnitude bytes: what pickle writes for a long (LONG4), give or take a byte.
    const std::size_t size = (mpz_sizeinbase(f, 2) + 7) / 8;
    std::string out(size, '\0');
    std::size_t written = 0;
    mpz_export(out.data(), &written, -1, 1, -1, 0, f);
    out.resize(written);
    mpz_clear(f);
    return out;
}

std::int64_t fileRoundTrip(const std::string& dir, std::int64_t bytes, std::int64_t index)
{
    namespace fs = std::filesystem;
    const fs::path base = dir.empty() ? fs::temp_directory_path() : fs::path(dir);
    const fs::path path = base / ("poolscope-" + std::to_string(::getpid()) + "-" + std::to_string(index) +
                                  "-" + std::to_string(g_fileCounter.fetch_add(1)) + ".dat");
    std::string data(static_cast<std::size_t>(bytes), '\0');
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>((i * 7 + static_cast<std::size_t>(index)) & 0xff);
    std::string shown = "an unnamed file in '" + base.string() + "'";
    auto fail = [&](const char* what) -> PyError {
        const int err = errno;
        return PyError("OSError", std::string("[Errno ") + std::to_string(err) + "] " +
                                      std::system_category().message(err) + ": " + what + " " + shown);
    };
    // os.write / os.fsync / os.read release the GIL around the system call.
    GilReleased unlocked;
    // The file never has a name (O_TMPFILE), so nothing is left behind whatever ends the process,
    // SIGKILL included: the kernel frees it with the last descriptor. Where the filesystem cannot
    // do that, the file is unlinked as soon as it is open.
    int fd = ::open(base.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        shown = "'" + path.string() + "'";
        fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::unlink(path.c_str());
    }
    if (fd < 0)
        throw fail("open");
    for (std::size_t off = 0; off < data.size();) {
        const ssize_t w = ::write(fd, data.data() + off, data.size() - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            ::close(fd);
            throw fail("write");
        }
        off += static_cast<std::size_t>(w);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        throw fail("fsync");
    }
    std::string back(data.size(), '\0');
    std::size_t got = 0;
    while (got < back.size()) {
        const ssize_t r = ::pread(fd, back.data() + got, back.size() - got, static_cast<off_t>(got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += static_cast<std::size_t>(r);
    }
    ::close(fd);
    if (got != data.size() || back != data)
        throw PyError("OSError", "read back " + std::to_string(got) + " of " + std::to_string(data.size()) +
                                     " bytes that differ from what was written to " + shown);
    return static_cast<std::int64_t>(got);
}

std::function<std::any()> makeTask(const WorkloadSpec& spec, std::int64_t index)
{
    std::function<std::any()> body;
    const std::string& name = spec.name;
    if (name == "sleep") {
        const auto d = std::chrono::duration<double, std::milli>(spec.taskMs);
        body = [d, index]() -> std::any {
            GilReleased unlocked; // time.sleep releases the GIL
            sleepOnRunClock(currentRunGate(), d.count());
            return index;
        };
    } else if (name == "spin") {
        const double ms = spec.taskMs;
        body = [ms]() -> std::any { return static_cast<std::int64_t>(spinFor(ms) & 0xffff); };
    } else if (name == "http") {
        const int port = spec.httpPort;
        const double latency = spec.latencyMs;
        const std::int64_t bytes = spec.bytes >= 0 ? spec.bytes : WorkloadDefaults::httpBytes;
        // load_url returns conn.read(): the body is the result.
        body = [port, latency, bytes]() -> std::any { return httpFetch(port, latency, bytes); };
    } else if (name == "file") {
        const std::string dir = spec.dir;
        const std::int64_t bytes = spec.bytes >= 0 ? spec.bytes : WorkloadDefaults::fileBytes;
        body = [dir, bytes, index]() -> std::any { return fileRoundTrip(dir, bytes, index); };
    } else if (name == "factorial") {
        const std::int64_t n = workloadInput(spec, index);
        // compute_factorial returns the int itself; its bytes are what crosses a pipe.
        body = [n]() -> std::any { return factorialBytes(n); };
    } else if (name == "primes") {
        const std::int64_t n = workloadInput(spec, index);
        body = [n]() -> std::any { return countPrimesBelow(n); };
    } else if (name == "hash") {
        const std::int64_t rounds = orDefault(spec.rounds, WorkloadDefaults::hashRounds);
        const std::int64_t bytes = spec.bytes >= 0 ? spec.bytes : WorkloadDefaults::hashBytes;
        body = [rounds, bytes]() -> std::any { return sha256Rounds(rounds, bytes); };
    } else if (name == "mixed") {
        const int port = spec.httpPort;
        const double io = spec.ioMs;
        const double cpu = spec.cpuMs;
        const std::int64_t bytes = spec.bytes >= 0 ? spec.bytes : WorkloadDefaults::httpBytes;
        body = [port, io, cpu, bytes]() -> std::any {
            enterTaskPart(TaskPart::Io);
            std::string page;
            {
                GilReleased unlocked; // what httpFetch releases, held open past the fetch:
                page = httpFetch(port, io, bytes);
                // the I/O part ends with the response, before the GIL is taken back, so a wait
                // for it counts in the CPU part, as it does in any CPU-bound task.
                enterTaskPart(TaskPart::Cpu);
            }
            return static_cast<std::int64_t>((spinFor(cpu) & 0xffff) + page.size());
        };
    } else if (name == "noop") {
        body = [index]() -> std::any { return index; };
    } else {
        throw std::invalid_argument("workload.name: unknown workload '" + name + "'");
    }
    if (spec.payload > 0) {
        const auto size = static_cast<std::size_t>(spec.payload);
        return [body = std::move(body), size]() -> std::any {
            body();
            return std::string(size, 'r');
        };
    }
    return body;
}

} // namespace poolscope
