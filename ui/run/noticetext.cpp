#include "ui/run/noticetext.h"

#include "core/run/overheadnote.h"

#include <cmath>

namespace poolscope::ui {

namespace {
template <class... F> struct Overloaded : F...
{
    using F::operator()...;
};
template <class... F> Overloaded(F...) -> Overloaded<F...>;

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}
} // namespace

QString NoticeText::duration(double seconds)
{
    // core/run/overheadnote.h's rule, so the window and the CLI print the same figures.
    const DurationParts d = durationParts(seconds * 1e3);
    const QString number = QString::fromStdString(d.number);
    switch (d.unit) {
    case DurationParts::Unit::Us:
        return tr("%1 µs").arg(number);
    case DurationParts::Unit::Ms:
        return tr("%1 ms").arg(number);
    case DurationParts::Unit::S:
        break;
    }
    return tr("%1 s").arg(number);
}

QString NoticeText::cancelReturned(bool cancelled)
{
    return cancelled ? tr("cancel() returned True: the task will not run")
                     : tr("cancel() returned False: the task is running or done, it cannot be cancelled");
}

QString NoticeText::notALiveWorker(std::int64_t pid)
{
    return tr("Process %1 is not a live worker: nothing was killed").arg(pid);
}

QString NoticeText::afterTimeout(const AfterTimeout& a)
{
    const QString requested = q(a.requested);
    const QString tail = tr("%n task(s) still running when the caller gave up; this took %1", nullptr,
                            static_cast<int>(a.stillRunning))
                             .arg(duration(a.costS));
    QString what;
    if (a.action == "terminate" || a.action == "kill") {
        // terminate_workers() / kill_workers() on a process pool.
        what = (a.action == "kill" ? tr("SIGKILL to every worker, then the with-block's shutdown(wait=True) "
                                        "reaped them instead of waiting for the running tasks")
                                   : tr("SIGTERM to every worker, then the with-block's shutdown(wait=True) "
                                        "reaped them instead of waiting for the running tasks"));
    } else if (a.action == "cancel" && a.requested != "cancel") {
        what = tr("threads cannot be terminated: shutdown(wait=True, cancel_futures=True) waited for the "
                  "running tasks to finish");
    } else if (a.action == "cancel") {
        what = tr("shutdown(wait=True, cancel_futures=True) cancelled the queued tasks and waited for the "
                  "running ones");
    } else {
        what = tr("the with-block's shutdown(wait=True) ran every queued and running task to the end");
    }
    return tr("on_timeout %1: %2 (%3)").arg(requested, what, tail);
}

QString NoticeText::describe(const CallerNotice& notice)
{
    return std::visit(Overloaded{
                          [](const WaitLeftUndone& w) {
                              return tr("wait() returned with %n future(s) not done", nullptr,
                                        static_cast<int>(w.notDone));
                          },
                          [](const AfterTimeout& a) { return afterTimeout(a); },
                          [](const WorkerKilled& k) {
                              return tr("kill_worker_after %1: SIGKILL to worker %2 while it ran a task, "
                                        "after %n result(s)",
                                        nullptr, static_cast<int>(k.results))
                                  .arg(k.after)
                                  .arg(k.pid);
                          },
                      },
                      notice);
}

} // namespace poolscope::ui
