// Replay: the run's history (RunHistory) and the controller's cursor over it.
// A seek must land on exactly the scene a one-by-one fold reaches; off live the
// past cannot be changed (no intervention) and replaying never runs anything.

#include "core/run/runfile.h"
#include "core/run/scenario.h"
#include "ui/model/runhistory.h"
#include "ui/panels/timelinescrubber.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/filemenu.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/recentscenarios.h"
#include "uitesthelpers.h"

#include <QImage>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include <random>

using namespace poolscope;
using namespace poolscope::ui;

namespace {

// What arrived at which position, recorded independently of RunHistory.
struct Recording
{
    SceneState base;
    std::vector<Event> events;
    std::vector<std::pair<std::size_t, FutureOutcome>> outcomes;
    std::vector<std::pair<std::size_t, RunNotice>> errors;
    bool finished = false;
};

// The scene after the first k events, folded one by one, each outcome / caller error applied
// right after the event it followed.
SceneState foldTo(const Recording& r, std::size_t k)
{
    SceneState s = r.base;
    auto side = [&](std::size_t pos) {
        for (const auto& [p, o] : r.outcomes)
            if (p == pos)
                s.applyOutcome(o);
        for (const auto& [p, n] : r.errors)
            if (p == pos)
                s.setCallerError(n.type, n.text);
    };
    side(0);
    for (std::size_t i = 0; i < k; ++i) {
        s.apply(r.events[i]);
        side(i + 1);
    }
    return s;
}

// Small enough for a test, keeping what makes the preset what it is.
Scenario small(Scenario s)
{
    s.tasks = std::min<std::int64_t>(s.tasks, 10);
    if (s.killWorkerAfter)
        s.killWorkerAfter = std::min<std::int64_t>(*s.killWorkerAfter, s.tasks - 1);
    s.workload.taskMs = std::min(s.workload.taskMs, 30.0);
    if (s.timeoutS)
        s.timeoutS = std::min(*s.timeoutS, 0.05);
    return s;
}

// Runs `s` in `c` to the end, recording every frame's events and outcomes.
// The first position whose scene shows the caller's error, size() + 1 if none.
std::size_t callerErrorAt(const RunHistory& h)
{
    for (std::size_t k = 0; k <= h.size(); ++k)
        if (!h.sceneAt(k).callerErrorType().empty())
            return k;
    return h.size() + 1;
}

Recording runToEnd(RunController& c, const Scenario& s)
{
    RunSpec spec = c.spec();
    spec.scenario = s;
    spec.speed = 1.0;
    c.setSpec(spec);
    Recording r;
    QObject::connect(&c, &RunController::frameApplied, &c, [&r, &c](const FrameBatch& b) {
        if (b.events)
            r.events.insert(r.events.end(), b.events->begin(), b.events->end());
        const std::size_t pos = c.history().size();
        if (b.outcomes)
            for (const FutureOutcome& o : *b.outcomes)
                r.outcomes.emplace_back(pos, o);
        if (b.notices)
            for (const RunNotice& n : *b.notices)
                if (n.kind == RunNotice::Kind::CallerError)
                    r.errors.emplace_back(pos, n);
    });
    QObject::connect(&c, &RunController::runReset, &c, [&r, &c] { r.base = c.scene(); });
    c.run();
    r.finished = QTest::qWaitFor([&c] { return c.state() == RunState::Finished; }, 60000);
    QObject::disconnect(&c, &RunController::frameApplied, &c, nullptr);
    QObject::disconnect(&c, &RunController::runReset, &c, nullptr);
    return r;
}

} // namespace

class TstUiReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // RunHistory alone, on a scripted run: keyframes every 3 events, every position.
    void sceneAtEveryPositionOfAScript()
    {
        uitest::EventScript script;
        script.add(EventKind::ExecutorCreated, 0, -1, 2, 0);
        script.add(EventKind::ThreadSpawn, 1, -1, 1);
        for (std::int64_t t = 1; t <= 5; ++t)
            script.threadTask(t, 1);
        RunHistory h(3, SIZE_MAX);
        SceneState live;
        live.reset(PoolKind::Thread, 2);
        h.reset(live);
        Recording r;
        r.base = live;
        for (const Event& e : script.events()) {
            h.append(e, live);
            r.events.push_back(e);
            if (e.kind == EventKind::FutureState &&
                e.value2 == static_cast<std::int64_t>(FutureStatus::Finished)) {
                FutureOutcome o{
                    .task = e.task, .kind = FutureOutcome::Kind::Result, .type = {}, .text = "42"};
                h.appendOutcome(o, live);
                r.outcomes.emplace_back(h.size(), o);
            }
        }
        QCOMPARE(h.keyframes(), (h.size() + 2) / 3); // small scenes: every 3 events exactly
        QVERIFY(h.sceneAt(h.size()) == live);
        for (std::size_t k = 0; k <= h.size(); ++k)
            QVERIFY2(h.sceneAt(k) == foldTo(r, k), qPrintable(QStringLiteral("position %1").arg(k)));
        // seek() from any position to any other reaches the same scene.
        std::mt19937 rng(7);
        SceneState s = h.sceneAt(0);
        std::size_t at = 0;
        for (int i = 0; i < 200; ++i) {
            const std::size_t to = rng() % (h.size() + 1);
            h.seek(s, at, to);
            at = to;
            QVERIFY2(s == foldTo(r, to), qPrintable(QStringLiteral("seek to %1").arg(to)));
        }
        // The marks: the first submit is event 3 (position 3), the next completion follows.
        QCOMPARE(h.next(RunHistory::Mark::Submit, 0), std::size_t(3));
        QVERIFY(h.next(RunHistory::Mark::Completion, 0) > 3);
        QCOMPARE(h.next(RunHistory::Mark::WorkerDeath, 0), h.size() + 1);
        const std::size_t s2 = h.nextStageOf(2, 0);
        QCOMPARE(h.event(s2 - 1).task, std::int64_t(2));
        QCOMPARE(h.event(s2 - 1).kind, EventKind::Submit);
        QCOMPARE(h.previousStageOf(2, h.nextStageOf(2, s2)), s2);
    }

    // A copy shares its finished task records; writing to one copy never changes the other.
    void copiesShareButDoNotAlias()
    {
        uitest::EventScript script;
        script.add(EventKind::ThreadSpawn, 1, -1, 1);
        script.threadTask(1, 1);
        SceneState a;
        a.reset(PoolKind::Thread, 1);
        for (const Event& e : script.events())
            a.apply(e);
        SceneState b = a;
        QVERIFY(a == b);
        b.applyOutcome({.task = 1, .kind = FutureOutcome::Kind::Result, .type = {}, .text = "x"});
        QVERIFY(!(a == b));
        QCOMPARE(a.task(1)->outcomeText, std::string());
        QCOMPARE(b.task(1)->outcomeText, std::string("x"));
        // Diverging histories: each copy sees only its own tasks.
        uitest::EventScript more(script.now());
        more.threadTask(2, 1);
        uitest::EventScript other(script.now());
        other.threadTask(3, 1);
        for (const Event& e : more.events())
            a.apply(e);
        for (const Event& e : other.events())
            b.apply(e);
        QVERIFY(a.task(2) && !a.task(3));
        QVERIFY(b.task(3) && !b.task(2));
        QCOMPARE(a.order()[1], std::int64_t(2));
        QCOMPARE(b.order()[1], std::int64_t(3));
    }

    void scrubberGeometry_data()
    {
        QTest::addColumn<int>("left");
        QTest::addColumn<int>("width");
        QTest::addColumn<qulonglong>("size");
        QTest::newRow("short run, wide track") << 8 << 600 << qulonglong(10);
        QTest::newRow("long run, narrow track") << 8 << 300 << qulonglong(1'000'000);
        QTest::newRow("one event") << 0 << 100 << qulonglong(1);
    }
    void scrubberGeometry()
    {
        QFETCH(int, left);
        QFETCH(int, width);
        QFETCH(qulonglong, size);
        const ScrubberGeometry g{.left = left, .width = width, .size = size};
        QCOMPARE(g.xOf(0), left);
        QCOMPARE(g.xOf(size), left + width);
        QCOMPARE(g.positionAt(left - 50), std::size_t(0));
        QCOMPARE(g.positionAt(left + width + 50), std::size_t(size));
        for (std::size_t p :
             {std::size_t(0), std::size_t(size / 3), std::size_t(size)}) // round trip within a pixel
            QVERIFY(std::abs(g.xOf(g.positionAt(g.xOf(p))) - g.xOf(p)) <= 1);
    }

    // Every preset, recorded through the window's own path: a seek to random points equals the fold.
    void seekEqualsFoldOnEveryPreset_data()
    {
        QTest::addColumn<QString>("scenario"); // JSON
        QTest::addColumn<int>("longQueue");    // the longest queue or pending map reaches at least this
        QTest::addColumn<bool>("cancels");     // some future ends cancelled
        for (const Preset& p : presets())
            QTest::newRow(p.name.c_str())
                << QString::fromStdString(scenarioToJson(small(p.scenario))) << 0 << false;
        // Queues and pending maps longer than a chunk (64 ids), shared between keyframes,
        // and ids leaving them from the middle (cancel_futures after a timeout).
        Scenario ids;
        ids.pool = "process";
        ids.workers = 2;
        ids.tasks = 300;
        ids.workload.name = "noop";
        QTest::newRow("process pool, 300 ids queued at once")
            << QString::fromStdString(scenarioToJson(ids)) << 65 << false;
        Scenario cancel = ids;
        cancel.workload.name = "sleep";
        cancel.workload.taskMs = 2;
        cancel.submit = "as_completed";
        cancel.timeoutS = 0.05;
        cancel.onTimeout = "cancel";
        QTest::newRow("process pool, 300 ids, cancel_futures after a timeout")
            << QString::fromStdString(scenarioToJson(cancel)) << 65 << true;
        cancel.pool = "thread";
        QTest::newRow("thread pool, 300 queued, cancel_futures after a timeout")
            << QString::fromStdString(scenarioToJson(cancel)) << 65 << true;
    }
    void seekEqualsFoldOnEveryPreset()
    {
        QFETCH(QString, scenario);
        QFETCH(int, longQueue);
        QFETCH(bool, cancels);
        RunController c;
        const Recording r = runToEnd(c, scenarioFromJson(scenario.toStdString()));
        QVERIFY(r.finished);
        if (longQueue > 0) { // the row checks what it says it checks
            SceneState s = r.base;
            std::size_t longest = 0;
            for (const Event& e : r.events) {
                s.apply(e);
                longest = std::max({longest, s.workQueue().size(), s.pendingItems().size()});
            }
            QVERIFY2(longest >= static_cast<std::size_t>(longQueue), qPrintable(QString::number(longest)));
        }
        QVERIFY(!cancels || c.scene().cancelled() > 0);
        const RunHistory& h = c.history();
        QCOMPARE(h.size(), r.events.size());
        QVERIFY(h.size() > 0);
        QVERIFY(c.atLive());
        QVERIFY(c.scene() == foldTo(r, h.size()));
        std::mt19937 rng(static_cast<unsigned>(qHash(scenario)));
        for (int i = 0; i < 25; ++i) {
            const std::size_t k = rng() % (h.size() + 1);
            c.seek(static_cast<qint64>(k));
            QCOMPARE(c.cursor(), k);
            QCOMPARE(c.atLive(), k == h.size());
            QVERIFY2(c.scene() == foldTo(r, k),
                     qPrintable(QStringLiteral("seek to %1 of %2").arg(k).arg(h.size())));
            QVERIFY(h.sceneAt(k) == c.scene());
        }
        c.returnToLive();
        QVERIFY(c.scene() == foldTo(r, h.size()));
        // The same recording with a keyframe every 7 events: seeks start from many keyframes.
        RunHistory h7(7, SIZE_MAX);
        SceneState live = r.base;
        h7.reset(live);
        std::size_t o = 0;
        std::size_t n = 0;
        auto side = [&] {
            for (; o < r.outcomes.size() && r.outcomes[o].first == n; ++o)
                h7.appendOutcome(r.outcomes[o].second, live);
            for (const auto& [p, e] : r.errors)
                if (p == n)
                    h7.appendCallerError(e.type, e.text, live);
        };
        side();
        for (const Event& e : r.events) {
            h7.append(e, live);
            ++n;
            side();
        }
        for (int i = 0; i < 25; ++i) {
            const std::size_t k = rng() % (h7.size() + 1);
            QVERIFY2(h7.sceneAt(k) == foldTo(r, k), qPrintable(QStringLiteral("K=7, position %1").arg(k)));
        }
    }

    // Off live, cancel / shutdown / kill are not offered; End brings the live run back.
    void interventionsOnlyAtLive()
    {
        RunController c;
        RunSpec spec = c.spec();
        spec.scenario.pool = "process";
        spec.scenario.workers = 2;
        spec.scenario.tasks = 6;
        spec.scenario.workload.name = "sleep";
        spec.scenario.workload.taskMs = 200;
        c.setSpec(spec);
        c.run();
        QTRY_VERIFY_WITH_TIMEOUT(c.history().size() > 20, 30000);
        c.pause();
        QTRY_VERIFY_WITH_TIMEOUT(c.gateWaiting() > 0, 30000);
        QVERIFY(c.canIntervene());
        QVERIFY(c.canKillWorkers());
        QSignalSpy cursor(&c, &RunController::cursorChanged);
        c.stepBack();
        QVERIFY(!c.atLive());
        QCOMPARE(cursor.count(), 1);
        QVERIFY(!c.canIntervene());
        QVERIFY(!c.canKillWorkers());
        const auto before = c.history().size();
        c.selectTask(c.scene().order().empty() ? -1 : c.scene().order()[0]);
        c.cancelSelectedFuture(); // ignored off live
        c.shutdownPool(false, true);
        c.seek(0);
        QCOMPARE(c.cursor(), std::size_t(0));
        QCOMPARE(c.scene().eventsApplied(), std::uint64_t(0));
        // Right steps through the history, not the executor.
        c.step();
        QCOMPARE(c.cursor(), std::size_t(1));
        QCOMPARE(c.stepsTaken(), std::uint64_t(0));
        c.returnToLive();
        QVERIFY(c.atLive());
        QVERIFY(c.canIntervene());
        QCOMPARE(c.scene().eventsApplied(), static_cast<std::uint64_t>(c.history().size()));
        QVERIFY(c.history().size() >= before);
        c.run();
        QTRY_VERIFY_WITH_TIMEOUT(c.state() == RunState::Finished, 60000);
        QCOMPARE(c.scene().cancelled(), std::int64_t(0)); // the cancel and shutdown above did nothing
    }

    // A finished run plays again from its recording: no executor starts, the state stays Finished.
    void replayRunsNothing()
    {
        RunController c;
        QVERIFY(runToEnd(c, small(*presetScenario("tutorial-cpu-class"))).finished);
        const std::size_t n = c.history().size();
        const SceneState end = c.scene();
        QSignalSpy states(&c, &RunController::stateChanged);
        QSignalSpy resets(&c, &RunController::runReset);
        // The caller is in the with-block until the cursor reaches the end ("left the
        // with-block" mid-replay would tell the story out of order).
        QVERIFY(c.showsRunEnd());
        c.seek(n / 2);
        QVERIFY(!c.showsRunEnd());
        c.seek(n);
        QVERIFY(c.showsRunEnd());
        c.setReplaySpeed(10);
        c.playReplay();
        QVERIFY(c.replayPlaying());
        QCOMPARE(c.cursor(), std::size_t(0));
        QTRY_VERIFY_WITH_TIMEOUT(!c.replayPlaying(), 30000);
        QVERIFY(c.atLive());
        QCOMPARE(c.history().size(), n);
        QVERIFY(c.scene() == end);
        QCOMPARE(c.liveRuns(), 0);
        QCOMPARE(c.state(), RunState::Finished);
        QCOMPARE(states.count(), 0);
        QCOMPARE(resets.count(), 0);
    }

    // Save run, Open run: the same history, into replay, with nothing running.
    void runFileRoundTrip()
    {
        QTemporaryDir dir;
        MainWindow w(false);
        RunController* c = w.controller();
        QVERIFY(runToEnd(*c, small(*presetScenario("tutorial-io"))).finished);
        const std::vector<Event> events = c->history().events();
        const SceneState end = c->scene();
        const QString path = dir.filePath(QStringLiteral("run.pstrace"));
        QString error;
        QVERIFY2(w.fileMenu()->saveRunFile(path, &error), qPrintable(error));
        c->reset();
        QVERIFY(c->history().empty());
        QVERIFY2(w.fileMenu()->openRunFile(path, &error, false), qPrintable(error));
        QCOMPARE(c->state(), RunState::Finished);
        // The run reset above may still be ending (it is joined in the background); opening adds none.
        QTRY_COMPARE_WITH_TIMEOUT(c->liveRuns(), 0, 30000);
        QCOMPARE(c->history().size(), events.size());
        for (std::size_t i = 0; i < events.size(); ++i)
            QCOMPARE(c->history().event(i).seq, events[i].seq);
        // Outcome texts are not in a run file; every other part of the scene is.
        QCOMPARE(c->scene().completed(), end.completed());
        QCOMPARE(c->scene().workers().size(), end.workers().size());
        QCOMPARE(c->spec().scenario.name, std::string("tutorial-io"));
        QCOMPARE(w.fileMenu()->recentRuns()->paths().value(0), QFileInfo(path).absoluteFilePath());
        c->seek(3);
        QCOMPARE(c->scene().eventsApplied(), std::uint64_t(3));
    }

    // What the run ended with goes into the file, and opening it shows it again.
    void runFileKeepsTheOutcome_data()
    {
        QTest::addColumn<QString>("scenario"); // JSON
        QTest::addColumn<QString>("error");    // the exception the caller saw, "" for none
        QTest::addColumn<bool>("broken");
        Scenario done;
        done.tasks = 5;
        done.workload.name = "noop";
        QTest::newRow("finished") << QString::fromStdString(scenarioToJson(done)) << QString() << false;
        QTest::newRow("timeout") << QString::fromStdString(
                                        scenarioToJson(small(*presetScenario("tutorial-io-timeout"))))
                                 << QStringLiteral("TimeoutError") << false;
        Scenario kill;
        kill.pool = "process";
        kill.workers = 2;
        kill.tasks = 6;
        kill.workload.name = "sleep";
        kill.workload.taskMs = 20;
        kill.killWorkerAfter = 1;
        QTest::newRow("BrokenProcessPool")
            << QString::fromStdString(scenarioToJson(kill)) << QStringLiteral("BrokenProcessPool") << true;
    }
    void runFileKeepsTheOutcome()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, error);
        QFETCH(bool, broken);
        QTemporaryDir dir;
        MainWindow w(false);
        RunController* c = w.controller();
        QVERIFY(runToEnd(*c, scenarioFromJson(scenario.toStdString())).finished);
        QVERIFY(c->outcome().has_value());
        const RunOutcome live = *c->outcome();
        QCOMPARE(QString::fromStdString(live.errorType), error);
        QCOMPARE(live.broken, broken);
        QCOMPARE(live.completed + live.failed + live.cancelled + live.unfinished, live.tasks);
        const SceneState liveEnd = c->scene();
        const std::size_t liveErrorAt = callerErrorAt(c->history());
        QCOMPARE(liveErrorAt <= c->history().size(), !error.isEmpty());
        const QString path = dir.filePath(QStringLiteral("run.pstrace"));
        QString why;
        QVERIFY2(w.fileMenu()->saveRunFile(path, &why), qPrintable(why));
        const RunFile file = readRunFile(path.toStdString());
        QCOMPARE(file.notes.size(), static_cast<std::size_t>(live.tasks + (error.isEmpty() ? 0 : 1)));
        QVERIFY(file.outcome.has_value());
        QCOMPARE(file.outcome->errorType, live.errorType);
        QCOMPARE(file.outcome->eventsTotal, static_cast<std::uint64_t>(file.events.size()));
        c->reset();
        QVERIFY(!c->outcome().has_value());
        QSignalSpy said(w.fileMenu(), &FileMenu::message);
        QVERIFY2(w.fileMenu()->openRunFile(path, &why, false), qPrintable(why));
        QTRY_COMPARE_WITH_TIMEOUT(c->liveRuns(), 0, 30000);
        QVERIFY(c->outcome().has_value());
        RunOutcome opened = *c->outcome();
        opened.eventsTotal = live.eventsTotal; // counted when saved
        QVERIFY(opened == live);
        // At the end the scene shows the caller's error and every result as the live run did, and
        // the error arrives where it did live, not at the end.
        QCOMPARE(QString::fromStdString(c->scene().callerErrorType()), error);
        QVERIFY(c->scene() == liveEnd);
        QCOMPARE(callerErrorAt(c->history()), liveErrorAt);
        QCOMPARE(said.count(), 1);
        const QString text = said.at(0).at(0).toString();
        QVERIFY2(text.contains(QStringLiteral("%1 finished, %2 failed").arg(live.completed).arg(live.failed)),
                 qPrintable(text));
        QVERIFY2(error.isEmpty() || text.contains(error), qPrintable(text));
    }

    void badRunFileRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("says");
        QTest::newRow("not a run file") << QByteArray("hello, world\n") << QStringLiteral("run.pstrace");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("run.pstrace");
    }
    void badRunFileRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.pstrace"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        }
        MainWindow w(false);
        RunController* c = w.controller();
        QVERIFY(runToEnd(*c, small(*presetScenario("tutorial-io"))).finished);
        const std::size_t before = c->history().size();
        QString error;
        QVERIFY(!w.fileMenu()->openRunFile(path, &error, false));
        QVERIFY2(error.contains(says), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QCOMPARE(c->history().size(), before); // nothing changed
    }

    // File ▸ Export at the cursor: a PNG with something drawn, an SVG, a Chrome trace that parses.
    void exports()
    {
        QTemporaryDir dir;
        MainWindow w(false);
        w.resize(1280, 720);
        w.show();
        RunController* c = w.controller();
        QVERIFY(runToEnd(*c, small(*presetScenario("tutorial-cpu-class"))).finished);
        c->seek(static_cast<qint64>(c->history().size() / 2));
        QString error;
        const QString png = dir.filePath(QStringLiteral("d.png"));
        QVERIFY2(w.fileMenu()->exportDiagramPng(png, &error), qPrintable(error));
        const QImage img(png);
        QVERIFY(img.width() > 100 && img.height() > 100);
        QSet<QRgb> colours;
        for (int y = 0; y < img.height(); y += 7)
            for (int x = 0; x < img.width(); x += 7)
                colours.insert(img.pixel(x, y));
        QVERIFY(colours.size() > 8); // boxes, text and chips, not a blank fill
        const QString svg = dir.filePath(QStringLiteral("d.svg"));
        QVERIFY2(w.fileMenu()->exportDiagramSvg(svg, &error), qPrintable(error));
        QFile s(svg);
        QVERIFY(s.open(QIODevice::ReadOnly));
        const QByteArray text = s.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("<path") || text.contains("<rect") || text.contains("<polyline"));
        const QString trace = dir.filePath(QStringLiteral("t.json"));
        QVERIFY2(w.fileMenu()->exportChromeTrace(trace, &error), qPrintable(error));
        QFile t(trace);
        QVERIFY(t.open(QIODevice::ReadOnly));
        QJsonParseError perr{};
        QJsonDocument::fromJson(t.readAll(), &perr);
        QCOMPARE(perr.error, QJsonParseError::NoError);
        const QString events = dir.filePath(QStringLiteral("e.csv"));
        QVERIFY2(w.fileMenu()->exportEventsCsv(events, &error), qPrintable(error));
        QFile e(events);
        QVERIFY(e.open(QIODevice::ReadOnly));
        QCOMPARE(static_cast<std::size_t>(e.readAll().count('\n')),
                 c->history().size() + 1); // header + a row each
        const QString stages = dir.filePath(QStringLiteral("s.csv"));
        QVERIFY2(w.fileMenu()->exportStagesCsv(stages, &error), qPrintable(error));
        QFile st(stages);
        QVERIFY(st.open(QIODevice::ReadOnly));
        QVERIFY(st.readAll().startsWith("task,index,stage"));
    }
    // The binary on run files, headless: a truncated file gives one line on stderr and exit 2;
    // --open FILE --seek K --screenshot opens the window at event K. The last test, and every
    // in-process run comes before the first child: Qt 6.4's QProcess spawns with
    // clone(CLONE_VM|CLONE_VFORK), which ThreadSanitizer takes for a fork of this multi-threaded
    // process, and it kills the test at the next thread it starts.
    void binaryOnRunFilesHeadless()
    {
        QTemporaryDir dir;
        const QString cut = dir.filePath(QStringLiteral("cut.pstrace"));
        const QString good = dir.filePath(QStringLiteral("run.pstrace"));
        for (const auto& [preset, path] :
             {std::pair{"tutorial-io", cut}, std::pair{"tutorial-cpu-class", good}}) {
            MainWindow w(false);
            QVERIFY(runToEnd(*w.controller(), small(*presetScenario(preset))).finished);
            QString error;
            QVERIFY2(w.fileMenu()->saveRunFile(path, &error), qPrintable(error));
        }
        QFile f(cut);
        QVERIFY(f.resize(f.size() - 20));
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));

        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope"),
                {cut, QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("x.png"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        const QStringList lines = QString::fromLocal8Bit(p.readAllStandardError())
                                      .split(QLatin1Char('\n'), Qt::SkipEmptyParts)
                                      .filter(QStringLiteral("poolscope:"));
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains(cut) && lines[0].contains(QStringLiteral("byte")), qPrintable(lines[0]));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.png"))));

        const QString png = dir.filePath(QStringLiteral("y.png"));
        p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope"),
                {QStringLiteral("--open"), good, QStringLiteral("--seek"), QStringLiteral("20"),
                 QStringLiteral("--after"), QStringLiteral("300"), QStringLiteral("--screenshot"), png});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(!QImage(png).isNull());
    }
};

QTEST_MAIN(TstUiReplay)
#include "tst_uireplay.moc"
