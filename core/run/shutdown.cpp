#include "core/run/shutdown.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace poolscope {

namespace {

int g_signalPipe[2] = {-1, -1};
std::atomic<int> g_exiting{0};

// Once a signal is being handled, the main thread must not end the process first with its own
// status (a run whose workers were just killed returns "broken"): exit() waits here for _exit.
void holdExit()
{
    if (g_exiting.load() != 0)
        for (;;)
            ::pause();
}

void handler(int sig)
{
    const int saved = errno;
    const auto b = static_cast<unsigned char>(sig);
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &b, 1);
    errno = saved;
}

// Children of this process, from /proc: the fourth field of /proc/PID/stat is the parent's pid.
std::vector<pid_t> children()
{
    std::vector<pid_t> out;
    DIR* proc = ::opendir("/proc");
    if (!proc)
        return out;
    const pid_t self = ::getpid();
    while (const dirent* e = ::readdir(proc)) {
        char* end = nullptr;
        const long pid = std::strtol(e->d_name, &end, 10);
        if (pid <= 0 || *end != '\0')
            continue;
        char path[64];
        std::snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        char buf[512];
        const ssize_t n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        if (n <= 0)
            continue;
        buf[n] = '\0';
        // "PID (comm) S PPID ...": comm may hold spaces and parentheses, so parse after the last ')'.
        const char* close = nullptr;
        for (const char* p = buf; *p; ++p)
            if (*p == ')')
                close = p;
        char state = 0;
        long ppid = 0;
        if (close && std::sscanf(close + 1, " %c %ld", &state, &ppid) == 2 && ppid == self)
            out.push_back(static_cast<pid_t>(pid));
    }
    ::closedir(proc);
    return out;
}

} // namespace

int killAndReapChildren()
{
    int reaped = 0;
    for (int pass = 0; pass < 100; ++pass) {
        const std::vector<pid_t> kids = children();
        if (kids.empty())
            break;
        for (pid_t pid : kids)
            ::kill(pid, SIGKILL);
        for (pid_t pid : kids) {
            // The pool's own threads may reap it first: ECHILD is fine.
            while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
            }
            ++reaped;
        }
    }
    return reaped;
}

void exitAfterSignal(int sig)
{
    g_exiting.store(sig);
    killAndReapChildren();
    ::_exit(128 + sig);
}

void onTerminationSignal(std::function<void(int)> onSignal)
{
    if (::pipe2(g_signalPipe, O_CLOEXEC) != 0)
        return;
    std::atexit(holdExit);
    std::thread([onSignal = std::move(onSignal)] {
        int seen = 0;
        for (;;) {
            unsigned char b = 0;
            const ssize_t n = ::read(g_signalPipe[0], &b, 1);
            if (n < 0 && errno == EINTR)
                continue;
            if (n != 1)
                return;
            if (seen++ > 0)
                exitAfterSignal(b);
            onSignal(b);
        }
    }).detach();
    struct sigaction sa
    {
    };
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int sig : {SIGTERM, SIGINT, SIGHUP})
        ::sigaction(sig, &sa, nullptr);
}

} // namespace poolscope
