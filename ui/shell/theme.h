#pragma once
// Colours with a meaning (task states, the GIL, a broken pool) and the
// light / dark / system palette choice. State colours are mid-tone hues that
// read on light and dark backgrounds alike; everything else comes from the palette.

#include "ui/model/viewmodel.h"

#include <QColor>
#include <QPalette>

class QApplication;

namespace poolscope::ui::theme {

enum class Choice : std::uint8_t
{
    System,
    Light,
    Dark
};

// Applies `choice` to the application (Fusion style with a palette for Light/Dark).
void apply(QApplication& app, Choice choice);
Choice fromString(const QString& s); // "system" | "light" | "dark"
// The choice apply() last applied.
Choice current();
// High contrast (presenter mode): apply() makes text and frames black on white (or white on
// black), and lineWidth() doubles every line the diagram and the timeline draw.
void setHighContrast(bool on);
bool highContrast();
double lineWidth(double w);
QString toString(Choice c);

bool isDark(const QPalette& p);

enum class Tint : std::uint8_t
{
    Queued,
    InPipe,
    Running,
    GilWait,
    Result,
    Exception,
    Cancelled,
    Sentinel
};
QColor tint(Tint t);
// Readable text colour on a fill.
QColor textOn(const QColor& fill);

// Tint of a task's chip or future cell.
Tint tintOf(const TaskRecord& task);
Tint tintOfPlace(ChipPlace place);

QColor gilToken();
QColor broken();
// A slightly raised box fill on the current palette.
QColor boxFill(const QPalette& p);
QColor boxBorder(const QPalette& p);
QColor muted(const QPalette& p);

} // namespace poolscope::ui::theme
