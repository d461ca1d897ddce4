// Diagram geometry, the scene -> chip positions and the GIL token's target, without a window;
// and every text both diagrams draw on a classroom screen, in English and Chinese: whole, inside
// the diagram, none over another.

#include "tests/ui/layoutscenes.h"
#include "tests/ui/uitesthelpers.h"
#include "ui/diagram/diagramlayout.h"
#include "ui/diagram/futureflashes.h"
#include "ui/diagram/processdiagrampainter.h"
#include "ui/diagram/threaddiagrampainter.h"
#include "ui/run/runsession.h"
#include "ui/shell/theme.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QTranslator>
#include <QtTest>
#include <QWidget>

#include <algorithm>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::uitest::EventScript;

namespace {
constexpr QSizeF kChip(34, 18);
constexpr double kLine = 16;

bool disjoint(const std::vector<QRectF>& rs)
{
    for (std::size_t i = 0; i < rs.size(); ++i)
        for (std::size_t j = i + 1; j < rs.size(); ++j)
            if (rs[i].intersects(rs[j]))
                return false;
    return true;
}

SceneState sceneOf(PoolKind pool, int workers, const EventScript& s)
{
    SceneState scene;
    scene.reset(pool, workers);
    for (const Event& e : s.events())
        scene.apply(e);
    return scene;
}

SceneState threadMidRun()
{
    return sceneOf(PoolKind::Thread, 5, poolscope::uitest::threadMidRunScript());
}
SceneState threadMainHoldsGil()
{
    return sceneOf(PoolKind::Thread, 5, poolscope::uitest::threadMainHoldsGilScript());
}
SceneState threadShutdown()
{
    return sceneOf(PoolKind::Thread, 5, poolscope::uitest::threadShutdownScript());
}
SceneState processMidRun()
{
    return sceneOf(PoolKind::Process, 3, poolscope::uitest::processMidRunScript());
}
SceneState processBroken()
{
    SceneState scene = sceneOf(PoolKind::Process, 3, poolscope::uitest::processBrokenScript());
    scene.setCallerError(poolscope::uitest::kBrokenCallerError, "");
    return scene;
}

// Paints one diagram the way DiagramView does (background, foreground, chips settled, banner)
// and returns every text it drew.
// `linesWhole`: a worker box's state and counters count as cut where it leaves them out (its name
// always does: never the bare pid).
std::vector<DrawnText> drawnTexts(const SceneState& scene, QSizeF size, double pointSize, bool finished,
                                  bool linesWhole)
{
    QWidget host;
    QFont font = QApplication::font();
    font.setPointSizeF(pointSize);
    host.setFont(font);
    host.resize(size.toSize());
    DiagramPainter look(host);
    std::vector<DrawnText> out;
    look.text().record(&out);
    look.setNamesWhole(true);
    look.setLinesWhole(linesWhole);
    RunSpec spec;
    spec.scenario.pool = scene.pool() == PoolKind::Process ? "process" : "thread";
    spec.scenario.workers = scene.maxWorkers();
    spec.scenario.tasks = 10;
    spec.scenario.submit = "as_completed";
    QImage image(size.toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(host.palette().color(QPalette::Window));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font);
    FutureFlashes flashes;
    ChipOverflow overflow;
    if (scene.pool() == PoolKind::Thread) {
        ThreadDiagramPainter painter(look);
        const auto g = painter.layout(size, scene, 10);
        const auto chips = threadChips(scene, g, &overflow);
        const DiagramInput in{
            .scene = scene, .spec = spec, .finished = finished, .overflow = overflow, .flashes = flashes};
        painter.paintBackground(p, g, in);
        painter.paintForeground(p, g, in, gilTokenTarget(scene, g));
        look.chips(p, chips, scene, -1);
        look.brokenBanner(p, QRectF(QPointF(0, 0), size).adjusted(2, 2, -2, -2), g.legend, scene);
    } else {
        ProcessDiagramPainter painter(look);
        const auto g = painter.layout(size, scene, 10);
        const auto chips = processChips(scene, g, &overflow);
        const DiagramInput in{
            .scene = scene, .spec = spec, .finished = finished, .overflow = overflow, .flashes = flashes};
        painter.paintBackground(p, g, in);
        painter.paintForeground(p, g, in);
        look.chips(p, chips, scene, -1);
        look.brokenBanner(p, QRectF(QPointF(0, 0), size).adjusted(2, 2, -2, -2), g.legend, scene);
    }
    return out;
}

QString describe(const DrawnText& t)
{
    return QStringLiteral("\"%1\" at %2,%3 %4x%5 in %6,%7 %8x%9")
        .arg(t.text)
        .arg(t.ink.x(), 0, 'f', 0)
        .arg(t.ink.y(), 0, 'f', 0)
        .arg(t.ink.width(), 0, 'f', 0)
        .arg(t.ink.height(), 0, 'f', 0)
        .arg(t.box.x(), 0, 'f', 0)
        .arg(t.box.y(), 0, 'f', 0)
        .arg(t.box.width(), 0, 'f', 0)
        .arg(t.box.height(), 0, 'f', 0);
}

SceneState threadSceneWithQueue(int queued, int workers)
{
    EventScript s;
    s.add(EventKind::ExecutorCreated, 0, -1, workers, 0);
    for (int w = 1; w <= workers; ++w)
        s.add(EventKind::ThreadSpawn, w, -1, w);
    // Thread 1 runs task 100; `queued` more wait.
    s.add(EventKind::Submit, 0, 100);
    s.add(EventKind::WorkQueuePut, 0, 100, 1);
    s.add(EventKind::WorkQueueGet, 1, 100, 0);
    s.add(EventKind::TaskStart, 1, 100);
    for (int i = 0; i < queued; ++i) {
        s.add(EventKind::Submit, 0, 200 + i);
        s.add(EventKind::WorkQueuePut, 0, 200 + i, i + 1);
    }
    SceneState scene;
    scene.reset(PoolKind::Thread, workers);
    for (const Event& e : s.events())
        scene.apply(e);
    return scene;
}
} // namespace

class TstUiLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fitGridHoldsTheCountInsideTheArea_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<QRectF>("area");
        QTest::newRow("12 futures, roomy") << 12 << QRectF(10, 10, 300, 300);
        QTest::newRow("100 futures shrink the cells") << 100 << QRectF(0, 0, 200, 200);
        QTest::newRow("10000 futures: as many as fit at the minimum") << 10000 << QRectF(0, 0, 200, 200);
    }
    void fitGridHoldsTheCountInsideTheArea()
    {
        QFETCH(int, count);
        QFETCH(QRectF, area);
        const CellGrid g = fitGrid(area, count, kChip, 9, 2);
        QVERIFY(g.cols > 0 && g.rows > 0);
        QVERIFY(g.cell.height() >= 9 - 1e-9);
        QVERIFY(g.cell.height() <= kChip.height() + 1e-9);
        const int n = std::min(count, g.capacity());
        std::vector<QRectF> cells;
        for (int i = 0; i < n; ++i) {
            const QRectF c = g.cellRect(i);
            QVERIFY2(area.contains(c), qPrintable(QStringLiteral("cell %1 outside").arg(i)));
            QCOMPARE(g.cellAt(c.center()), i);
            cells.push_back(c);
        }
        QVERIFY(disjoint(cells));
        if (count <= 100)
            QVERIFY(g.capacity() >= count);
    }

    void threadDiagramFitsAndOrdersColumns_data()
    {
        QTest::addColumn<QSizeF>("size");
        QTest::addColumn<int>("workers");
        QTest::addColumn<int>("lines");
        QTest::newRow("4 threads on a projector") << QSizeF(900, 430) << 4 << 3;
        QTest::newRow("16 threads become two-line boxes") << QSizeF(900, 430) << 16 << 2;
        QTest::newRow("64 threads in two columns") << QSizeF(900, 600) << 64 << 1;
        QTest::newRow("short window: one-line boxes") << QSizeF(480, 220) << 4 << 1;
    }
    void threadDiagramFitsAndOrdersColumns()
    {
        QFETCH(QSizeF, size);
        QFETCH(int, workers);
        QFETCH(int, lines);
        const auto g = layoutThreadDiagram(size, workers, 12, kChip, kLine);
        const QRectF bounds(QPointF(0, 0), size);
        QCOMPARE(static_cast<int>(g.workers.size()), workers);
        QCOMPARE(g.workerLines, lines);
        for (const QRectF& r : g.workers) // the lines fit their box: none over another (one is the least)
            QVERIFY(lines == 1 || r.height() - 4 >= lines * kLine);
        for (const QRectF& r : g.workers) {
            QVERIFY(bounds.contains(r));
            QVERIFY(r.left() > g.workQueue.right());
            QVERIFY(r.height() > 0);
        }
        QVERIFY(disjoint(g.workers));
        QVERIFY(g.caller.right() < g.workQueue.left());
        QVERIFY(g.caller.contains(g.futuresBox));
        QVERIFY(bounds.contains(g.caller) && bounds.contains(g.workQueue) && bounds.contains(g.legend));
        QVERIFY(!g.legend.intersects(g.caller));
        if (size.height() >= 400)
            QVERIFY(g.queueSlots.capacity() >= 3);
        QVERIFY(g.queueSlots.capacity() >= 1);
        QVERIFY(g.workQueue.contains(g.queueSlots.cellRect(g.queueSlots.capacity() - 1)));
    }

    void processDiagramFollowsTheTutorial_data()
    {
        QTest::addColumn<int>("workers");
        QTest::newRow("2 workers: 3 call queue slots") << 2;
        QTest::newRow("4 workers: 5 slots") << 4;
        QTest::newRow("16 workers: 17 slots") << 16;
    }
    void processDiagramFollowsTheTutorial()
    {
        QFETCH(int, workers);
        const QSizeF size(1000, 480);
        const auto g = layoutProcessDiagram(size, workers, workers + 1, 20, kChip, kLine);
        const QRectF bounds(QPointF(0, 0), size);
        // Left to right, like the ASCII diagram in process.py.
        QVERIFY(g.caller.right() < g.workIds.left());
        QVERIFY(g.workIds.right() < g.manager.left());
        QVERIFY(g.manager.right() < g.callQueue.left());
        QVERIFY(g.callQueue.right() <= g.callPipe.left() + 1e-9);
        QVERIFY(g.callPipe.right() <= g.workers.front().left() + 1e-9);
        // Work Ids above Work Items, Call Q above Result Q, result pipe below call pipe.
        QVERIFY(g.workIds.bottom() < g.workItems.top());
        QVERIFY(g.callQueue.bottom() < g.resultQueue.top());
        QVERIFY(g.callPipe.bottom() < g.resultPipe.top());
        // max_workers + 1 slots, every one visible inside the Call Q box.
        QVERIFY(g.callSlots.capacity() >= workers + 1);
        std::vector<QRectF> slots;
        for (int i = 0; i < workers + 1; ++i) {
            QVERIFY(g.callQueue.contains(g.callSlots.cellRect(i)));
            slots.push_back(g.callSlots.cellRect(i));
        }
        QVERIFY(disjoint(slots));
        // The process boundary runs between the queues and the workers.
        QVERIFY(g.boundaryX > g.callQueue.right() && g.boundaryX < g.workers.front().left());
        QCOMPARE(static_cast<int>(g.workers.size()), workers);
        for (const QRectF& r : g.workers)
            QVERIFY(bounds.contains(r));
        QVERIFY(disjoint(g.workers));
    }

    // A short body (Chinese lines, a broken pool's banner): every box still holds its title's row, the
    // return lane its label and line, in the order the tutorial draws them top to bottom.
    void aShortProcessDiagramKeepsItsRows_data()
    {
        QTest::addColumn<QSizeF>("size");
        QTest::addColumn<double>("line");
        QTest::addColumn<int>("bannerLines");
        QTest::newRow("roomy: 1000x480") << QSizeF(1000, 480) << kLine << 0;
        // 26 px: a Chinese line at presenter scale (x1.5); 960x290: 1920x1080 x2 beside the timeline.
        QTest::newRow("zh_CN presenter, 960x290, no banner") << QSizeF(960, 290) << 26.0 << 0;
        QTest::newRow("zh_CN presenter, 960x290, two banner lines") << QSizeF(960, 290) << 26.0 << 2;
        QTest::newRow("en presenter, 960x290, two banner lines") << QSizeF(960, 290) << 21.0 << 2;
    }
    void aShortProcessDiagramKeepsItsRows()
    {
        QFETCH(QSizeF, size);
        QFETCH(double, line);
        QFETCH(int, bannerLines);
        const auto g = layoutProcessDiagram(size, 3, 4, 3, kChip, line, bannerLines);
        for (const QRectF& box : {g.workIds, g.workItems, g.manager, g.callQueue, g.resultQueue})
            QVERIFY2(box.height() >= line + 6, qPrintable(QString::number(box.height())));
        QVERIFY(g.title.bottom() <= g.inProcess.top());
        QVERIFY(g.inProcess.height() >= line && g.inProcess.bottom() <= g.workIds.top());
        QVERIFY(g.workIds.bottom() < g.workItems.top());
        QVERIFY(g.workItems.bottom() < g.returnLane.top() && g.manager.bottom() < g.returnLane.top());
        QVERIFY(g.returnLane.height() >= line + 3);
        QVERIFY(g.returnLane.bottom() <= g.legend.top());
        QVERIFY(g.legend.height() >= line * bannerLines);
        QVERIFY(QRectF(QPointF(0, 0), size).contains(g.legend));
    }

    void queuedChipsFillSlotsInOrderAndOverflowIsCounted_data()
    {
        QTest::addColumn<int>("queued");
        QTest::newRow("3 queued") << 3;
        QTest::newRow("500 queued: slots then +N") << 500;
    }
    void queuedChipsFillSlotsInOrderAndOverflowIsCounted()
    {
        QFETCH(int, queued);
        const SceneState scene = threadSceneWithQueue(queued, 2);
        const auto g = layoutThreadDiagram(QSizeF(900, 430), 2, 12, kChip, kLine);
        ChipOverflow overflow;
        const auto chips = threadChips(scene, g, &overflow);
        const int cap = g.queueSlots.capacity();
        const int shown = queued > cap ? cap - 1 : queued;
        QCOMPARE(overflow.workQueue, queued - shown);
        int inQueue = 0;
        for (const ChipView& c : chips) {
            if (c.place == ChipPlace::WorkQueue) {
                QCOMPARE(c.task, std::int64_t(200 + inQueue)); // front first
                QCOMPARE(c.center, g.queueSlots.cellRect(inQueue).center());
                ++inQueue;
            }
        }
        QCOMPARE(inQueue, shown);
        // Task 100 runs on thread 1: its chip sits in thread 1's box.
        const auto running =
            std::find_if(chips.begin(), chips.end(), [](const ChipView& c) { return c.task == 100; });
        QVERIFY(running != chips.end());
        QCOMPARE(running->place, ChipPlace::Worker);
        QVERIFY(g.workers[0].contains(running->center));
        QVERIFY(chips.size() <= static_cast<std::size_t>(cap + 2)); // bounded, whatever the queue holds
    }

    void processChipsShowPipeBytes()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 1);
        s.add(EventKind::Submit, 0, 1);
        s.add(EventKind::WorkIdPut, 0, 1, 1);
        s.add(EventKind::WorkIdGet, 0, 1, 0);
        s.add(EventKind::CallQueuePut, 0, 1, 1, 3);
        s.add(EventKind::Submit, 0, 2);
        s.add(EventKind::WorkIdPut, 0, 2, 1);
        s.add(EventKind::WorkIdGet, 0, 2, 0);
        s.add(EventKind::CallQueuePut, 0, 2, 2, 3);
        s.add(EventKind::FeederSerialize, 0, 1, 123);
        SceneState scene;
        scene.reset(PoolKind::Process, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        const auto g = layoutProcessDiagram(QSizeF(1000, 480), 2, 3, 2, kChip, kLine);
        const auto chips = processChips(scene, g, nullptr);
        QCOMPARE(chips.size(), std::size_t(2));
        const ChipView& inPipe = chips[0].task == 1 ? chips[0] : chips[1];
        const ChipView& inSlot = chips[0].task == 2 ? chips[0] : chips[1];
        QCOMPARE(inPipe.place, ChipPlace::CallPipe);
        QCOMPARE(inPipe.bytes, std::int64_t(123));
        QVERIFY(g.callPipe.contains(inPipe.center));
        QCOMPARE(inSlot.place, ChipPlace::CallQueue);
        QCOMPARE(inSlot.center, g.callSlots.cellRect(1).center()); // slot 0 is task 1's, in the pipe
    }

    void aResultTheManagerReadIsNotDrawnQueued()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 1);
        s.add(EventKind::Submit, 0, 1, 1);
        s.add(EventKind::WorkIdPut, 0, 1, 1);
        s.add(EventKind::WorkIdGet, 0, 1, 0);
        s.add(EventKind::Submit, 0, 2, 2);
        s.add(EventKind::WorkIdPut, 0, 2, 1);
        s.add(EventKind::WorkIdGet, 0, 2, 0); // task 2: an id the manager took
        s.add(EventKind::CallQueuePut, 0, 1, 1, 3);
        s.add(EventKind::FeederSerialize, 0, 1, 123);
        s.add(EventKind::WorkerGet, 100, 1, 123);
        s.add(EventKind::TaskStart, 100, 1);
        s.add(EventKind::TaskEnd, 100, 1, 1'000'000, 0);
        s.add(EventKind::ResultSerialize, 100, 1, 40);
        s.add(EventKind::ResultPipeRead, 0, 1, 40); // task 1: a result the manager read
        SceneState scene;
        scene.reset(PoolKind::Process, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        QCOMPARE(scene.task(1)->place, ChipPlace::Returned);
        const auto g = layoutProcessDiagram(QSizeF(1000, 480), 2, 3, 2, kChip, kLine);
        const auto chips = processChips(scene, g, nullptr);
        const auto chip = [&chips](std::int64_t task) {
            return std::find_if(chips.begin(), chips.end(),
                                [task](const ChipView& c) { return c.task == task; });
        };
        QVERIFY(chip(1) != chips.end() && chip(2) != chips.end());
        QCOMPARE(chip(1)->place, ChipPlace::Returned);
        QCOMPARE(chip(2)->place, ChipPlace::Manager);
        QVERIFY(g.manager.contains(chip(1)->center));
        QVERIFY(theme::tintOfPlace(chip(1)->place) != theme::Tint::Queued);
        QCOMPARE(theme::tintOfPlace(chip(2)->place), theme::Tint::Queued);
    }

    void futuresWindowKeepsTheFrontierInView()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 1, 0);
        for (int i = 0; i < 100; ++i)
            s.threadTask(i + 1, 1);
        for (int i = 100; i < 1000; ++i)
            s.add(EventKind::Submit, 0, i + 1);
        SceneState scene;
        scene.reset(PoolKind::Thread, 1);
        for (const Event& e : s.events())
            scene.apply(e);
        QCOMPARE(scene.firstUnfinished(), std::size_t(100));
        const FuturesWindow w = futuresWindow(scene, 40);
        QCOMPARE(w.count, std::size_t(40));
        QVERIFY(w.first <= 100 && 100 < w.first + w.count);
        QCOMPARE(futuresWindow(scene, 5000).count, std::size_t(1000));
    }

    void gilTokenGoesToItsHolder_data()
    {
        QTest::addColumn<int>("holder"); // SceneState::gilHolder(): a thread, 0 (the caller) or kNobody
        QTest::addColumn<int>("where"); // 0: resting place, 1: beside thread 1, 2: beside thread 2, 3: caller
        QTest::newRow("nobody: it rests") << int(SceneState::kNobody) << 0;
        QTest::newRow("thread 1: beside its box") << 1 << 1;
        QTest::newRow("thread 2: beside its box") << 2 << 2;
        QTest::newRow("the main thread: the caller's corner") << 0 << 3;
    }
    void gilTokenGoesToItsHolder()
    {
        QFETCH(int, holder);
        QFETCH(int, where);
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 0);
        s.add(EventKind::ThreadSpawn, 1, -1, 1);
        s.add(EventKind::ThreadSpawn, 2, -1, 2);
        if (holder != SceneState::kNobody)
            s.add(EventKind::GilAcquire, holder, -1, 0);
        SceneState scene;
        scene.reset(PoolKind::Thread, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        QCOMPARE(scene.gilHolder(), holder);
        const ThreadDiagramGeometry g = layoutThreadDiagram(QSizeF(1000, 600), 2, 10, kChip, kLine);
        const QPointF home = g.gilHome.center();
        const QPointF expected = where == 0   ? home
                                 : where == 3 ? QPointF(g.caller.right() - kChip.height() * 1.3,
                                                        (g.caller.top() + g.callerText.top()) / 2)
                                              : QPointF(home.x(), g.workers[where - 1].center().y());
        QCOMPARE(gilTokenTarget(scene, g), expected);
        if (where == 3) { // inside the caller's box, not on a thread's row, and above its status
            QVERIFY(g.caller.contains(expected));
            QVERIFY(expected.y() < g.callerText.top());
        }
    }

    // What a projector shows: the diagram's size in presenter mode (×1.5) on a 1280×720 screen and
    // on a 1920×1080 screen at scale 2 (960×540 logical), as `poolscope --presenter --screen` lays
    // the window out; in English and in Chinese.
    void everyLabelIsWholeAndApart_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<int>("scene");
        QTest::addColumn<QSizeF>("size");
        const QSizeF p720(1280, 484);
        const QSizeF p1080x2(960, 290);
        const char* names[] = {"thread pool mid-run",   "thread pool shutting down",
                               "process pool mid-run",  "process pool broken",
                               "process pool finished", "thread pool, the main thread holds the GIL"};
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            for (int scene = 0; scene < 6; ++scene) {
                QTest::addRow("%s, %s, 1280x720", qPrintable(lang), names[scene]) << lang << scene << p720;
                QTest::addRow("%s, %s, 1920x1080 x2", qPrintable(lang), names[scene])
                    << lang << scene << p1080x2;
            }
        }
    }
    void everyLabelIsWholeAndApart()
    {
        QFETCH(QString, lang);
        QFETCH(int, scene);
        QFETCH(QSizeF, size);
        std::unique_ptr<QTranslator> tr;
        if (lang != QLatin1String("en")) {
            tr = std::make_unique<QTranslator>();
            QVERIFY(tr->load(QStringLiteral(POOLSCOPE_QM_DIR "/poolscope_%1.qm").arg(lang)));
            QVERIFY(QCoreApplication::installTranslator(tr.get()));
        }
        const SceneState s = scene == 0                 ? threadMidRun()
                             : scene == 5               ? threadMainHoldsGil()
                             : scene == 1               ? threadShutdown()
                             : scene == 2 || scene == 4 ? processMidRun()
                                                        : processBroken();
        const double pt = QApplication::font().pointSizeF() * 1.5; // PresenterMode::kDefaultScale
        // Scene 4: the run is over, the caller left the with-block. At 960x290 (what x2 gave the
        // diagram while the timeline stayed; presenter mode now hides the timeline there, and
        // tst_uiwindowfit checks every line at the size it gives) worker boxes keep their names but
        // not every line: five threads' boxes of three 21 px lines (26 px in Chinese) would need
        // 335 px (410), more than the whole diagram's 290.
        const std::vector<DrawnText> texts = drawnTexts(s, size, pt, scene == 4, size.height() > 290);
        QVERIFY(texts.size() > 20);
        const QRectF bounds(QPointF(0, 0), size);
        QStringList bad;
        for (const DrawnText& t : texts) {
            if (t.elided)
                bad << QStringLiteral("cut: ") + describe(t);
            else if (!bounds.contains(t.ink))
                bad << QStringLiteral("outside: ") + describe(t);
        }
        for (std::size_t i = 0; i < texts.size(); ++i) {
            for (std::size_t j = i + 1; j < texts.size(); ++j) {
                const QRectF both = texts[i].ink.intersected(texts[j].ink);
                // Lines of text touch; more than 2 px into each other is one over the other.
                if (both.width() > 2 && both.height() > 2)
                    bad << QStringLiteral("overlap: ") + describe(texts[i]) + QStringLiteral(" / ") +
                               describe(texts[j]);
            }
        }
        if (tr)
            QCoreApplication::removeTranslator(tr.get());
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TstUiLayout)
#include "tst_uilayout.moc"
