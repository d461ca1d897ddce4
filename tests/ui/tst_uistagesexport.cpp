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
        QTest::newRow("thread pool, GIL on") << "thread" << true << 0;
        QTest::newRow("thread pool, GIL off") << "thread" << false << 0;
        QTest::newRow("process pool") << "process" << false << 0;
        QTest::newRow("process pool, a worker killed") << "process" << false << 3;
    }
    void exportMatchesTheInspector()
    {
        QFETCH(QString, pool);
        QFETCH(bool, gil);
        QFETCH(int, killAfter);
        Scenario s;
        s.pool = pool.toStdString();
        s.tasks = 10;
        s.workers = 2;
        s.workload.name = "spin";
        s.workload.taskMs = 2;
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
                fromUi.push_back(r);
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
        }
    }
};

QTEST_GUILESS_MAIN(TestUiStagesExport)
#include "tst_uistagesexport.moc"
