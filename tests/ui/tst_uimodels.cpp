// The GUI's item models under QAbstractItemModelTester: the event log, its
// filter proxy by kind and task, and the task inspector's stages.

#include "tests/ui/uitesthelpers.h"
#include "ui/model/eventlogmodel.h"
#include "ui/model/scenestate.h"
#include "ui/panels/inspectorpanel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::uitest::EventScript;

namespace {

FrameBatch batchOf(const std::vector<Event>& events)
{
    FrameBatch b;
    b.generation = 1;
    b.events = std::make_shared<const std::vector<Event>>(events);
    return b;
}

// Three thread-pool tasks (ids 11, 12, 13) on two threads.
EventScript threeTasks()
{
    EventScript s;
    s.add(EventKind::ExecutorCreated, 0, -1, 2, 0);
    s.add(EventKind::ThreadSpawn, 1, 11, 1);
    s.threadTask(11, 1);
    s.threadTask(12, 1);
    s.threadTask(13, 1);
    return s;
}

} // namespace

class TstUiModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eventLogAppendsAndDescribes()
    {
        const EventScript s = threeTasks();
        SceneState scene;
        scene.reset(PoolKind::Thread, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        EventLogModel model(&scene);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendBatch(batchOf(s.events()));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), static_cast<int>(s.events().size()));
        QCOMPARE(model.columnCount(), int(EventLogModel::ColumnCount));
        // Row 4 is task 11's WorkQueuePut: depth 1, task number 0 (its submission index).
        const QModelIndex kind = model.index(4, EventLogModel::Kind);
        QCOMPARE(kind.data().toString(), QStringLiteral("WorkQueuePut"));
        QCOMPARE(model.index(4, EventLogModel::Task).data().toString(), QStringLiteral("0"));
        QCOMPARE(model.index(4, EventLogModel::Details).data().toString(), QStringLiteral("depth 1"));
        QCOMPARE(model.index(6, EventLogModel::Details).data().toString(),
                 QStringLiteral("PENDING → RUNNING"));
        QCOMPARE(model.index(4, 0).data(EventLogModel::TaskIdRole).toLongLong(), 11);
        // Time column counts from the run's first event, in ms.
        QCOMPARE(model.index(0, EventLogModel::Time).data().toString(), QStringLiteral("0.000"));
        QCOMPARE(model.index(1, EventLogModel::Time).data().toString(), QStringLiteral("1.000"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void eventLogIsBounded()
    {
        SceneState scene;
        scene.reset(PoolKind::Thread, 1);
        EventLogModel model(&scene);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        EventScript s;
        for (int i = 0; i < EventLogModel::kMaxRows + 500; ++i)
            s.add(EventKind::WorkQueuePut, 0, i, 1, 0, 1000);
        const auto& all = s.events();
        const std::size_t half = all.size() / 2;
        model.appendBatch(
            batchOf(std::vector<Event>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(half))));
        model.appendBatch(
            batchOf(std::vector<Event>(all.begin() + static_cast<std::ptrdiff_t>(half), all.end())));
        QCOMPARE(model.rowCount(), EventLogModel::kMaxRows);
        QCOMPARE(model.dropped(), std::uint64_t(500));
        // The oldest went first: the first row is event 501.
        QCOMPARE(model.eventAt(0).seq, std::uint64_t(501));
        QCOMPARE(model.eventAt(model.rowCount() - 1).seq, std::uint64_t(EventLogModel::kMaxRows + 500));
    }

    void filterByKindAndTask_data()
    {
        QTest::addColumn<int>("group");   // -1: single kind below
        QTest::addColumn<int>("kind");    // used when group == -1
        QTest::addColumn<qint64>("task"); // task number, -1 for all
        QTest::addColumn<int>("rows");
        const int total = static_cast<int>(threeTasks().events().size());
        QTest::newRow("everything") << int(KindGroup::All) << 0 << qint64(-1) << total;
        QTest::newRow("one kind: FutureState") << -1 << int(EventKind::FutureState) << qint64(-1) << 6;
        QTest::newRow("one task: task 1 has 8 events") << int(KindGroup::All) << 0 << qint64(1) << 8;
        QTest::newRow("kind and task: task 2's TaskEnd") << -1 << int(EventKind::TaskEnd) << qint64(2) << 1;
        QTest::newRow("GIL group: none in this run") << int(KindGroup::Gil) << 0 << qint64(-1) << 0;
        QTest::newRow("a task that does not exist") << int(KindGroup::All) << 0 << qint64(99) << 0;
    }
    void filterByKindAndTask()
    {
        QFETCH(int, group);
        QFETCH(int, kind);
        QFETCH(qint64, task);
        QFETCH(int, rows);
        const EventScript s = threeTasks();
        SceneState scene;
        scene.reset(PoolKind::Thread, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        EventLogModel model(&scene);
        EventFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.appendBatch(batchOf(s.events()));
        if (group >= 0) {
            proxy.setKinds(kindsOf(static_cast<KindGroup>(group)));
        } else {
            KindMask m;
            m.set(static_cast<std::size_t>(kind));
            proxy.setKinds(m);
        }
        proxy.setTaskIndex(task);
        QCOMPARE(proxy.rowCount(), rows);
        for (int r = 0; r < proxy.rowCount(); ++r) {
            const QModelIndex i = proxy.index(r, 0);
            if (task >= 0)
                QCOMPARE(i.data(EventLogModel::TaskIndexRole).toLongLong(), task);
            if (group < 0)
                QCOMPARE(i.data(EventLogModel::EventKindRole).toInt(), kind);
        }
        // Rows appended later are filtered as they come.
        model.appendBatch(batchOf({EventScript(s.now()).add(EventKind::GilRequest, 1, 12)}));
        if (group == int(KindGroup::Gil))
            QCOMPARE(proxy.rowCount(), 1);
    }

    void stagesModelFollowsTheTask()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 1, 0);
        s.add(EventKind::Submit, 0, 5);
        s.add(EventKind::WorkQueuePut, 0, 5, 1);
        SceneState scene;
        scene.reset(PoolKind::Thread, 1);
        for (const Event& e : s.events())
            scene.apply(e);
        TaskStagesModel model(&scene);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setTask(5);
        model.refresh(s.now() + 2'000'000);
        QCOMPARE(model.rowCount(), 1); // queued, still open
        QCOMPARE(model.index(0, TaskStagesModel::StageName).data().toString(), QStringLiteral("queued"));
        QVERIFY(
            model.index(0, TaskStagesModel::Duration).data().toString().contains(QStringLiteral("so far")));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        for (const Event& e : {s.add(EventKind::WorkQueueGet, 1, 5, 0), s.add(EventKind::TaskStart, 1, 5),
                               s.add(EventKind::TaskEnd, 1, 5, 1'000'000, 0),
                               s.state(1, 5, FutureStatus::Running, FutureStatus::Finished)})
            scene.apply(e);
        model.refresh(s.now());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 3); // queued, running, resolved
        QCOMPARE(model.index(1, TaskStagesModel::StageName).data().toString(), QStringLiteral("running"));
        QCOMPARE(model.index(1, TaskStagesModel::Duration).data().toString(), QStringLiteral("1.000"));
        QCOMPARE(model.index(1, TaskStagesModel::Detail).data().toString(), QStringLiteral("thread 1"));
        QVERIFY(
            model.index(2, TaskStagesModel::Detail).data().toString().contains(QStringLiteral("FINISHED")));
        QVERIFY(model.index(0, TaskStagesModel::StageName).data(Qt::DecorationRole).canConvert<QColor>());
        model.setTask(-1);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TstUiModels)
#include "tst_uimodels.moc"
