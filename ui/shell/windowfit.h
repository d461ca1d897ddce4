#pragma once
// A window that fits the screen it opens on. On a classroom screen (1280x720, 1366x768, or 1920x1080
// at scale 1.5 or 2) the default layout of three side docks leaves the diagram too narrow for its
// texts: there the scenario, the inspector and the event log share one tabbed side dock, as narrow
// as the diagram's own need allows, and the charts and the timeline are shorter. The user's own
// arrangement, once saved, is restored over this (MainWindow::loadSettings).

#include <QSize>

class QMainWindow;

namespace poolscope::ui {

// How the docks were arranged for the screen.
enum class DockArrangement
{
    Wide,   // scenario left, inspector and event log right (the screen has room for all three)
    Tabbed, // scenario, inspector and event log tabbed in one right dock; on a short screen the charts too
};

// Sizes `window` to `available` (1440x900 where it fits, never larger) and arranges its docks so the
// diagram gets the width its layout needs (DiagramView::neededWidth). Finds the docks and the
// central splitter by their object names.
DockArrangement fitWindowToScreen(QMainWindow& window, QSize available);

// The scene can come to need more width than the window gave the diagram when it opened (a broken
// pool's worker boxes, in a language with longer words, under a notice row that took height): the side
// docks give way, each down to the least a side dock keeps, until the diagram's texts are whole. It
// never takes width back.
void widenDiagramToNeed(QMainWindow& window);

} // namespace poolscope::ui
