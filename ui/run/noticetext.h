#pragma once
// The window's wording of what a run tells the person watching (core/run/callernotice.h: what
// wait() left undone, what on_timeout did, the kill), in the window's language, with durations
// in units ("8.2 ms"). poolscope-cli words the same facts in English in its summary.

#include "core/run/callernotice.h"

#include <QCoreApplication>
#include <QString>

#include <cstdint>

namespace poolscope::ui {

class NoticeText
{
    Q_DECLARE_TR_FUNCTIONS(NoticeText)
public:
    static QString describe(const CallerNotice& notice);
    // A duration in the unit that reads best, with two or three significant digits:
    // "350 µs", "8.2 ms", "123 ms", "1.25 s", "12.3 s".
    static QString duration(double seconds);
    // What future.cancel() returned when the user cancelled a chip.
    static QString cancelReturned(bool cancelled);
    // The user asked to kill a process that is no live worker (it exited meanwhile).
    static QString notALiveWorker(std::int64_t pid);

private:
    static QString afterTimeout(const AfterTimeout& a);
};

} // namespace poolscope::ui
