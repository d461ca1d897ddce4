#include "core/process/taskregistry.h"

#include "core/workload/workload.h"

#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <sys/mman.h>
#include <unistd.h>

namespace poolscope {

const TaskFn* TaskTable::find(const std::string& name) const
{
    auto it = m_byName.find(name);
    return it == m_byName.end() ? nullptr : &it->second;
}

const std::string* TaskTable::nameOf(const void* address) const
{
    auto it = m_byAddress.find(address);
    return it == m_byAddress.end() ? nullptr : &it->second;
}

std::vector<std::string> TaskTable::names() const
{
    std::vector<std::string> out;
    out.reserve(m_byName.size());
    for (const auto& [name, fn] : m_byName)
        out.push_back(name);
    return out;
}

void TaskRegistry::throwArgCount(const std::string& name, std::size_t expected, std::size_t given)
{
    // Python: "f() takes 1 positional argument but 2 were given"
    throw TypeError(name + "() takes " + std::to_string(expected) + " positional argument" +
                    (expected == 1 ? "" : "s") + " but " + std::to_string(given) +
                    (given == 1 ? " was" : " were") + " given");
}

void throwUnknownTask(const std::string& name)
{
    throw PyError("AttributeError", "Can't get attribute '" + name + "' on <task registry>");
}

std::any runTask(const TaskTable& table, const FunctionRef& fn, const std::vector<std::any>& args)
{
    if (fn.name == kProcessChunk) {
        // _process_chunk(fn, chunk): [fn(*args) for args in chunk]
        if (args.size() != 2)
            throw TypeError("_process_chunk() takes 2 positional arguments but " +
                            std::to_string(args.size()) + " were given");
        const auto* inner = std::any_cast<FunctionRef>(&args[0]);
        if (!inner)
            throw TypeError("_process_chunk() expects a function and a list of argument lists");
        if (const auto* flat = std::any_cast<ChunkArgs>(&args[1])) {
            const TaskFn* task = inner->name == kProcessChunk ? nullptr : table.find(inner->name);
            if (!task)
                throwUnknownTask(inner->name);
            std::vector<std::any> results;
            results.reserve(flat->calls());
            std::vector<std::any> callArgs(flat->arity); // reused: no allocation per call
            for (std::size_t c = 0; c < flat->calls(); ++c) {
                for (std::uint32_t a = 0; a < flat->arity; ++a)
                    callArgs[a] = flat->flat[c * flat->arity + a];
                results.push_back((*task)(callArgs));
            }
            return results;
        }
        const auto* chunk = std::any_cast<std::vector<std::any>>(&args[1]);
        if (!chunk)
            throw TypeError("_process_chunk() expects a function and a list of argument lists");
        std::vector<std::any> results;
        results.reserve(chunk->size());
        for (const auto& callArgs : *chunk) {
            const auto* list = std::any_cast<std::vector<std::any>>(&callArgs);
            if (!list)
                throw TypeError("_process_chunk(): each chunk element must be an argument list");
            results.push_back(runTask(table, *inner, *list));
        }
        return results;
    }
    const TaskFn* task = table.find(fn.name);
    if (!task)
        throwUnknownTask(fn.name);
    return (*task)(args);
}

namespace {

const std::vector<std::string> kDieModes = {"sigkill", "abort", "segfault", "exit", "sigterm"};

std::any workloadTask(const std::vector<std::any>& args)
{
    if (args.size() != 2)
        throw TypeError("workload() takes 2 positional arguments but " + std::to_string(args.size()) +
                        " were given");
    // Workers run one task at a time on one thread; caching the last parsed spec
    // keeps JSON parsing off the per-task path.
    thread_local std::string lastJson;
    thread_local WorkloadSpec lastSpec;
    const auto json = valueAs<std::string>(args[0]);
    if (json != lastJson) {
        try {
            lastSpec = workloadSpecFromJson(json);
        } catch (const std::invalid_argument& e) {
            throw ValueError(e.what());
        }
        lastJson = json;
    }
    std::any result = makeTask(lastSpec, valueAs<std::int64_t>(args[1]))();
    // Normalise to the three result types that cross: int64, double, string.
    if (const auto* i = std::any_cast<int>(&result))
        return static_cast<std::int64_t>(*i);
    if (const auto* u = std::any_cast<std::uint64_t>(&result))
        return static_cast<std::int64_t>(*u);
    if (const auto* f = std::any_cast<float>(&result))
        return static_cast<double>(*f);
    return result;
}

std::int64_t identityInt(std::int64_t x)
{
    return x;
}
std::int64_t square(std::int64_t x)
{
    return x * x;
}
std::int64_t currentPid()
{
    return static_cast<std::int64_t>(getpid());
}

std::int64_t sleepMs(double ms)
{
    const auto ns = static_cast<long long>(ms * 1e6);
    timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    while (nanosleep(&ts, &ts) != 0) {
    }
    return static_cast<std::int64_t>(getpid());
}

std::int64_t raiseError(std::string type, const std::string& message)
{
    if (type == "std::out_of_range")
        throw std::out_of_range(message);
    throw PyError(std::move(type), message);
}

std::int64_t die(const std::string& mode)
{
    if (mode == "sigkill") {
        kill(getpid(), SIGKILL);
    } else if (mode == "abort") {
        std::abort();
    } else if (mode == "segfault") {
        // A real invalid access, not raise(): an inaccessible page makes the CPU fault.
        void* page = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        *static_cast<volatile int*>(page) = 1;
    } else if (mode == "exit") {
        _exit(3);
    } else if (mode == "sigterm") {
        kill(getpid(), SIGTERM);
    }
    for (;;)
        pause();
}

std::string bigResult(std::int64_t bytes)
{
    std::string s(static_cast<std::size_t>(bytes), 'x');
    for (std::size_t i = 0; i < s.size(); i += 97)
        s[i] = static_cast<char>('a' + (i / 97) % 26);
    return s;
}

} // namespace

const std::vector<std::string>& builtinTaskNames()
{
    static const std::vector<std::string> names = {
        "workload", "identity", "identity_int",       "square",    "getpid", "sleep_ms",
        "raise",    "die",      "unpicklable_result", "big_result"};
    return names;
}

const std::vector<std::string>& dieModes()
{
    return kDieModes;
}

TaskRegistry::TaskRegistry() : m_table(std::make_shared<TaskTable>()) {}

TaskRegistry& TaskRegistry::global()
{
    static TaskRegistry* registry = [] {
        auto* r = new TaskRegistry; // never destroyed: workers and late threads may still look names up
        r->add("workload", TaskFn(&workloadTask)); // erased: takes the argument list itself
        r->add("identity", [](const std::vector<std::any>& args) -> std::any {
            if (args.size() != 1)
                throwArgCount("identity", 1, args.size());
            return args[0];
        });
        r->add("identity_int", &identityInt);
        r->add("square", &square);
        r->add("getpid", &currentPid);
        r->add("sleep_ms", &sleepMs);
        r->add("raise", &raiseError);
        r->add("die", [](const std::vector<std::any>& args) -> std::any {
            if (args.size() != 1)
                throwArgCount("die", 1, args.size());
            const auto mode = valueAs<std::string>(args[0]);
            bool known = false;
            for (const auto& m : kDieModes)
                known = known || m == mode;
            if (!known)
                throw ValueError("die(): unknown mode '" + mode + "'");
            return die(mode);
        });
        r->add("unpicklable_result", [](const std::vector<std::any>& args) -> std::any {
            if (!args.empty())
                throwArgCount("unpicklable_result", 0, args.size());
            // A lock cannot be pickled in Python either.
            return std::make_shared<std::mutex>();
        });
        r->add("big_result", &bigResult);
        return r;
    }();
    return *registry;
}

void TaskRegistry::add(const std::string& name, TaskFn fn, const void* address)
{
    std::lock_guard lock(m_mutex);
    auto next = std::make_shared<TaskTable>(*m_table);
    if (auto old = next->m_byName.find(name); old != next->m_byName.end()) {
        for (auto it = next->m_byAddress.begin(); it != next->m_byAddress.end();) {
            if (it->second == name)
                it = next->m_byAddress.erase(it);
            else
                ++it;
        }
    }
    next->m_byName[name] = std::move(fn);
    if (address)
        next->m_byAddress[address] = name;
    m_table = std::move(next);
}

bool TaskRegistry::remove(const std::string& name)
{
    std::lock_guard lock(m_mutex);
    if (!m_table->contains(name))
        return false;
    auto next = std::make_shared<TaskTable>(*m_table);
    next->m_byName.erase(name);
    for (auto it = next->m_byAddress.begin(); it != next->m_byAddress.end();) {
        if (it->second == name)
            it = next->m_byAddress.erase(it);
        else
            ++it;
    }
    m_table = std::move(next);
    return true;
}

TaskTablePtr TaskRegistry::snapshot() const
{
    std::lock_guard lock(m_mutex);
    return m_table;
}

} // namespace poolscope
