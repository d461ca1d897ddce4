#pragma once
// Human-readable meaning of an event's value fields, for the event log and
// tooltips ("PENDING → RUNNING", "depth 3", "123 B on the call pipe").

#include "core/events/event.h"

#include <QCoreApplication>
#include <QString>

#include <bitset>

namespace poolscope::ui {

// What `value` / `value2` mean for this event (empty when nothing to add).
QString describeEvent(const Event& e);

// Translation context of these texts.
class EventText
{
    Q_DECLARE_TR_FUNCTIONS(EventText)
public:
    static QString describe(const Event& e);
    static QString groupName(int group);
};

// Kind groups the event log filter offers.
enum class KindGroup : std::uint8_t
{
    All,
    Futures,
    Queues,
    Workers,
    Gil,
    Shutdown,
    Caller
};
using KindMask = std::bitset<kEventKindCount>;
KindMask kindsOf(KindGroup group);
QString kindGroupName(KindGroup group);

} // namespace poolscope::ui
