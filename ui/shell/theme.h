#pragma once
// Colours with a meaning (task states, the GIL, a broken pool) and the
// light / dark / system palette choice. State colours are the Okabe–Ito palette
// (told apart with any colour vision); text on them and their edges are chosen for
// contrast (WCAG: 4.5:1 for text, 3:1 for a chip against its background); everything
// else comes from the palette.

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
// Text on a fill: near-black or white, whichever contrasts more.
QColor textOn(const QColor& fill);
// A chip's or cell's edge on `background`: the fill darkened (light themes) or lightened (dark
// ones) until the chip stands out at 3:1, when the fill alone does not.
QColor edgeOn(const QColor& fill, const QColor& background);
// WCAG 2 contrast ratio of two opaque colours (1 to 21).
double contrast(const QColor& a, const QColor& b);
// `c` drawn over `background` (alpha blended), as the eye sees it.
QColor over(const QColor& c, const QColor& background);

// Tint of a task's chip or future cell.
Tint tintOf(const TaskRecord& task);
Tint tintOfPlace(ChipPlace place);

QColor gilToken();
// The broken pool's frame and banner (white text on it).
QColor broken();
// Text and frames that say "broken" or "killed" on the palette's background.
QColor brokenOn(const QPalette& p);
// A slightly raised box fill on the current palette.
QColor boxFill(const QPalette& p);
QColor boxBorder(const QPalette& p);
QColor muted(const QPalette& p);

} // namespace poolscope::ui::theme
