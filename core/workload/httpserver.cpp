#include "core/workload/httpserver.h"

#include "core/futures/errors.h"
#include "core/workload/gil.h"

#include <atomic>
#include <chrono>
#include <fcntl.h>
#include <httplib.h>
#include <mutex>
#include <pthread.h>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <utility>

namespace poolscope {

struct LoopbackHttpServer::Impl
{
    httplib::Server server;
    std::thread thread;
    std::atomic<std::int64_t> served{0};
    int threads = 8;
    int listener = -1;
    EventGate::Handle gate; // the run clock the latency counts on
};

namespace {

// The listening sockets of running servers, closed in every forked child. A
// process-pool worker is forked and never execs, so close-on-exec alone would
// keep the port open for as long as the worker lives (an orphan, say). Slots
// hold fd + 1; 0 is free. The child handler only loads and calls close(), both
// async-signal-safe.
constexpr int kListenerSlots = 16;
std::atomic<int> g_listeners[kListenerSlots];
std::once_flag g_atforkOnce;

void closeListenersInChild()
{
    for (auto& slot : g_listeners)
        if (const int v = slot.load(std::memory_order_relaxed); v > 0)
            ::close(v - 1);
}

void trackListener(int fd)
{
    std::call_once(g_atforkOnce, [] { pthread_atfork(nullptr, nullptr, closeListenersInChild); });
    for (auto& slot : g_listeners) {
        int expected = 0;
        if (slot.compare_exchange_strong(expected, fd + 1))
            return;
    }
}

void untrackListener(int fd)
{
    for (auto& slot : g_listeners) {
        int expected = fd + 1;
        if (slot.compare_exchange_strong(expected, 0))
            return;
    }
}
// Largest body and latency one request may ask for, so a typo cannot wedge a run.
constexpr std::int64_t kMaxBytes = std::int64_t(1) << 30;
constexpr double kMaxLatencyMs = 600'000.0;

template <class T> bool parseParam(const httplib::Request& req, const char* name, T& out)
{
    if (!req.has_param(name))
        return true;
    try {
        std::size_t used = 0;
        const std::string v = req.get_param_value(name);
        if constexpr (std::is_same_v<T, double>)
            out = std::stod(v, &used);
        else
            out = std::stoll(v, &used);
        return used == v.size();
    } catch (const std::exception&) {
        return false;
    }
}
} // namespace

LoopbackHttpServer::LoopbackHttpServer(int threads) : m_impl(std::make_unique<Impl>())
{
    m_impl->threads = std::max(1, threads);
}

LoopbackHttpServer::~LoopbackHttpServer()
{
    stop();
}

void LoopbackHttpServer::start()
{
    if (m_impl->thread.joinable())
        return;
    Impl& impl = *m_impl;
    impl.gate = m_gate;
    const int threads = impl.threads;
    impl.server.new_task_queue = [threads] {
        return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    impl.server.Get("/fetch", [&impl](const httplib::Request& req, httplib::Response& res) {
        double latencyMs = 0;
        std::int64_t bytes = 0;
        if (!parseParam(req, "latency_ms", latencyMs) || !parseParam(req, "bytes", bytes) || latencyMs < 0 ||
            latencyMs > kMaxLatencyMs || bytes < 0 || bytes > kMaxBytes) {
            res.status = 400;
            res.set_content("bad latency_ms or bytes\n", "text/plain");
            return;
        }
        if (latencyMs > 0)
            sleepOnRunClock(impl.gate, latencyMs);
        res.set_content(std::string(static_cast<std::size_t>(bytes), 'p'), "application/octet-stream");
        impl.served.fetch_add(1, std::memory_order_relaxed);
    });
    // httplib 0.11 opens its listening socket without SOCK_CLOEXEC.
    impl.server.set_socket_options([&impl](socket_t sock) {
        httplib::default_socket_options(sock);
        fcntl(sock, F_SETFD, fcntl(sock, F_GETFD) | FD_CLOEXEC);
        impl.listener = sock;
    });
    m_port = impl.server.bind_to_any_port("127.0.0.1");
    if (m_port <= 0)
        impl.listener = -1; // httplib closed it
    else if (impl.listener >= 0) {
        trackListener(impl.listener);
        // httplib listens with a backlog of 5: 8 workers connecting at once on a busy machine
        // overflowed it, and a dropped SYN is retried only after 1 s (a 0.1 s run took 1.1 s).
        // listen() again on the bound socket raises the backlog.
        ::listen(impl.listener, SOMAXCONN);
    }
    if (m_port <= 0)
        throw std::runtime_error("loopback HTTP server: cannot bind 127.0.0.1");
    impl.thread = std::thread([&impl] { impl.server.listen_after_bind(); });
    // stop() before the accept loop runs would be lost; wait until it is up.
    while (!impl.server.is_running())
        std::this_thread::sleep_for(std::chrono::microseconds(200));
}

void LoopbackHttpServer::stop()
{
    if (!m_impl->thread.joinable())
        return;
    // Untracked before httplib closes it, so a fork can never close a reused fd number.
    if (m_impl->listener >= 0)
        untrackListener(std::exchange(m_impl->listener, -1));
    m_impl->server.stop();
    m_impl->thread.join();
}

std::int64_t LoopbackHttpServer::requestsServed() const noexcept
{
    return m_impl->served.load(std::memory_order_relaxed);
}

std::string httpFetch(int port, double latencyMs, std::int64_t bytes, double timeoutS)
{
    if (port <= 0)
        throw PyError("URLError", "<urlopen error no loopback server: http_port is not set>");
    const std::string path =
        "/fetch?latency_ms=" + std::to_string(latencyMs) + "&bytes=" + std::to_string(bytes);
    // Socket waits release the GIL, as they do in CPython.
    GilReleased unlocked;
    httplib::Client client("127.0.0.1", port);
    const auto whole = std::chrono::duration<double>(timeoutS);
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(whole);
    const auto usecs = std::chrono::duration_cast<std::chrono::microseconds>(whole - secs);
    client.set_connection_timeout(secs.count(), usecs.count());
    client.set_read_timeout(secs.count(), usecs.count());
    client.set_keep_alive(false);
    auto res = client.Get(path);
    if (!res)
        throw PyError("URLError", "<urlopen error " + httplib::to_string(res.error()) + ">");
    if (res->status != 200)
        throw PyError("HTTPError", "HTTP Error " + std::to_string(res->status) + ": " + res->body);
    return std::move(res->body);
}

} // namespace poolscope
