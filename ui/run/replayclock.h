#pragma once
// Replay's pace (RunController): the run's own clock, scaled by the replay speed,
// advanced by the wall clock of the player's ticks. A plain value.

#include <cstdint>

namespace poolscope::ui {

class ReplayClock
{
public:
    double speed() const noexcept { return m_speed; }
    // Play on from run time `runNs` at wall time `wallNs`.
    void start(std::int64_t runNs, std::int64_t wallNs)
    {
        m_run = runNs;
        m_wall = wallNs;
    }
    // The run time reached at wall time `wallNs`.
    std::int64_t advance(std::int64_t wallNs);
    // x0.1 .. x10 of the run's own pace from `wallNs` on (the run time reached so far
    // stays); false if that is the speed already.
    bool setSpeed(double speed, std::int64_t wallNs);

private:
    double m_speed = 1.0;
    std::int64_t m_wall = 0; // wall time and run time of the last tick
    std::int64_t m_run = 0;
};

} // namespace poolscope::ui
