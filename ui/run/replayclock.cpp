#include "ui/run/replayclock.h"

#include <algorithm>

namespace poolscope::ui {

std::int64_t ReplayClock::advance(std::int64_t wallNs)
{
    m_run += static_cast<std::int64_t>(static_cast<double>(wallNs - m_wall) * m_speed);
    m_wall = wallNs;
    return m_run;
}

bool ReplayClock::setSpeed(double speed, std::int64_t wallNs)
{
    speed = std::clamp(speed, 0.1, 10.0);
    if (speed == m_speed)
        return false;
    advance(wallNs);
    m_speed = speed;
    return true;
}

} // namespace poolscope::ui
