#include "ui/model/eventtext.h"

#include "core/futures/future.h"

namespace poolscope::ui {

namespace {
QString bytes(std::int64_t b)
{
    return QString::number(b) + QStringLiteral(" B");
}
QString msOf(std::int64_t ns)
{
    return QString::number(static_cast<double>(ns) / 1e6, 'f', 3) + QStringLiteral(" ms");
}
QString status(std::int64_t v)
{
    return QString::fromLatin1(futureStatusName(static_cast<FutureStatus>(v)));
}
} // namespace

QString describeEvent(const Event& e)
{
    return EventText::describe(e);
}

QString EventText::describe(const Event& e)
{
    switch (e.kind) {
    case EventKind::ExecutorCreated:
        return tr("max_workers=%1, %2")
            .arg(e.value)
            .arg(e.value2 == 1 ? QStringLiteral("process pool") : QStringLiteral("thread pool"));
    case EventKind::Submit:
        return e.value > 0 ? tr("submitted so far: %1").arg(e.value) : QString();
    case EventKind::SubmitRefused:
        return e.value == static_cast<std::int64_t>(RefuseReason::Broken) ? tr("refused: pool broken")
                                                                          : tr("refused: after shutdown");
    case EventKind::WorkQueuePut:
    case EventKind::SentinelPut:
    case EventKind::WorkIdPut:
    case EventKind::WorkIdGet:
        return tr("depth %1").arg(e.value);
    case EventKind::WorkQueueGet:
        return e.value2 == 1 ? tr("took the None sentinel; depth %1").arg(e.value)
                             : tr("depth %1").arg(e.value);
    case EventKind::ThreadSpawn:
        return tr("threads now %1").arg(e.value);
    case EventKind::ProcessSpawn:
        return tr("processes now %1").arg(e.value);
    case EventKind::IdleReuse:
        return tr("idle semaphore %1").arg(e.value);
    case EventKind::FutureState:
        return status(e.value) + QStringLiteral(" → ") + status(e.value2);
    case EventKind::TaskEnd:
        return tr("took %1").arg(msOf(e.value)) + (e.value2 ? tr(", raised") : QString());
    case EventKind::TaskPhase:
        return e.value == static_cast<std::int64_t>(TaskPart::Io) ? tr("I/O part begins")
                                                                  : tr("CPU part begins");
    case EventKind::WaiterInstalled:
        return tr("watching %1 futures").arg(e.value);
    case EventKind::ResultWait:
        return e.value < 0 ? tr("timeout=None") : tr("timeout %1").arg(msOf(e.value));
    case EventKind::ResultWake:
        return e.value ? tr("timed out") : QString();
    case EventKind::Timeout:
        return tr("%1 (of %2) futures unfinished").arg(e.value).arg(e.value2);
    case EventKind::ShutdownFlag:
        return QStringLiteral("wait=%1, cancel_futures=%2")
            .arg(e.value ? QStringLiteral("True") : QStringLiteral("False"),
                 e.value2 ? QStringLiteral("True") : QStringLiteral("False"));
    case EventKind::ShutdownCancelled:
        return tr("%1 futures cancelled").arg(e.value);
    case EventKind::ShutdownJoin:
        return tr("%1 joined").arg(e.value);
    case EventKind::PoolBroken: {
        const auto cause = static_cast<BrokenCause>(e.value2);
        const QString why = cause == BrokenCause::InitializerFailed ? tr("initializer failed")
                            : cause == BrokenCause::ProcessDied     ? tr("a process died")
                                                                    : tr("terminated");
        return tr("%1 futures failed (%2)").arg(e.value).arg(why);
    }
    case EventKind::PendingInsert:
    case EventKind::PendingPop:
        return tr("%1 pending").arg(e.value);
    case EventKind::WakeupClear:
        return bytes(e.value);
    case EventKind::CallQueuePut:
        return tr("%1/%2 slots").arg(e.value).arg(e.value2);
    case EventKind::FeederSerialize:
    case EventKind::ResultSerialize:
    case EventKind::ResultPipeWrite:
    case EventKind::ResultPipeRead:
        return bytes(e.value);
    case EventKind::WorkerGet:
        return e.value2 == 1 ? tr("None sentinel, %1").arg(bytes(e.value)) : bytes(e.value);
    case EventKind::PipeWrite: {
        const auto pipe = static_cast<Pipe>(e.value2);
        const QString which = pipe == Pipe::Call     ? tr("call pipe")
                              : pipe == Pipe::Result ? tr("result pipe")
                                                     : tr("wakeup pipe");
        return tr("%1 on the %2").arg(bytes(e.value), which);
    }
    case EventKind::ManagerWait:
        return tr("%1 fds").arg(e.value);
    case EventKind::ManagerWake: {
        const auto r = static_cast<WakeReason>(e.value);
        return r == WakeReason::Result   ? tr("result")
               : r == WakeReason::Wakeup ? tr("wakeup")
                                         : tr("sentinel");
    }
    case EventKind::ProcessExit: {
        const auto r = static_cast<ExitReason>(e.value);
        const QString why = r == ExitReason::Sentinel     ? tr("sentinel")
                            : r == ExitReason::MaxTasks   ? tr("max_tasks_per_child")
                            : r == ExitReason::Crashed    ? tr("crashed")
                            : r == ExitReason::Terminated ? tr("terminated")
                                                          : tr("initializer failed");
        return e.value2 < 0 ? tr("%1, signal %2").arg(why).arg(-e.value2)
                            : tr("%1, exit code %2").arg(why).arg(e.value2);
    }
    case EventKind::GilDropRequest:
        return tr("asked after %1").arg(msOf(e.value));
    case EventKind::GilAcquire:
        return tr("waited %1").arg(msOf(e.value));
    case EventKind::GilRelease:
        return tr("held %1").arg(msOf(e.value)) + (e.value2 ? tr(", forced by a drop request") : QString());
    case EventKind::MapBegin:
        return tr("%1 items, chunksize %2").arg(e.value).arg(e.value2);
    case EventKind::MapEnd:
        return tr("%1 results").arg(e.value);
    default:
        break;
    }
    return {};
}

KindMask kindsOf(KindGroup group)
{
    KindMask m;
    auto set = [&m](std::initializer_list<EventKind> ks) {
        for (EventKind k : ks)
            m.set(static_cast<std::size_t>(k));
    };
    switch (group) {
    case KindGroup::All:
        m.set();
        break;
    case KindGroup::Futures:
        set({EventKind::Submit, EventKind::FutureState, EventKind::TaskStart, EventKind::TaskPhase,
             EventKind::TaskEnd, EventKind::CallbackRun, EventKind::CallbackError});
        break;
    case KindGroup::Queues:
        set({EventKind::WorkItemCreated, EventKind::WorkQueuePut, EventKind::WorkQueueGet,
             EventKind::SentinelPut, EventKind::PendingInsert, EventKind::PendingPop, EventKind::WorkIdPut,
             EventKind::WorkIdGet, EventKind::CallQueuePut, EventKind::FeederSerialize, EventKind::PipeWrite,
             EventKind::WorkerGet, EventKind::ResultSerialize, EventKind::ResultPipeWrite,
             EventKind::ResultPipeRead, EventKind::WakeupSend, EventKind::WakeupClear});
        break;
    case KindGroup::Workers:
        set({EventKind::ThreadSpawn, EventKind::IdleReuse, EventKind::IdleRelease, EventKind::ThreadExit,
             EventKind::ProcessSpawn, EventKind::ProcessExit, EventKind::InitializerOk,
             EventKind::InitializerFailed, EventKind::ManagerWait, EventKind::ManagerWake,
             EventKind::TaskStart, EventKind::TaskPhase, EventKind::TaskEnd});
        break;
    case KindGroup::Gil:
        set({EventKind::GilRequest, EventKind::GilDropRequest, EventKind::GilAcquire, EventKind::GilRelease});
        break;
    case KindGroup::Shutdown:
        set({EventKind::ShutdownFlag, EventKind::ShutdownCancelled, EventKind::SentinelPut,
             EventKind::ThreadExit, EventKind::ShutdownJoin, EventKind::PoolBroken, EventKind::SubmitRefused,
             EventKind::ProcessExit});
        break;
    case KindGroup::Caller:
        set({EventKind::Submit, EventKind::WaiterInstalled, EventKind::WaiterNotified,
             EventKind::WaiterRemoved, EventKind::ResultWait, EventKind::ResultWake, EventKind::Timeout,
             EventKind::MapBegin, EventKind::MapEnd});
        break;
    }
    return m;
}

QString kindGroupName(KindGroup group)
{
    return EventText::groupName(static_cast<int>(group));
}

QString EventText::groupName(int g)
{
    switch (static_cast<KindGroup>(g)) {
    case KindGroup::All:
        return tr("All kinds");
    case KindGroup::Futures:
        return tr("Futures and tasks");
    case KindGroup::Queues:
        return tr("Queues and pipes");
    case KindGroup::Workers:
        return tr("Workers and manager");
    case KindGroup::Gil:
        return tr("GIL");
    case KindGroup::Shutdown:
        return tr("Shutdown and faults");
    case KindGroup::Caller:
        return tr("Caller (wait, result, map)");
    }
    return {};
}

} // namespace poolscope::ui
