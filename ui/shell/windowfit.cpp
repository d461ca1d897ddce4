#include "ui/shell/windowfit.h"

#include "ui/diagram/diagramview.h"
#include "ui/diagram/textfit.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QSplitter>

#include <algorithm>

namespace poolscope::ui {

namespace {
// The default layout's dock widths (MainWindow::buildDocks) and the least a tabbed side dock keeps:
// the scenario's fields (under their labels, ui/panels/formfit.h) and the inspector's stage table stay
// readable at 240 px.
constexpr int kScenarioWidth = 320;
constexpr int kInspectorWidth = 400;
constexpr int kLeastSide = 240;
constexpr int kMostSide = 380;
// Dock frames and splitter handles between the docks and the diagram.
constexpr int kChrome = 24;
} // namespace

DockArrangement fitWindowToScreen(QMainWindow& window, QSize available)
{
    const QSize size = QSize(1440, 900).boundedTo(available);
    window.resize(size);
    auto* diagram = window.findChild<DiagramView*>(QStringLiteral("diagram"));
    auto* scenario = window.findChild<QDockWidget*>(QStringLiteral("scenarioDock"));
    auto* inspector = window.findChild<QDockWidget*>(QStringLiteral("inspectorDock"));
    auto* log = window.findChild<QDockWidget*>(QStringLiteral("eventLogDock"));
    auto* charts = window.findChild<QDockWidget*>(QStringLiteral("chartsDock"));
    auto* split = window.findChild<QSplitter*>(QStringLiteral("centralSplit"));
    if (!diagram || !scenario || !inspector || !log || !charts || !split)
        return DockArrangement::Wide;

    // Charts: a quarter of a short screen, at most their default height. What is left under the
    // menus, the toolbar and the status bar (about 90 px) is the diagram's and the timeline's.
    const int chartsH = std::clamp(size.height() / 4, 150, 230);
    const int chrome = 90;
    const int timelineH = split->count() > 1 ? split->widget(1)->minimumSizeHint().height() : 0;
    const int scrubber =
        std::max(0, split->widget(0)->minimumSizeHint().height() - diagram->minimumSizeHint().height());

    const int need = diagram->neededWidth(std::max(200, (size.height() - chartsH - chrome) * 3 / 4));
    const bool tabbed = size.width() - need - kChrome < kScenarioWidth + kInspectorWidth;
    const int side =
        tabbed ? std::clamp(size.width() - need - kChrome, kLeastSide, kMostSide) : kScenarioWidth;
    const int diagramW = size.width() - kChrome - (tabbed ? side : kScenarioWidth + kInspectorWidth);
    // Too short for the charts under the diagram and the timeline (a 1920x1080 screen at x2): the
    // charts join the side dock's tabs, the diagram and the timeline take the whole height.
    const int central = size.height() - chrome - chartsH;
    const int needH = diagram->neededHeight(std::max(200, diagramW), size.height());
    const bool chartsAside = tabbed && (needH == 0 || central - timelineH - scrubber < needH);

    DockArrangement arrangement = DockArrangement::Wide;
    if (tabbed) {
        arrangement = DockArrangement::Tabbed;
        // Three or four titles do not fit side by side in 240-380 px ("Sc…", "Ev…"): the tabs stand
        // along the dock's outer edge, each title whole, and take height, which the side has.
        window.setDockOptions(window.dockOptions() | QMainWindow::VerticalTabs);
        window.setTabPosition(Qt::RightDockWidgetArea, QTabWidget::East);
        window.addDockWidget(Qt::RightDockWidgetArea, scenario);
        window.tabifyDockWidget(inspector, scenario);
        window.tabifyDockWidget(scenario, log);
        if (chartsAside) {
            window.addDockWidget(Qt::RightDockWidgetArea, charts);
            window.tabifyDockWidget(log, charts);
        }
        scenario->raise(); // a lesson starts by choosing the scenario
        window.resizeDocks({scenario}, {side}, Qt::Horizontal);
    } else {
        window.addDockWidget(Qt::LeftDockWidgetArea, scenario);
        window.resizeDocks({scenario, inspector}, {kScenarioWidth, kInspectorWidth}, Qt::Horizontal);
    }
    if (!chartsAside) {
        window.addDockWidget(Qt::BottomDockWidgetArea, charts);
        window.resizeDocks({charts}, {chartsH}, Qt::Vertical);
    }
    const int body = size.height() - chrome - (chartsAside ? 0 : chartsH);
    const int diagramH = std::max(needH + scrubber, body * 3 / 4);
    split->setSizes({diagramH, std::max(timelineH, body - diagramH)});
    return arrangement;
}

void widenDiagramToNeed(QMainWindow& window)
{
    auto* diagram = window.findChild<DiagramView*>(QStringLiteral("diagram"));
    if (!diagram || !diagram->isVisible())
        return;
    const int need = diagram->neededWidth(diagram->height());
    int deficit = need - diagram->width();
    if (deficit <= 0 || need >= kWidestProbe) // no width fits
        return;
    // Tabbed docks share one width, the shown tab's (a tab behind it is not laid out): each area
    // gives once.
    QList<Qt::DockWidgetArea> given;
    for (const char* name : {"inspectorDock", "scenarioDock", "eventLogDock", "chartsDock"}) {
        auto* d = window.findChild<QDockWidget*>(QLatin1String(name));
        if (!d || !d->isVisible() || d->isFloating())
            continue;
        const Qt::DockWidgetArea area = window.dockWidgetArea(d);
        const int give = std::min(deficit, d->width() - kLeastSide);
        if (area == Qt::BottomDockWidgetArea || area == Qt::TopDockWidgetArea || given.contains(area) ||
            give <= 0)
            continue;
        given << area;
        window.resizeDocks({d}, {d->width() - give}, Qt::Horizontal);
        deficit -= give;
        if (deficit <= 0)
            break;
    }
}

} // namespace poolscope::ui
