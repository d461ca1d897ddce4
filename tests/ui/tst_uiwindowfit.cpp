// The real window on the screens a classroom has (1280x720, 1366x768, 1920x1080, and 1920x1080 at
// scale 1.5 and 2), in English and Chinese, both pools mid-run and at their end: every text the
// diagram and the charts draw is whole (not elided, not left out for want of room), inside its
// widget, and over no other; every worker process's box shows its name. And the status bar's longest
// message reads whole on each of them.
//
// The test process gets one offscreen screen per size (Qt's `offscreen:configfile=`, as
// `poolscope --screen` does), each of the logical size a screen of that scale shows with its device
// pixel ratio, and opens the window on each, normal (ui/shell/windowfit.h arranges it) and in
// presenter mode.

#include "tests/ui/fitcheck.h"
#include "tests/ui/layoutscenes.h"
#include "ui/diagram/diagramview.h"
#include "ui/panels/chartspanel.h"
#include "ui/run/noticetext.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/windowfit.h"

#include "ui/shell/presentermode.h"
#include "ui/shell/theme.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QDockWidget>
#include <QFontMetricsF>
#include <QFormLayout>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabBar>
#include <QTemporaryFile>
#include <QTextDocument>
#include <QToolBar>
#include <QToolButton>
#include <QTranslator>
#include <QtTest>

#include <algorithm>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace poolscope::uitest;

namespace {

constexpr ScreenSpec kScreens[] = {
    {"1280x720", {1280, 720}, 1},         {"1366x768", {1366, 768}, 1},    {"1920x1080", {1920, 1080}, 1},
    {"1920x1080 x1.5", {1280, 720}, 1.5}, {"1920x1080 x2", {960, 540}, 2},
};

enum class Scene
{
    ThreadMidRun,
    ThreadShutdown,
    ProcessMidRun,
    ProcessBroken,
    ProcessBrokenNotice, // ... and what on_timeout did, in the notice row above the status bar
    ProcessBrokenLater,  // ... both after the window opened, fitted to an empty scene (as a run brings them)
};

// Every text item Qt Charts laid out in one chart view: its title, axis labels and titles, legend
// entries. Qt Charts cuts a text that does not fit with "..." (ChartPresenter::truncatedText).
std::vector<Label> chartLabels(QChartView* view)
{
    std::vector<Label> out;
    const QString where = view->chart()->title();
    for (QGraphicsItem* item : view->scene()->items()) {
        auto* t = qgraphicsitem_cast<QGraphicsTextItem*>(item);
        if (!t || !t->isVisible() || t->opacity() <= 0)
            continue;
        const QString text = t->toPlainText();
        if (text.trimmed().isEmpty())
            continue;
        // The glyphs' own ink (a line box's descent under a digit is air, not text), from the
        // baseline of the item's one line: its document margin, then the font's ascent.
        const double m = t->document()->documentMargin();
        const QFontMetricsF fm(t->font());
        const QRectF tight = fm.tightBoundingRect(text).translated(m, m + fm.ascent());
        const QRectF ink = t->mapToScene(tight).boundingRect();
        out.push_back(Label{where, text, view->mapFromScene(ink).boundingRect(),
                            text.contains(QStringLiteral("...")) || text.contains(QChar(0x2026))});
    }
    return out;
}

RunSpec specFor(Scene scene)
{
    RunSpec spec;
    const bool thread = scene == Scene::ThreadMidRun || scene == Scene::ThreadShutdown;
    spec.scenario.pool = thread ? "thread" : "process";
    spec.scenario.workers = thread ? 5 : 3;
    spec.scenario.tasks = 10;
    spec.scenario.submit = "as_completed";
    return spec;
}

// What on_timeout=terminate did, as the window words it (ui/run/noticetext.h): the longest
// message the status bar shows.
// The legend's entries as the diagram words them in the language installed.
QStringList legendEntries(bool process)
{
    const auto tr = [](const char* text) {
        return QCoreApplication::translate("poolscope::ui::DiagramView", text);
    };
    QStringList out{tr("queued")};
    if (process)
        out << tr("in a pipe");
    out << tr("running");
    if (!process)
        out << tr("waiting for the GIL");
    out << tr("result ✓") << tr("exception ✗") << tr("cancelled ⊘");
    return out;
}

QString longMessage()
{
    AfterTimeout a;
    a.action = "terminate";
    a.requested = "terminate";
    a.stillRunning = 1;
    a.costS = 0.0123;
    return NoticeText::describe(a);
}

} // namespace

class TstUiWindowFit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyLabelIsWholeOnEachScreen_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<int>("scene");
        QTest::addColumn<QString>("screen");
        QTest::addColumn<bool>("presenter");
        const char* names[] = {"thread pool mid-run",
                               "thread pool shutting down",
                               "process pool mid-run",
                               "process pool broken",
                               "process pool broken, the notice shown",
                               "process pool broken after the window opened"};
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")})
            for (int scene = 0; scene < 6; ++scene)
                for (const ScreenSpec& sc : kScreens)
                    for (bool presenter : {false, true})
                        QTest::addRow("%s, %s, %s %s", qPrintable(lang), names[scene],
                                      presenter ? "presenter" : "window", sc.name)
                            << lang << scene << QString::fromLatin1(sc.name) << presenter;
    }
    void everyLabelIsWholeOnEachScreen()
    {
        QFETCH(QString, lang);
        QFETCH(int, scene);
        QFETCH(QString, screen);
        QFETCH(bool, presenter);
        QScreen* sc = screenNamed(screen);
        QVERIFY2(sc, qPrintable(screen));
        std::unique_ptr<QTranslator> tr;
        QVERIFY2(installLanguage(lang, tr), qPrintable(lang));
        const auto which = static_cast<Scene>(scene);
        const bool later = which == Scene::ProcessBrokenLater;
        const bool notice = which == Scene::ProcessBrokenNotice || later;
        const bool broken = which == Scene::ProcessBroken || notice;
        EventScript script = which == Scene::ThreadMidRun     ? threadMidRunScript()
                             : which == Scene::ThreadShutdown ? threadShutdownScript()
                             : which == Scene::ProcessMidRun  ? processMidRunScript()
                                                              : processBrokenScript();
        std::optional<RunOutcome> outcome;
        if (broken) {
            outcome = RunOutcome{};
            outcome->tasks = 3;
            outcome->errorType = kBrokenCallerError;
            outcome->broken = true;
            outcome->brokenMessage =
                "A child process terminated abruptly, the process pool is not usable anymore";
        }
        const std::size_t events = script.events().size();
        {
            MainWindow w(false);
            w.setScreen(sc);
            w.move(sc->geometry().topLeft());
            if (!later)
                w.controller()->loadRecording(specFor(which), script.events(), outcome);
            const DockArrangement arranged = fitWindowToScreen(w, sc->availableGeometry().size());
            if (presenter)
                w.presenter()->setActive(true);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            if (later)
                w.controller()->loadRecording(specFor(which), script.events(), outcome);
            // As the run's end brings it: the notice row takes height from the diagram (three lines
            // in presenter mode at x2).
            if (notice) {
                Q_EMIT w.controller()->message(longMessage());
                QCoreApplication::processEvents(); // the row's layout, then the diagram's share
                QCoreApplication::processEvents();
            }
            // Mid-run: the cursor one event before the end (an opened file's end is the run's end).
            if (which == Scene::ThreadMidRun || which == Scene::ProcessMidRun)
                w.controller()->seek(static_cast<qint64>(events) - 1);
            const int updates = w.charts()->updates();
            w.charts()->refresh();
            QCOMPARE(w.charts()->updates(), updates + 1);
            // The charts lay their texts out on the next layout request.
            QCoreApplication::processEvents();
            QCoreApplication::processEvents();

            DiagramView* diagram = w.diagram();
            // Presenter mode, the diagram first: on a 960x540 (logical) screen it needs the whole
            // height as the run goes on (threads exit, queues fill), so the timeline gives way.
            if (presenter && screen == QLatin1String("1920x1080 x2")) {
                const auto* split = w.findChild<QSplitter*>(QStringLiteral("centralSplit"));
                QVERIFY(split && split->count() == 2);
                QVERIFY2(
                    split->widget(1)->isHidden(),
                    qPrintable(
                        QStringLiteral("diagram %1 px high beside the timeline").arg(diagram->height())));
            }
            std::vector<Label> drawn;
            for (const DrawnText& t : diagram->textsAt(diagram->size()))
                drawn.push_back(Label{QStringLiteral("diagram"), t.text, t.ink, t.elided});
            QVERIFY(drawn.size() > 20);
            QStringList bad = problems(drawn, QRectF(QPointF(0, 0), QSizeF(diagram->size())));
            // The futures' outlines keep a line's width apart (presenter mode doubles both).
            const std::vector<QRectF> cells = diagram->futureCellInks();
            QVERIFY(!cells.empty());
            bad << cellsTouching(cells, theme::lineWidth(1), QStringLiteral("diagram"));
            if (notice) {
                const auto* row = w.findChild<QLabel*>(QStringLiteral("notice"));
                QVERIFY2(row && row->isVisible(), "no notice row");
            }
            // The legend names every tint (a broken pool's banner takes its place).
            if (!broken)
                for (const QString& entry : legendEntries(which == Scene::ProcessMidRun))
                    if (std::none_of(drawn.begin(), drawn.end(),
                                     [&entry](const Label& l) { return l.text == entry && !l.elided; }))
                        bad << QStringLiteral("legend without \"%1\"").arg(entry);
            // A worker process's box keeps its name ("pid 19855"), never the bare pid of a narrow box,
            // and every line: a terminated worker says so (a line left out is recorded as cut, above).
            if (broken) {
                const QString terminated =
                    QCoreApplication::translate("poolscope::ui::DiagramView", "terminated");
                const auto shown = std::count_if(drawn.begin(), drawn.end(), [&terminated](const Label& l) {
                    return l.text == terminated && !l.elided;
                });
                if (shown != static_cast<long>(w.controller()->scene().workers().size()))
                    bad << QStringLiteral("\"%1\" in %2 of %3 worker boxes")
                               .arg(terminated)
                               .arg(shown)
                               .arg(w.controller()->scene().workers().size());
            }
            if (which != Scene::ThreadMidRun && which != Scene::ThreadShutdown)
                for (const WorkerRecord& worker : w.controller()->scene().workers()) {
                    const QString name =
                        QCoreApplication::translate("poolscope::ui::DiagramView", "pid %1").arg(worker.id);
                    if (std::none_of(drawn.begin(), drawn.end(),
                                     [&name](const Label& l) { return l.text == name && !l.elided; }))
                        bad << QStringLiteral("worker box without \"%1\"").arg(name);
                }
            const auto views = w.charts()->findChildren<QChartView*>();
            QCOMPARE(views.size(), 4);
            int chartTexts = 0;
            for (QChartView* v : views) {
                if (!v->isVisible()) // presenter mode hides the charts' dock unless chosen
                    continue;
                const std::vector<Label> labels = chartLabels(v);
                chartTexts += static_cast<int>(labels.size());
                bad << problems(labels, QRectF(QPointF(0, 0), QSizeF(v->viewport()->size())));
            }
            QVERIFY(presenter || chartTexts > 20);
            if (tr)
                QCoreApplication::removeTranslator(tr.get());
            // A pool that breaks after the window opened: the side docks gave the diagram the width
            // its worker boxes need (windowfit.h, widenDiagramToNeed).
            QVERIFY2(
                bad.isEmpty(),
                qPrintable(QStringLiteral("window %1x%2, diagram %3x%4, %5 docks:\n")
                               .arg(w.width())
                               .arg(w.height())
                               .arg(diagram->width())
                               .arg(diagram->height())
                               .arg(QLatin1String(arranged == DockArrangement::Tabbed ? "tabbed" : "wide")) +
                           bad.join(QLatin1Char('\n'))));
        }
    }
    // No action of the run toolbar behind its » overflow button: on a narrow screen the buttons
    // drop their text instead (ui/shell/toolbarfit.h), in English and in Chinese.
    void everyToolbarActionIsInView_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("screen");
        QTest::addColumn<bool>("presenter");
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")})
            for (const ScreenSpec& sc : kScreens)
                for (bool presenter : {false, true})
                    QTest::addRow("%s, %s %s", qPrintable(lang), presenter ? "presenter" : "window", sc.name)
                        << lang << QString::fromLatin1(sc.name) << presenter;
    }
    void everyToolbarActionIsInView()
    {
        QFETCH(QString, lang);
        QFETCH(QString, screen);
        QFETCH(bool, presenter);
        QScreen* sc = screenNamed(screen);
        QVERIFY2(sc, qPrintable(screen));
        std::unique_ptr<QTranslator> tr;
        QVERIFY2(installLanguage(lang, tr), qPrintable(lang));
        MainWindow w(false);
        w.setScreen(sc);
        w.move(sc->geometry().topLeft());
        fitWindowToScreen(w, sc->availableGeometry().size());
        if (presenter)
            w.presenter()->setActive(true);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        auto* bar = w.findChild<QToolBar*>(QStringLiteral("runToolbar"));
        QVERIFY(bar && bar->isVisible());
        int shown = 0;
        for (QAction* a : bar->actions()) {
            if (a->isSeparator() || !a->isVisible()) // a label the fit hid on purpose
                continue;
            QWidget* widget = bar->widgetForAction(a);
            const QString name = a->text().isEmpty() ? QString::number(shown) : a->text();
            QVERIFY2(widget && widget->isVisible(),
                     qPrintable(QStringLiteral("\"%1\" in the overflow").arg(name)));
            QVERIFY2(bar->rect().contains(widget->geometry()),
                     qPrintable(QStringLiteral("\"%1\" outside the bar").arg(name)));
            ++shown;
        }
        QVERIFY(shown >= 7); // run, step, reset, the speed box, cancel, shutdown, kill
        const auto* more = bar->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
        QVERIFY2(!more || !more->isVisible(),
                 qPrintable(QStringLiteral("the bar's » shows at %1 px").arg(bar->width())));
        if (tr)
            QCoreApplication::removeTranslator(tr.get());
    }
    // The side docks as the window arranges them on each screen, in both languages: every dock tab's
    // title whole (never "Sc…") inside its bar, and the scenario's fields with no sideways scrolling.
    void dockTabsAndScenarioReadWhole_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("screen");
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")})
            for (const ScreenSpec& sc : kScreens)
                QTest::addRow("%s, %s", qPrintable(lang), sc.name) << lang << QString::fromLatin1(sc.name);
    }
    void dockTabsAndScenarioReadWhole()
    {
        QFETCH(QString, lang);
        QFETCH(QString, screen);
        QScreen* sc = screenNamed(screen);
        QVERIFY2(sc, qPrintable(screen));
        std::unique_ptr<QTranslator> tr;
        QVERIFY2(installLanguage(lang, tr), qPrintable(lang));
        MainWindow w(false);
        w.setScreen(sc);
        w.move(sc->geometry().topLeft());
        fitWindowToScreen(w, sc->availableGeometry().size());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        QStringList bad;
        int tabs = 0;
        // QMainWindow's tab bars of tabified docks are the window's own children.
        for (QTabBar* bar : w.findChildren<QTabBar*>(Qt::FindDirectChildrenOnly)) {
            if (!bar->isVisible())
                continue;
            const bool vertical =
                bar->shape() == QTabBar::RoundedWest || bar->shape() == QTabBar::RoundedEast ||
                bar->shape() == QTabBar::TriangularWest || bar->shape() == QTabBar::TriangularEast;
            // A tab's text gets its rectangle less the style's padding (QTabBar::tabSizeHint).
            const int pad = bar->style()->pixelMetric(QStyle::PM_TabBarTabHSpace, nullptr, bar);
            const QFontMetrics fm(bar->font());
            for (int i = 0; i < bar->count(); ++i, ++tabs) {
                const QRect r = bar->tabRect(i);
                const int room = (vertical ? r.height() : r.width()) - pad;
                const int need = fm.horizontalAdvance(bar->tabText(i));
                if (need > room)
                    bad << QStringLiteral("tab \"%1\" cut: needs %2 px, has %3")
                               .arg(bar->tabText(i))
                               .arg(need)
                               .arg(room);
                if (!bar->rect().contains(r))
                    bad << QStringLiteral("tab \"%1\" outside its bar").arg(bar->tabText(i));
            }
        }
        QVERIFY(tabs >= 2); // at least the inspector and the event log share one side
        auto* dock = w.findChild<QDockWidget*>(QStringLiteral("scenarioDock"));
        QVERIFY(dock);
        dock->raise();
        QCoreApplication::processEvents();
        auto* scroll = qobject_cast<QScrollArea*>(dock->widget());
        QVERIFY(scroll && scroll->isVisible());
        // Each preset shows its workload's own fields.
        for (const Preset& preset : presets()) {
            RunSpec spec;
            spec.scenario = preset.scenario;
            w.controller()->setSpec(spec);
            QCoreApplication::processEvents();
            QCoreApplication::processEvents();
            // Every field shown whole, over no other (rows that wrap keep their height).
            for (const QFormLayout* form : scroll->widget()->findChildren<QFormLayout*>()) {
                std::vector<QRect> fields;
                for (int row = 0; row < form->rowCount(); ++row) {
                    const QLayoutItem* f = form->itemAt(row, QFormLayout::FieldRole);
                    if (!form->isRowVisible(row) || !f || !f->widget())
                        continue;
                    const QRect r = f->geometry();
                    if (r.height() < f->widget()->minimumSizeHint().height())
                        bad << QStringLiteral("%1: field of row %2 %3 px high")
                                   .arg(QString::fromStdString(preset.name))
                                   .arg(row)
                                   .arg(r.height());
                    for (const QRect& o : fields)
                        if (o.intersects(r))
                            bad << QStringLiteral("%1: field of row %2 over another")
                                       .arg(QString::fromStdString(preset.name))
                                       .arg(row);
                    fields.push_back(r);
                }
            }
            if (scroll->horizontalScrollBar()->maximum() > 0)
                bad << QStringLiteral("%1: the scenario scrolls sideways: %2 px wide in %3")
                           .arg(QString::fromStdString(preset.name))
                           .arg(scroll->widget()->minimumSizeHint().width())
                           .arg(scroll->viewport()->width());
        }
        if (tr)
            QCoreApplication::removeTranslator(tr.get());
        QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("window %1x%2, scenario dock %3 px:\n")
                                               .arg(w.width())
                                               .arg(w.height())
                                               .arg(dock->width()) +
                                           bad.join(QLatin1Char('\n'))));
    }
    void statusMessageReadsWhole_data()
    {
        QTest::addColumn<QString>("screen");
        QTest::addColumn<bool>("presenter");
        QTest::addColumn<bool>("broken"); // the state grows after the message, as a run's end does
        for (const ScreenSpec& sc : kScreens)
            for (bool presenter : {false, true})
                for (bool broken : {false, true})
                    QTest::addRow("%s %s%s", presenter ? "presenter" : "window", sc.name,
                                  broken ? ", then the pool broken" : "")
                        << QString::fromLatin1(sc.name) << presenter << broken;
    }
    void statusMessageReadsWhole()
    {
        QFETCH(QString, screen);
        QFETCH(bool, presenter);
        QFETCH(bool, broken);
        QScreen* sc = screenNamed(screen);
        QVERIFY2(sc, qPrintable(screen));
        MainWindow w(false);
        w.setScreen(sc);
        w.move(sc->geometry().topLeft());
        fitWindowToScreen(w, sc->availableGeometry().size());
        const EventScript script = processBrokenScript();
        if (broken) { // at its first event the scene is not broken yet
            RunOutcome outcome;
            outcome.tasks = 3;
            outcome.errorType = kBrokenCallerError;
            outcome.broken = true;
            w.controller()->loadRecording(specFor(Scene::ProcessBroken), script.events(), outcome);
            w.controller()->seek(1);
        }
        if (presenter)
            w.presenter()->setActive(true);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QString text = longMessage();
        Q_EMIT w.controller()->message(text);
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        if (broken) { // the pool breaks after the message came: the state beside it grows
            QTRY_VERIFY(!w.statusText().contains(QStringLiteral("pool broken")));
            w.controller()->seek(static_cast<qint64>(script.events().size()));
            QTRY_VERIFY(w.statusText().contains(QStringLiteral("pool broken")));
            QCoreApplication::processEvents();
            QCoreApplication::processEvents();
        }
        QCOMPARE(w.messageText(), text);
        // In the status bar's line, or (too long for it) in the notice row above it.
        auto* label = w.findChild<QLabel*>(QStringLiteral("statusMessage"));
        QVERIFY(label);
        if (!label->isVisible())
            label = w.findChild<QLabel*>(QStringLiteral("notice"));
        QVERIFY(label && label->isVisible());
        QCOMPARE(label->text(), text);
        // The status bar keeps its one line: a message wrapped inside it crowded the state and the
        // counts and took a presenter's timeline three lines.
        const int barLine = QFontMetrics(w.statusBar()->font()).lineSpacing();
        QVERIFY2(w.statusBar()->height() < 2 * barLine + 8,
                 qPrintable(QStringLiteral("status bar %1 px high").arg(w.statusBar()->height())));
        // Whole: the lines the text wraps into at the label's width fit its height, and no word is
        // wider than the label.
        const QRect room = label->contentsRect();
        const QFontMetrics fm(label->font());
        const int flags = label->wordWrap() ? Qt::TextWordWrap : 0;
        const QRect need = fm.boundingRect(QRect(0, 0, room.width(), 100000), flags, text);
        QVERIFY2(need.width() <= room.width() && need.height() <= room.height(),
                 qPrintable(QStringLiteral("message needs %1x%2, has %3x%4 (window %5x%6)")
                                .arg(need.width())
                                .arg(need.height())
                                .arg(room.width())
                                .arg(room.height())
                                .arg(w.width())
                                .arg(w.height())));
        // Inside the window, over none of the bar's other labels.
        const QRect inWindow(label->mapTo(&w, QPoint(0, 0)), label->size());
        QVERIFY(w.rect().contains(inWindow));
        const QRect central(w.centralWidget()->mapTo(&w, QPoint(0, 0)), w.centralWidget()->size());
        QVERIFY2(!central.intersects(inWindow), "over the diagram and the timeline");
        if (label->objectName() == QLatin1String("notice")) {
            const QRect bar(w.statusBar()->mapTo(&w, QPoint(0, 0)), w.statusBar()->size());
            QVERIFY2(!bar.intersects(inWindow), "over the status bar");
        }
        for (QLabel* other : w.statusBar()->findChildren<QLabel*>()) {
            if (other == label || !other->isVisible() || other->text().isEmpty())
                continue;
            const QRect o(other->mapTo(&w, QPoint(0, 0)), other->size());
            QVERIFY2(!o.intersects(inWindow), qPrintable(QStringLiteral("over \"%1\"").arg(other->text())));
            const int otherNeed = QFontMetrics(other->font()).horizontalAdvance(other->text());
            QVERIFY2(otherNeed <= other->contentsRect().width(),
                     qPrintable(QStringLiteral("\"%1\" cut").arg(other->text())));
        }
    }
};

int main(int argc, char** argv)
{
    // Read by the offscreen platform as QApplication starts.
    QTemporaryFile config(QDir::temp().filePath(QStringLiteral("tst_uiwindowfit-XXXXXX.json")));
    if (!config.open() || config.write(screensConfig(kScreens)) < 0 || !config.flush())
        return 1;
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(config.fileName()));
    QApplication app(argc, argv);
    TstUiWindowFit test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_uiwindowfit.moc"
