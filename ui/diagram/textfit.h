#pragma once
// Whether a diagram's texts fit, and the least size at which they do: the probes the window uses to size
// the diagram before its docks (ui/shell/windowfit.h) and presenter mode before its timeline. A probe
// draws the scene at one size and returns every text it drew (DiagramView::textsAt).

#include "ui/diagram/textcache.h" // DrawnText

#include <QSizeF>

#include <functional>
#include <vector>

namespace poolscope::ui {

using TextProbe = std::function<std::vector<DrawnText>(QSizeF)>;

// Every text whole, inside `size` and apart (more than 2 px into another is one over it).
bool textsFit(const std::vector<DrawnText>& texts, QSizeF size);

// The least width, on a 20 px grid from 360 up to 2400, at which `probe` draws no elided text at
// `height`; 2400 when none does. The layouts give every box a share of the width, so more width never
// cuts more: the grid is bisected, a handful of probes instead of one every 20 px.
int leastUnelidedWidth(const TextProbe& probe, int height);
inline constexpr int kWidestProbe = 2400;

// The least height, on a 10 px grid from 200 up to `most`, at which every text fits at `width`, or 0 if
// none does (more height never makes texts overlap: bisected the same way).
int leastFittingHeight(const TextProbe& probe, int width, int most);

} // namespace poolscope::ui
