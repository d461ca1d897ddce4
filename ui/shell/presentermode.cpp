#include "ui/shell/presentermode.h"

#include "ui/diagram/diagramview.h"
#include "ui/shell/theme.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>
#include <array>
#include <cmath>

namespace poolscope::ui {

namespace {
// The scales Ctrl++ / Ctrl+- step through.
constexpr std::array kScales{1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0};
} // namespace

PresenterMode::PresenterMode(QMainWindow* window, bool persist)
    : QObject(window), m_window(window), m_persist(persist)
{
    if (m_persist) {
        QSettings s;
        setScale(s.value(QStringLiteral("presenter/scale"), kDefaultScale).toDouble());
        m_docks = s.value(QStringLiteral("presenter/docks")).toStringList();
    }
}

void PresenterMode::build(QMenu* view, const QList<QAction*>& timelineZoom)
{
    m_timelineZoom = timelineZoom;
    m_toggle = view->addAction(tr("Presenter mode"));
    m_toggle->setObjectName(QStringLiteral("presenterMode"));
    m_toggle->setCheckable(true);
    m_toggle->setShortcut(QKeySequence(Qt::Key_F5));
    m_toggle->setToolTip(tr("Full screen for a projector: large text, thick lines, high contrast (F5)"));
    connect(m_toggle, &QAction::triggered, this, [this](bool on) { setActive(on); });

    QMenu* scale = view->addMenu(tr("Presenter scale"));
    m_larger = scale->addAction(tr("Larger (in presenter mode)"));
    m_larger->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(m_larger, &QAction::triggered, this, [this] {
        const auto next =
            std::find_if(kScales.begin(), kScales.end(), [this](double s) { return s > m_scale + 1e-9; });
        setScale(next == kScales.end() ? kMaxScale : *next);
    });
    m_smaller = scale->addAction(tr("Smaller (in presenter mode)"));
    m_smaller->setShortcut(QKeySequence::ZoomOut);
    connect(m_smaller, &QAction::triggered, this, [this] {
        const auto prev =
            std::find_if(kScales.rbegin(), kScales.rend(), [this](double s) { return s < m_scale - 1e-9; });
        setScale(prev == kScales.rend() ? kMinScale : *prev);
    });
    m_reset = scale->addAction(tr("Actual size (in presenter mode)"));
    m_reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_reset, &QAction::triggered, this, [this] { setScale(kMinScale); });
    // Esc leaves, as it leaves a slide show; only while the mode is on.
    m_leave = new QAction(tr("Leave presenter mode"), m_window);
    m_leave->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(m_leave, &QAction::triggered, this, [this] { setActive(false); });
    m_window->addAction(m_leave);

    // The teacher's choice of docks is what they show or hide while presenting.
    for (QDockWidget* d : m_window->findChildren<QDockWidget*>()) {
        connect(d->toggleViewAction(), &QAction::triggered, this, [this, name = d->objectName()](bool shown) {
            if (!m_active)
                return;
            m_docks.removeAll(name);
            if (shown)
                m_docks << name;
            if (m_persist)
                QSettings().setValue(QStringLiteral("presenter/docks"), m_docks);
        });
    }

    m_label = new QLabel(m_window);
    m_label->setObjectName(QStringLiteral("presenterStatus"));
    m_label->setToolTip(tr("F5 or Esc leaves presenter mode; Ctrl++ / Ctrl+- / Ctrl+0 scale it"));
    m_label->hide();
    updateLabel();
    // Ctrl++ / Ctrl+- belong to one set of actions at a time (two enabled actions with one
    // key would make it ambiguous and neither would fire).
    for (QAction* a : {m_larger, m_smaller, m_reset, m_leave})
        a->setEnabled(false);
}

void PresenterMode::setActive(bool on)
{
    if (on == m_active)
        return;
    m_active = on;
    if (on) {
        m_normalState = m_window->saveState();
        m_normalGeometry = m_window->saveGeometry();
        if (auto* split = m_window->findChild<QSplitter*>(QStringLiteral("centralSplit")))
            m_normalSplit = split->saveState();
        m_baseFont = m_window->font();
        m_ownFont = m_window->testAttribute(Qt::WA_SetFont);
    }
    theme::setHighContrast(on);
    theme::apply(*qApp, theme::current());
    if (on) {
        applyDocks();
        applyScale();
        m_window->setWindowState(m_window->windowState() | Qt::WindowFullScreen);
    } else {
        // A window that had no font of its own follows the application's again.
        m_window->setFont(m_ownFont ? m_baseFont : QFont());
        m_window->setWindowState(m_window->windowState() & ~Qt::WindowFullScreen);
        m_window->restoreState(m_normalState);
        m_window->restoreGeometry(m_normalGeometry);
        applyTimeline();
    }
    for (QAction* a : m_timelineZoom)
        a->setEnabled(!on);
    for (QAction* a : {m_larger, m_smaller, m_reset, m_leave})
        if (a)
            a->setEnabled(on);
    if (m_toggle)
        m_toggle->setChecked(on);
    if (m_label)
        m_label->setVisible(on);
    // The status bar is short at a large scale: the static "mirrors CPython" note gives way.
    if (auto* mirrors = m_window->findChild<QLabel*>(QStringLiteral("mirroredCPython")))
        mirrors->setVisible(!on);
    updateLabel();
    Q_EMIT activeChanged(on);
}

void PresenterMode::setScale(double s)
{
    if (!std::isfinite(s))
        s = kDefaultScale;
    s = std::clamp(s, kMinScale, kMaxScale);
    if (std::abs(s - m_scale) < 1e-9)
        return;
    m_scale = s;
    if (m_persist)
        QSettings().setValue(QStringLiteral("presenter/scale"), m_scale);
    if (m_active)
        applyScale();
    updateLabel();
}

void PresenterMode::setChosenDocks(const QStringList& names)
{
    m_docks = names;
    if (m_persist)
        QSettings().setValue(QStringLiteral("presenter/docks"), m_docks);
    if (m_active)
        applyDocks();
}

void PresenterMode::applyScale()
{
    // The window's font reaches every child that has none of its own: the diagram, the
    // timeline and the charts follow it (their fonts, chip sizes and layouts derive from it).
    QFont f = m_baseFont;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(m_baseFont.pointSizeF() * m_scale);
    else
        f.setPixelSize(static_cast<int>(std::lround(m_baseFont.pixelSize() * m_scale)));
    m_window->setFont(f);
    applyTimeline();
}

void PresenterMode::applyTimeline()
{
    auto* split = m_window->findChild<QSplitter*>(QStringLiteral("centralSplit"));
    auto* diagram = m_window->findChild<DiagramView*>(QStringLiteral("diagram"));
    if (!split || split->count() < 2 || !diagram)
        return;
    // Asked again when the scene changes what the diagram needs (the run starts, the pool breaks).
    connect(diagram, &DiagramView::needChanged, this, &PresenterMode::applyTimeline, Qt::UniqueConnection);
    QWidget* above = split->widget(0); // the diagram and its scrubber
    QWidget* timeline = split->widget(1);
    if (!m_active) {
        timeline->show();
        if (!m_normalSplit.isEmpty())
            split->restoreState(m_normalSplit);
        return;
    }
    // The diagram first: the timeline keeps its least height only where the diagram still gets
    // the height its texts need on this screen; else it gives way (a 1920x1080 screen at x2).
    const QScreen* sc = m_window->screen();
    const QSize screen = sc ? sc->geometry().size() : m_window->size();
    int chrome = m_window->menuBar()->sizeHint().height() + m_window->statusBar()->sizeHint().height();
    for (const QToolBar* tb : m_window->findChildren<QToolBar*>())
        if (!tb->isHidden())
            chrome += tb->sizeHint().height();
    const int central = screen.height() - chrome;
    const int scrubber = std::max(0, above->minimumSizeHint().height() - diagram->minimumSizeHint().height());
    int width = screen.width();
    for (QDockWidget* d : m_window->findChildren<QDockWidget*>())
        if (!d->isHidden() && m_window->dockWidgetArea(d) != Qt::BottomDockWidgetArea)
            width -= d->sizeHint().width();
    const int timelineH = timeline->minimumSizeHint().height();
    // The texts' probe sees one scene; the run then changes it (threads exit, chips fill the queues),
    // so the diagram also keeps the height it is designed for before the timeline gets any.
    const int fits = diagram->neededHeight(std::max(200, width), central);
    const int need = std::max(fits, diagram->sizeHint().height()) + scrubber;
    const bool room = fits > 0 && central - split->handleWidth() - timelineH >= need;
    timeline->setVisible(room);
    if (room)
        split->setSizes({std::max(need, (central - timelineH) * 3 / 4), timelineH});
}

void PresenterMode::applyDocks()
{
    for (QDockWidget* d : m_window->findChildren<QDockWidget*>())
        d->setVisible(m_docks.contains(d->objectName()));
}

void PresenterMode::updateLabel()
{
    if (m_label)
        m_label->setText(tr("Presenter ×%1").arg(m_scale));
}

} // namespace poolscope::ui
