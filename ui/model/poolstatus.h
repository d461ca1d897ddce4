#pragma once
// A scene's pool-wide flags (SceneState): broken, shutting down, who is waiting.
// A plain copyable value folded from the events that carry no task.

#include "ui/model/viewmodel.h"

#include <string>

namespace poolscope::ui {

struct PoolStatus
{
    bool broken = false;
    std::string brokenType;
    std::string brokenMessage;
    std::int64_t brokenFailed = 0;

    bool shutdown = false;
    bool shutdownWait = false;
    bool shutdownCancel = false;
    bool joined = false;
    bool callerWaiting = false;
    int callerWaiters = 0; // as_completed() / wait() waiters the caller installed
    bool managerWaiting = false;
    bool managerStarted = false;
    std::int64_t managerWake = -1;
    bool timeout = false;

    // ShutdownFlag, ShutdownJoin, PoolBroken, ResultWait, ResultWake, Timeout,
    // WaiterInstalled, WaiterRemoved, ManagerStart, ManagerWait, ManagerWake.
    void apply(const Event& e, PoolKind pool);

    bool operator==(const PoolStatus&) const = default;

private:
    void setBroken(std::int64_t failed, std::int64_t cause, PoolKind pool);
};

} // namespace poolscope::ui
