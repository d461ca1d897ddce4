// The stage table export (core/run/csvexport.h) computes its stages from the events in core; the
// task inspector computes them from the scene state (ui/model/scenestate.h, taskStages()). On
// real runs both must give the same rows, with the same names.

#include "core/events/recorder.h"
#include "core/run/csvexport.h"
#include "core/run/runner.h"
#include "ui/model/scenestate.h"
#include "ui/model/viewmodel.h"
#include "ui/panels/inspectorpanel.h"

#include <QtTest>

using namespace poolscope;

class TestUiStagesExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exportMatchesTheInspector_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<bool>("gil");
        QTest::addColumn<int>("killAfter");
        QTest::addColumn<QString>("workload");
        QTest::newRow("thread pool, GIL on") << "thread" << true << 0 << "spin";
        QTest::newRow("thread pool, GIL off") << "thread" << false << 0 << "spin";
        QTest::newRow("process pool") << "process" << false << 0 << "spin";
        QTest::newRow("process pool, a worker killed") << "process" << false << 3 << "spin";
        QTest::newRow("thread pool, mixed tasks") << "thread" << true << 0 << "mixed";
        QTest::newRow("process pool, mixed tasks") << "process" << false << 0 << "mixed";
    }
    void exportMatchesTheInspector()
    {
        QFETCH(QString, pool);
        QFETCH(bool, gil);
        QFETCH(int, killAfter);
        QFETCH(QString, workload);
        const bool mixed = workload == QLatin1String("mixed");
        Scenario s;
        s.pool = pool.toStdString();
        s.tasks = 10;
        s.workers = 2;
        s.workload.name = workload.toStdString();
        s.workload.taskMs = 2;
        s.workload.ioMs = 3;
        s.workload.cpuMs = 2;
        s.gil = gil;
        if (killAfter > 0)
            s.killWorkerAfter = killAfter;
        auto rec = std::make_shared<Recorder>();
        RunOptions o;
        o.sink = rec;
        runScenario(s, o);
        const auto events = rec->events();

        ui::SceneState scene;
        for (const Event& e : events)
            scene.apply(e);
        ui::TaskStagesModel model(&scene);
        int withParts = 0;
        std::vector<TaskStageRow> fromUi;
        for (std::int64_t id : scene.order()) {
            const ui::TaskRecord* t = scene.task(id);
            QVERIFY(t);
            for (const ui::Stage& st : ui::taskStages(*t, scene.pool())) {
                TaskStageRow r;
                r.task = id;
                r.index = t->index;
                r.stage = static_cast<TaskStageId>(st.id);
                r.startNs = st.start;
                r.endNs = st.end;
                r.worker = st.worker;
                r.bytes = st.bytes;
                r.count = st.count;
                r.hasParts = st.hasParts;
                r.ioNs = st.ioNs;
                r.cpuNs = st.cpuNs;
                fromUi.push_back(r);
                // Only a mixed task's running stage has parts: I/O and CPU, each within the run.
                QCOMPARE(st.hasParts, mixed && st.id == ui::Stage::Id::Running);
                if (st.hasParts) {
                    ++withParts;
                    QVERIFY2(st.ioNs >= 2'000'000 && st.cpuNs > 0,
                             qPrintable(QStringLiteral("I/O %1 ns, CPU %2 ns").arg(st.ioNs).arg(st.cpuNs)));
                    QVERIFY(st.openPart < 0);
                    QVERIFY(st.ioNs + st.cpuNs <= st.end - st.start);
                }
                QCOMPARE(ui::TaskStagesModel::stageName(st.id),
                         QString::fromUtf8(taskStageName(static_cast<TaskStageId>(st.id))));
            }
        }
        const auto fromCore = taskStageRows(events);
        QVERIFY(!fromCore.empty());
        QCOMPARE(fromCore.size(), fromUi.size());
        for (std::size_t i = 0; i < fromCore.size(); ++i) {
            const auto &a = fromCore[i], &b = fromUi[i];
            const QByteArray where = QByteArray::number(a.task) + " " + taskStageName(a.stage);
            QVERIFY2(a.task == b.task && a.index == b.index && a.stage == b.stage, where.constData());
            QVERIFY2(a.startNs == b.startNs && a.endNs == b.endNs, where.constData());
            QVERIFY2(a.worker == b.worker && a.bytes == b.bytes && a.count == b.count, where.constData());
            QVERIFY2(a.hasParts == b.hasParts && a.ioNs == b.ioNs && a.cpuNs == b.cpuNs, where.constData());
        }
        QCOMPARE(withParts, mixed ? 10 : 0);
        // The inspector says both parts on the running row, and the CSV has them in its last columns.
        const auto csv = parseCsv(stagesCsv(events));
        QCOMPARE(csv.front().at(8), std::string("io_ns"));
        QCOMPARE(csv.front().at(9), std::string("cpu_ns"));
        for (std::size_t i = 0; i < fromCore.size(); ++i) {
            const auto& row = csv.at(i + 1);
            QCOMPARE(row.size(), std::size_t{10});
            QCOMPARE(row[8].empty(), !fromCore[i].hasParts);
            if (fromCore[i].hasParts) {
                QCOMPARE(row[8], std::to_string(fromCore[i].ioNs));
                QCOMPARE(row[9], std::to_string(fromCore[i].cpuNs));
            }
        }
        const std::int64_t first = scene.order().front();
        model.setTask(first);
        model.refresh(scene.tLast());
        bool saidParts = false;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QString detail = model.index(r, ui::TaskStagesModel::Detail).data().toString();
            const bool running = model.stages()[static_cast<std::size_t>(r)].id == ui::Stage::Id::Running;
            saidParts |= detail.contains(QStringLiteral("I/O ")) && detail.contains(QStringLiteral("CPU "));
            QVERIFY2(running || !detail.contains(QStringLiteral("I/O ")), qPrintable(detail));
        }
        QCOMPARE(saidParts, mixed);
    }
};

QTEST_GUILESS_MAIN(TestUiStagesExport)
#include "tst_uistagesexport.moc"
