#pragma once
// The loopback HTTP server that the http and mixed workloads fetch from. A run
// starts it, tasks reach it over real TCP sockets on 127.0.0.1, and the run
// stops it. It only ever binds to 127.0.0.1.
//
// GET /fetch?latency_ms=L&bytes=B waits L ms on the server side (a remote
// server's think time, costing no CPU) and answers with B bytes of body.

#include "core/events/eventgate.h"

#include <cstdint>
#include <memory>
#include <string>

namespace poolscope {

class LoopbackHttpServer
{
public:
    // `threads`: how many requests the server serves at once (its thread pool).
    explicit LoopbackHttpServer(int threads = 8);
    ~LoopbackHttpServer(); // stops
    LoopbackHttpServer(const LoopbackHttpServer&) = delete;
    LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

    // Binds an ephemeral port on 127.0.0.1 and serves; throws std::runtime_error on failure.
    void start();
    // Before start(): the latency of a request counts on this gate's run clock, so a run
    // held at its gate does not see its requests finish meanwhile.
    void setRunGate(EventGate::Handle gate) noexcept { m_gate = gate; }
    void stop();
    int port() const noexcept { return m_port; }
    std::int64_t requestsServed() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    int m_port = 0;
    EventGate::Handle m_gate;
};

// One blocking GET of /fetch on 127.0.0.1:port; returns the body. Releases the
// GIL while it waits, like socket I/O in CPython. Throws PyError("URLError"/
// "HTTPError", ...) when it fails.
std::string httpFetch(int port, double latencyMs, std::int64_t bytes, double timeoutS = 30.0);

} // namespace poolscope
