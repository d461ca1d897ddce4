// The compare view on the screens a classroom has (1280x720, and 1920x1080 at scale 2), in English
// and Chinese: every text both panes' diagrams draw is whole, inside its diagram and over no other, at
// the start, at the time shown when a comparison opens and at the end; and the table of measures
// shows every column without scrolling sideways. As the window opens it (View ▸ Compare the pools…,
// sized to the screen) and as large as the screen (what `poolscope --compare --screenshot` shoots),
// for compare-cpu on the two pools and on the GIL on and off, and for the scripted mid-run scenes of
// the layout tests (five threads, three processes); at the end every future shows its task's number.

#include "tests/ui/fitcheck.h"
#include "tests/ui/layoutscenes.h"
#include "ui/compare/comparepane.h"
#include "ui/compare/comparetable.h"
#include "ui/compare/compareview.h"
#include "ui/compare/lockstepscrubber.h"
#include "ui/diagram/diagramview.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/theme.h"
#include "ui/shell/windowfit.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTranslator>
#include <QtTest>

#include <algorithm>
#include <map>
#include <memory>
#include <thread>

using namespace poolscope;
using namespace poolscope::ui;
using namespace poolscope::uitest;

namespace {

constexpr ScreenSpec kScreens[] = {
    {"1280x720", {1280, 720}, 1},
    {"1920x1080 x2", {960, 540}, 2},
};

// What a done future's cell shows after its number (result, exception, cancelled).
constexpr const char16_t* kMarks[] = {u"✓", u"✗", u"⊘"};

// compare-cpu as the docs' screenshots run it (8 factorials on 2 workers), its tasks shorter.
Scenario compareCpu()
{
    Scenario s = *presetScenario("compare-cpu");
    s.workload.targetMs = 30;
    return s;
}

// One scripted scene as a run of the compare view, measured from its events as a run file is.
RecordedRun scriptedRun(const std::string& pool, int workers, const EventScript& script)
{
    RecordedRun r;
    r.mode = pool;
    r.scenario = compareCpu();
    r.scenario.pool = pool;
    r.scenario.workers = workers;
    r.scenario.tasks = 10;
    r.scenario.submit = "as_completed";
    r.events = script.events();
    r.summary = summaryFromRecording(r.scenario, r.events, nullptr);
    r.measures = measureRun(r.mode, workers, r.summary, r.events, 0.0,
                            std::max(1U, std::thread::hardware_concurrency()));
    return r;
}

// At the end every future is done: each of the Futures box's cells shows its task's number and mark.
QStringList futuresWithoutNumber(std::int64_t tasks, const std::vector<Label>& drawn, const QString& where)
{
    QStringList bad;
    for (std::int64_t i = 0; i < tasks; ++i) {
        const bool shown = std::any_of(drawn.begin(), drawn.end(), [i](const Label& l) {
            if (l.elided)
                return false;
            return std::any_of(std::begin(kMarks), std::end(kMarks), [&](const char16_t* mark) {
                return l.text == QString::number(i) + QString::fromUtf16(mark);
            });
        });
        if (!shown)
            bad << QStringLiteral("future without its number: %1: task %2").arg(where).arg(i);
    }
    return bad;
}

} // namespace

class TstUiCompareFit : public QObject
{
    Q_OBJECT

    std::map<QString, std::vector<RecordedRun>> m_runs; // by what they compare

private Q_SLOTS:
    void initTestCase()
    {
        // The two real comparisons, run once for the rows below.
        for (const QString& pair : {QStringLiteral("pools"), QStringLiteral("gil")}) {
            RunController controller;
            CompareView view(&controller);
            view.setScenario(compareCpu());
            QVERIFY(view.setPair(pair));
            QSignalSpy finished(&view, &CompareView::finished);
            view.start(1);
            QVERIFY(finished.wait(120000));
            QCOMPARE(finished.at(0).at(0).toBool(), false);
            m_runs[pair] = view.runs();
        }
        m_runs[QStringLiteral("scripted")] = {scriptedRun("thread", 5, threadMidRunScript()),
                                              scriptedRun("process", 3, processMidRunScript())};
    }

    void everyLabelIsWholeAndTheTableUnscrolled_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("screen");
        QTest::addColumn<QString>("runs");
        QTest::addColumn<bool>("wholeScreen");
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")})
            for (const ScreenSpec& sc : kScreens)
                for (const char* runs : {"pools", "gil", "scripted"})
                    for (bool whole : {false, true})
                        QTest::addRow("%s, %s, %s, %s", qPrintable(lang), sc.name, runs,
                                      whole ? "as large as the screen" : "as the window opens it")
                            << lang << QString::fromLatin1(sc.name) << QString::fromLatin1(runs) << whole;
    }
    void everyLabelIsWholeAndTheTableUnscrolled()
    {
        QFETCH(QString, lang);
        QFETCH(QString, screen);
        QFETCH(QString, runs);
        QFETCH(bool, wholeScreen);
        QScreen* sc = screenNamed(screen);
        QVERIFY2(sc, qPrintable(screen));
        std::unique_ptr<QTranslator> tr;
        QVERIFY2(installLanguage(lang, tr), qPrintable(lang));
        QStringList bad;
        {
            MainWindow w(false);
            w.setScreen(sc);
            w.move(sc->geometry().topLeft());
            fitWindowToScreen(w, sc->availableGeometry().size());
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            CompareView* view = CompareView::showFor(w.controller(), &w);
            view->setScreen(sc);
            view->move(sc->geometry().topLeft());
            if (wholeScreen)
                view->resize(w.size()); // as app/gui does before it shoots
            QVERIFY(QTest::qWaitForWindowExposed(view));
            view->showRuns(m_runs.at(runs));
            QCoreApplication::processEvents();
            const auto fitted = [view] {
                return std::none_of(view->panes().begin(), view->panes().end(),
                                    [](const ComparePane* p) { return p->fitPending(); });
            };
            QTRY_VERIFY(fitted());
            QStringList scales; // what each pane chose and how long choosing takes, for the docs
            for (ComparePane* pane : view->panes()) {
                if (!pane->isVisibleTo(view))
                    continue;
                QElapsedTimer clock;
                clock.start();
                pane->fitDiagram();
                scales << QStringLiteral("%1 %2 (%3 ms)")
                              .arg(QString::fromStdString(pane->run().mode))
                              .arg(pane->diagramScale())
                              .arg(static_cast<double>(clock.nsecsElapsed()) / 1e6, 0, 'f', 0);
            }
            qInfo("diagram fonts: %s", qPrintable(scales.join(QStringLiteral(", "))));
            QVERIFY2(view->width() <= sc->availableGeometry().width() &&
                         view->height() <= sc->availableGeometry().height(),
                     qPrintable(QStringLiteral("the view is %1x%2").arg(view->width()).arg(view->height())));

            // Where the comparison opens (the faster run just finished), the start and the end.
            const std::int64_t opened = view->scrubber()->time();
            for (const std::int64_t t : {opened, std::int64_t{0}, view->scrubber()->span()}) {
                view->scrubber()->setTime(t);
                QCoreApplication::processEvents();
                int shown = 0;
                for (ComparePane* pane : view->panes()) {
                    if (!pane->isVisibleTo(view) || pane->run().mode == "serial")
                        continue;
                    ++shown;
                    DiagramView* d = pane->diagram();
                    const QString where = QStringLiteral("%1 at %2 ms, diagram %3x%4")
                                              .arg(QString::fromStdString(pane->run().mode))
                                              .arg(static_cast<double>(t) / 1e6, 0, 'f', 0)
                                              .arg(d->width())
                                              .arg(d->height());
                    std::vector<Label> drawn;
                    for (const DrawnText& text : d->textsAt(d->size()))
                        drawn.push_back(Label{where, text.text, text.ink, text.elided});
                    QVERIFY(drawn.size() > 15);
                    bad << problems(drawn, QRectF(QPointF(0, 0), QSizeF(d->size())));
                    bad << cellsTouching(d->futureCellInks(), theme::lineWidth(1), where);
                    if (t == view->scrubber()->span() && runs != QLatin1String("scripted"))
                        bad << futuresWithoutNumber(pane->run().scenario.tasks, drawn, where);
                }
                QCOMPARE(shown, 2);
            }

            CompareTable* table = view->table();
            QVERIFY(table->isVisible());
            QVERIFY(table->columnCount() >= 2);
            if (table->horizontalScrollBar()->maximum() > 0)
                bad << QStringLiteral("the table scrolls sideways: %1 px of columns in %2 px")
                           .arg(table->horizontalHeader()->length())
                           .arg(table->viewport()->width());
            if (!bad.isEmpty())
                bad.prepend(QStringLiteral("view %1x%2:").arg(view->width()).arg(view->height()));
        }
        if (tr)
            QCoreApplication::removeTranslator(tr.get());
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    }
};

int main(int argc, char** argv)
{
    // Read by the offscreen platform as QApplication starts.
    QTemporaryFile config(QDir::temp().filePath(QStringLiteral("tst_uicomparefit-XXXXXX.json")));
    if (!config.open() || config.write(screensConfig(kScreens)) < 0 || !config.flush())
        return 1;
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(config.fileName()));
    QApplication app(argc, argv);
    TstUiCompareFit test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_uicomparefit.moc"
