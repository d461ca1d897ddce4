#include "core/run/csvexport.h"

#include "core/events/heldtime.h"
#include "core/futures/future.h"

#include <algorithm>
#include <unordered_map>

namespace poolscope {

namespace {

constexpr std::int64_t kNone = -1;

// How far a task got, in the order the window's chips move (ui/model/viewmodel.h ChipPlace):
// a stamp taken "only the first time it gets here" compares against it.
enum class Place : std::uint8_t
{
    Caller,
    WorkIds,
    Manager,
    WorkQueue,
    CallQueue,
    CallPipe,
    Worker,
    ResultPipe,
    Returned,
    Future
};

// One task's stage timestamps, built from its events as the window's scene state builds them
// (ui/model/scenestate.cpp), so the table and the inspector agree.
struct Task
{
    std::int64_t id = -1;
    std::int64_t index = -1;
    bool process = false;
    Place place = Place::Caller;
    bool resolved = false;
    std::int32_t worker = 0;
    bool gilWaiting = false;
    std::int64_t tSubmit = kNone, tQueued = kNone, tDequeued = kNone, tCallQueue = kNone, tSerialized = kNone,
                 tWorkerGet = kNone, tStart = kNone, tEnd = kNone, tResultSerialized = kNone,
                 tResultRead = kNone, tResolved = kNone, tGilRequest = kNone;
    std::int64_t gilWaitNs = 0;
    std::int32_t gilWaits = 0;
    std::int64_t callBytes = -1, resultBytes = -1;
    // A mixed task's parts, as the scene folds them (SceneState::closePart).
    bool hasParts = false;
    std::int64_t ioNs = 0, cpuNs = 0, tPart = kNone;
    std::int64_t openPart = -1;

    void closePart(std::int64_t t)
    {
        if (openPart < 0 || tPart == kNone)
            return;
        const std::int64_t ns = std::max<std::int64_t>(0, t - tPart);
        if (openPart == static_cast<std::int64_t>(TaskPart::Io))
            ioNs += ns;
        else
            cpuNs += ns;
        openPart = -1;
        tPart = kNone;
    }

    void advance(Place p)
    {
        if (p > place)
            place = p;
    }
};

class StageBuilder
{
public:
    void apply(const Event& e)
    {
        const std::int64_t t = e.tNs;
        switch (e.kind) {
        case EventKind::ExecutorCreated:
            m_process[e.executor] = e.value2 == 1;
            break;
        case EventKind::Submit:
        case EventKind::WorkItemCreated:
        case EventKind::PendingInsert:
            if (e.task >= 0)
                taskFor(e);
            break;
        case EventKind::WorkQueuePut:
        case EventKind::WorkIdPut:
            if (e.task >= 0) {
                Task& k = taskFor(e);
                if (k.place <= Place::Caller && !k.resolved) {
                    k.tQueued = t;
                    k.advance(e.kind == EventKind::WorkQueuePut ? Place::WorkQueue : Place::WorkIds);
                }
            }
            break;
        case EventKind::WorkQueueGet:
            if (!(e.value2 == 1 || e.task < 0))
                workerTakes(e, &Task::tDequeued);
            break;
        case EventKind::WorkerGet:
            if (e.task >= 0)
                workerTakes(e, &Task::tWorkerGet);
            break;
        case EventKind::WorkIdGet:
            if (e.task >= 0)
                managerTakes(e, &Task::tDequeued, Place::Manager);
            break;
        case EventKind::ResultPipeRead:
            if (e.task >= 0)
                managerTakes(e, &Task::tResultRead, Place::Returned);
            break;
        case EventKind::CallQueuePut:
            if (e.task >= 0) {
                Task& k = taskFor(e);
                if (k.place < Place::CallQueue) {
                    k.tCallQueue = t;
                    k.advance(Place::CallQueue);
                }
            }
            break;
        case EventKind::FeederSerialize:
            if (e.task >= 0) {
                Task& k = taskFor(e);
                k.tSerialized = t;
                k.callBytes = e.value;
                k.advance(Place::CallPipe);
            }
            break;
        case EventKind::PipeWrite:
            if (e.task >= 0 && e.value2 == static_cast<std::int64_t>(Pipe::Call)) {
                Task& k = taskFor(e);
                if (k.tSerialized == kNone)
                    k.tSerialized = t;
                if (k.callBytes < 0)
                    k.callBytes = e.value;
                k.advance(Place::CallPipe);
            }
            break;
        case EventKind::ResultSerialize:
        case EventKind::ResultPipeWrite:
            if (e.task >= 0) {
                Task& k = taskFor(e);
                if (k.tResultSerialized == kNone)
                    k.tResultSerialized = t;
                if (k.resultBytes < 0)
                    k.resultBytes = e.value;
                k.advance(Place::ResultPipe);
            }
            break;
        case EventKind::TaskStart:
            if (e.task >= 0) {
                Task& k = taskFor(e);
                k.tStart = t;
                k.worker = e.worker;
                k.advance(Place::Worker);
                m_workerTask[e.worker] = e.task;
            }
            break;
        case EventKind::TaskPhase:
            if (e.task >= 0) {
                Task& k = taskFor(e);
                k.closePart(t);
                k.hasParts = true;
                k.openPart = e.value;
                k.tPart = t;
            }
            break;
        case EventKind::TaskEnd:
            if (e.task >= 0) {
                Task& k = taskFor(e);
                k.closePart(t);
                k.tEnd = t;
                if (k.tStart == kNone)
                    k.tStart = t - e.value;
                if (workerTask(e.worker) == e.task)
                    m_workerTask[e.worker] = -1;
            }
            break;
        case EventKind::IdleRelease:
        case EventKind::ThreadExit:
            m_workerTask[e.worker] = -1;
            break;
        case EventKind::FutureState:
            if (e.task >= 0) {
                Task& k = taskFor(e);
                const auto to = static_cast<FutureStatus>(e.value2);
                if (to == FutureStatus::Cancelled || to == FutureStatus::CancelledAndNotified ||
                    to == FutureStatus::Finished) {
                    if (!k.resolved) {
                        k.resolved = true;
                        k.tResolved = t;
                    }
                }
                if (to == FutureStatus::CancelledAndNotified || to == FutureStatus::Finished)
                    k.advance(Place::Future);
                if (to == FutureStatus::CancelledAndNotified && e.worker != 0 &&
                    workerTask(e.worker) == e.task)
                    m_workerTask[e.worker] = -1;
            }
            break;
        case EventKind::GilRequest:
            // Worker 0 is the caller: its waits belong to no task.
            if (e.worker != 0) {
                const std::int64_t id = e.task >= 0 ? e.task : workerTask(e.worker);
                if (id >= 0) {
                    Task& k = taskFor(id, e);
                    k.gilWaiting = true;
                    k.tGilRequest = t;
                }
            }
            break;
        case EventKind::GilAcquire:
            if (e.worker != 0) {
                const std::int64_t id = e.task >= 0 ? e.task : workerTask(e.worker);
                if (id >= 0) {
                    Task& k = taskFor(id, e);
                    if (k.gilWaiting) {
                        k.gilWaitNs += k.tGilRequest != kNone ? t - k.tGilRequest : e.value;
                        ++k.gilWaits;
                    }
                    k.gilWaiting = false;
                    k.tGilRequest = kNone;
                }
            }
            break;
        default:
            break;
        }
    }

    std::vector<TaskStageRow> rows() const
    {
        std::vector<TaskStageRow> out;
        out.reserve(m_order.size() * 4);
        for (std::int64_t id : m_order)
            stagesOf(m_tasks.at(id), out);
        return out;
    }

private:
    std::unordered_map<std::int64_t, Task> m_tasks;
    std::vector<std::int64_t> m_order;
    std::unordered_map<std::uint16_t, bool> m_process;           // executor -> process pool
    std::unordered_map<std::int32_t, std::int64_t> m_workerTask; // worker -> task it runs

    std::int64_t workerTask(std::int32_t worker) const
    {
        const auto it = m_workerTask.find(worker);
        return it == m_workerTask.end() ? -1 : it->second;
    }

    Task& taskFor(const Event& e) { return taskFor(e.task, e); }
    Task& taskFor(std::int64_t id, const Event& e)
    {
        auto [it, inserted] = m_tasks.try_emplace(id);
        if (inserted) {
            it->second.id = id;
            it->second.index = static_cast<std::int64_t>(m_order.size());
            it->second.tSubmit = e.tNs;
            const auto p = m_process.find(e.executor);
            it->second.process = p != m_process.end() && p->second;
            m_order.push_back(id);
        }
        return it->second;
    }

    void workerTakes(const Event& e, std::int64_t Task::*stamp)
    {
        Task& k = taskFor(e);
        k.*stamp = e.tNs;
        k.worker = e.worker;
        k.advance(Place::Worker);
        m_workerTask[e.worker] = e.task;
    }

    void managerTakes(const Event& e, std::int64_t Task::*stamp, Place place)
    {
        Task& k = taskFor(e);
        k.*stamp = e.tNs;
        k.advance(place);
    }

    // The inspector's rows (ui/model/viewmodel.cpp taskStages()).
    static void stagesOf(const Task& t, std::vector<TaskStageRow>& out)
    {
        auto add = [&](TaskStageId id, std::int64_t a, std::int64_t b, std::int64_t bytes = -1,
                       std::int32_t worker = 0) {
            if (a == kNone)
                return;
            TaskStageRow r;
            r.task = t.id;
            r.index = t.index;
            r.stage = id;
            r.startNs = a;
            r.endNs = b;
            r.bytes = bytes;
            r.worker = worker;
            out.push_back(r);
        };
        auto firstOf = [](std::initializer_list<std::int64_t> ts) {
            for (std::int64_t v : ts)
                if (v != kNone)
                    return v;
            return kNone;
        };
        if (!t.process) {
            add(TaskStageId::Queued, firstOf({t.tQueued, t.tSubmit}),
                firstOf({t.tDequeued, t.tStart, t.tResolved}));
            add(TaskStageId::Running, t.tStart, firstOf({t.tEnd, t.tResolved}), -1, t.worker);
        } else {
            add(TaskStageId::Queued, t.tSubmit, firstOf({t.tDequeued, t.tCallQueue, t.tResolved}));
            add(TaskStageId::WaitSlot, t.tDequeued, firstOf({t.tCallQueue, t.tResolved}));
            add(TaskStageId::CallPipe, t.tCallQueue, firstOf({t.tWorkerGet, t.tStart, t.tResolved}),
                t.callBytes);
            // A worker killed mid-task never reports TaskEnd: its task ran until the future resolved.
            add(TaskStageId::Running, firstOf({t.tStart, t.tWorkerGet}), firstOf({t.tEnd, t.tResolved}), -1,
                t.worker);
        }
        if (t.hasParts && !out.empty() && out.back().task == t.id &&
            out.back().stage == TaskStageId::Running) {
            out.back().hasParts = true;
            out.back().ioNs = t.ioNs;
            out.back().cpuNs = t.cpuNs;
        }
        if (t.gilWaits > 0 || t.gilWaiting) {
            TaskStageRow r;
            r.task = t.id;
            r.index = t.index;
            r.stage = TaskStageId::GilWait;
            r.count = t.gilWaits + (t.gilWaiting ? 1 : 0);
            r.worker = t.worker;
            r.startNs = t.gilWaiting ? t.tGilRequest : firstOf({t.tStart, t.tWorkerGet, t.tSubmit});
            r.endNs = t.gilWaiting ? kNone : r.startNs + t.gilWaitNs;
            out.push_back(r);
        }
        if (t.process)
            add(TaskStageId::ResultPipe, t.tResultSerialized, firstOf({t.tResultRead, t.tResolved}),
                t.resultBytes);
        if (t.tResolved != kNone)
            add(TaskStageId::Resolved, t.tResolved, t.tResolved);
    }
};

std::int64_t firstTime(const std::vector<Event>& events)
{
    std::int64_t t0 = events.empty() ? 0 : events.front().tNs;
    for (const Event& e : events)
        t0 = std::min(t0, e.tNs);
    return t0;
}

void endRow(std::string& out)
{
    out += "\r\n";
}

} // namespace

const char* taskStageName(TaskStageId id) noexcept
{
    switch (id) {
    case TaskStageId::Queued:
        return "queued";
    case TaskStageId::WaitSlot:
        return "waiting for a slot";
    case TaskStageId::CallPipe:
        return "call queue \xe2\x86\x92 pipe";
    case TaskStageId::Running:
        return "running";
    case TaskStageId::GilWait:
        return "GIL wait";
    case TaskStageId::ResultPipe:
        return "result pipe";
    case TaskStageId::Resolved:
        return "resolved";
    }
    return "?";
}

std::vector<TaskStageRow> taskStageRows(const std::vector<Event>& events)
{
    StageBuilder b;
    for (const Event& e : events)
        b.apply(e);
    return b.rows();
}

std::string csvField(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string stagesCsv(const std::vector<Event>& events)
{
    const std::int64_t t0 = firstTime(events);
    std::string out = "task,index,stage,worker,start_ns,duration_ns,bytes,gil_waits,io_ns,cpu_ns";
    endRow(out);
    for (const TaskStageRow& r : taskStageRows(events)) {
        out += std::to_string(r.task) + ',' + std::to_string(r.index) + ',' +
               csvField(taskStageName(r.stage)) + ',' + std::to_string(r.worker) + ',' +
               std::to_string(r.startNs - t0) + ',' +
               (r.endNs == kNone ? std::string() : std::to_string(r.endNs - r.startNs)) + ',' +
               (r.bytes < 0 ? std::string() : std::to_string(r.bytes)) + ',' + std::to_string(r.count) + ',' +
               (r.hasParts ? std::to_string(r.ioNs) + ',' + std::to_string(r.cpuNs) : std::string(","));
        endRow(out);
    }
    return out;
}

std::string eventsCsv(const std::vector<Event>& events,
                      const std::function<std::string(const Event&)>& describe)
{
    const std::int64_t t0 = firstTime(events);
    std::string out = "seq,time_ns,kind,executor,worker,task,value,value2,held_ns";
    if (describe)
        out += ",description";
    endRow(out);
    out.reserve(events.size() * 48);
    for (const Event& e : events) {
        out += std::to_string(e.seq) + ',' + std::to_string(e.tNs - t0) + ',' +
               std::string(eventKindName(e.kind)) + ',' + std::to_string(e.executor) + ',' +
               std::to_string(e.worker) + ',' + std::to_string(e.task) + ',' + std::to_string(e.value) + ',' +
               std::to_string(e.value2) + ',' + std::to_string(heldNs(e));
        if (describe)
            out += ',' + csvField(describe(e));
        endRow(out);
    }
    return out;
}

std::vector<std::vector<std::string>> parseCsv(std::string_view text)
{
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    std::size_t line = 1;
    std::size_t i = 0;
    bool fieldStarted = false;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"' && !fieldStarted && field.empty()) {
            // A quoted field: up to the closing quote, "" is one quote.
            const std::size_t startLine = line;
            ++i;
            for (;;) {
                if (i >= text.size())
                    throw CsvError("line " + std::to_string(startLine) + ": a quoted field is not closed");
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (text[i] == '\n')
                    ++line;
                field += text[i++];
            }
            fieldStarted = true;
            if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
                throw CsvError("line " + std::to_string(line) + ": text after a closing quote");
            continue;
        }
        if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            fieldStarted = false;
            ++i;
            continue;
        }
        if (c == '\r' || c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            fieldStarted = false;
            rows.push_back(std::move(row));
            row.clear();
            i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
            ++line;
            continue;
        }
        if (c == '"')
            throw CsvError("line " + std::to_string(line) + ": a quote inside an unquoted field");
        field += c;
        fieldStarted = true;
        ++i;
    }
    if (fieldStarted || !row.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace poolscope
