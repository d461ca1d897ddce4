#pragma once
// Ending the process when it is told to stop (SIGTERM, SIGINT, SIGHUP) without leaving anything
// behind: poolscope-cli and the window install one handler each. The handler only writes the
// signal's number to a pipe; a thread of its own reads it and runs the callback outside signal
// context. Worker processes reset these handlers right after fork (workerMain).

#include <functional>

namespace poolscope {

// Installs the handlers; onSignal(sig) runs on the reading thread for the first signal. A second
// signal ends the process at once through exitAfterSignal(). Call once, before any run starts.
void onTerminationSignal(std::function<void(int)> onSignal);

// Sends SIGKILL to every child process of this process and reaps it, again until none is left
// (a pool may fork a replacement meanwhile). Returns how many it reaped.
int killAndReapChildren();

// killAndReapChildren(), then _exit(128 + sig): the status a shell reports for a process that a
// signal ended, without running destructors that would wait for the run's threads.
[[noreturn]] void exitAfterSignal(int sig);

} // namespace poolscope
