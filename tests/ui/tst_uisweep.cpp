// The sweep view: a sweep runs in the background and draws every mode against the ideal line,
// the mixed workload's saturation is cores x (1 + io / cpu), the CSV export reads back, the PNG
// export is an image, a click opens the median run in replay, and a cancelled sweep leaves no
// child process behind.

#include "core/run/sweepcsv.h"
#include "ui/compare/sweepjob.h"
#include "ui/compare/sweepview.h"
#include "ui/run/runcontroller.h"

#include <QAbstractSeries>
#include <QChart>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

using namespace poolscope;
using namespace poolscope::ui;

namespace {

// Child processes of this process, over all its threads (the process pool forks from a sweep thread).
QStringList childProcesses()
{
    QStringList out;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& t : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(t + QStringLiteral("/children")));
        if (f.open(QIODevice::ReadOnly))
            out += QString::fromLatin1(f.readAll()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    return out;
}

Scenario quick(const char* pool)
{
    Scenario s;
    s.name = "quick";
    s.pool = pool;
    s.tasks = 4;
    s.workload.name = "sleep";
    s.workload.taskMs = 5;
    s.submit = "as_completed";
    return s;
}

} // namespace

class TestUiSweep : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saturation_data()
    {
        QTest::addColumn<QString>("workload");
        QTest::addColumn<double>("ioMs");
        QTest::addColumn<double>("cpuMs");
        QTest::addColumn<unsigned>("cores");
        QTest::addColumn<double>("workers"); // -1: none
        QTest::newRow("mixed 50/50 on 2 cores") << QStringLiteral("mixed") << 50.0 << 50.0 << 2U << 4.0;
        QTest::newRow("mixed 150/50 on 2 cores") << QStringLiteral("mixed") << 150.0 << 50.0 << 2U << 8.0;
        QTest::newRow("mixed 40/40 on 8 cores") << QStringLiteral("mixed") << 40.0 << 40.0 << 8U << 16.0;
        QTest::newRow("CPU work has none") << QStringLiteral("factorial") << 50.0 << 50.0 << 2U << -1.0;
        QTest::newRow("I/O work has none") << QStringLiteral("http") << 50.0 << 50.0 << 2U << -1.0;
    }
    void saturation()
    {
        QFETCH(QString, workload);
        QFETCH(double, ioMs);
        QFETCH(double, cpuMs);
        QFETCH(unsigned, cores);
        QFETCH(double, workers);
        Scenario s;
        s.workload.name = workload.toStdString();
        s.workload.ioMs = ioMs;
        s.workload.cpuMs = cpuMs;
        const auto sat = SweepView::saturationWorkers(s, cores);
        if (workers < 0)
            QVERIFY(!sat);
        else
            QCOMPARE(sat.value_or(-1), workers);
    }

    void sweepDrawsEveryModeAndExports()
    {
        RunController controller;
        SweepView view(&controller);
        view.resize(900, 600);
        view.show();
        Scenario s = quick("thread");
        view.setScenario(s);
        QSignalSpy progress(view.job(), &SweepJob::progress);
        QSignalSpy finished(&view, &SweepView::finished);
        view.start(2, 1);
        QVERIFY(view.running());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        // 1 serial run, then 2 worker counts x 3 modes; the last report is the total.
        QCOMPARE(progress.size(), 7);
        QCOMPARE(progress.last().at(0).toInt(), 7);
        const SweepResult& r = view.job()->result();
        QCOMPARE(r.points.size(), std::size_t(2));
        QVERIFY(r.serial.wallS > 0);
        for (const SweepPoint& p : r.points)
            for (const char* mode : {"thread-gil", "thread-nogil", "process"}) {
                QVERIFY2(p.speedup.count(mode) == 1, mode);
                QCOMPARE(p.byMode.at(mode).completed, std::int64_t(4));
            }
        // The chart: the ideal line and one line per mode with a point per worker count.
        int modeLines = 0;
        for (QAbstractSeries* a : view.chart()->series()) {
            auto* line = qobject_cast<QLineSeries*>(a);
            QVERIFY(line);
            if (line->property("mode").isValid()) {
                ++modeLines;
                QCOMPARE(line->count(), 2);
            }
        }
        QCOMPARE(modeLines, 3);
        QCOMPARE(view.chart()->series().size(), 4); // sleep work: no saturation mark

        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("sweep.csv"));
        QVERIFY(view.exportCsv(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const SweepResult back = sweepFromCsv(f.readAll().toStdString());
        QCOMPARE(back.serial.wallS, r.serial.wallS);
        QCOMPARE(back.points.size(), r.points.size());
        for (std::size_t i = 0; i < r.points.size(); ++i) {
            QCOMPARE(back.points[i].speedup, r.points[i].speedup);
            for (const auto& [mode, sum] : r.points[i].byMode)
                QCOMPARE(back.points[i].byMode.at(mode).wallS, sum.wallS);
        }
        const QString png = dir.filePath(QStringLiteral("sweep.png"));
        QVERIFY(view.exportPng(png));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 400 && image.height() >= 250);
        QString why;
        QVERIFY(!view.exportCsv(dir.filePath(QStringLiteral("no/such/dir/sweep.csv")), &why));
        QVERIFY2(why.contains(QStringLiteral("no/such/dir/sweep.csv: cannot write")), qPrintable(why));

        // A click on a point opens that very run in replay: its events, its scenario.
        const std::vector<Event>* kept = view.job()->recording(2, "process");
        QVERIFY(kept && !kept->empty());
        QVERIFY(view.openPoint(2, QStringLiteral("process")));
        QCOMPARE(controller.history().size(), kept->size());
        QCOMPARE(controller.spec().scenario.pool, std::string("process"));
        QCOMPARE(controller.spec().scenario.workers, 2);
        QVERIFY(view.openPoint(1, QStringLiteral("thread-nogil")));
        QCOMPARE(controller.spec().scenario.pool, std::string("thread"));
        QCOMPARE(controller.spec().scenario.gil, false);
        QVERIFY(!view.openPoint(3, QStringLiteral("process"))); // no such point
    }

    void mixedWorkMarksTheSaturation()
    {
        RunController controller;
        SweepView view(&controller);
        Scenario s = *presetScenario("compare-mixed");
        view.setScenario(s);
        // Before any run the chart shows the ideal, the empty mode lines and, within 1..8, the mark.
        const auto sat = SweepView::saturationWorkers(s, std::max(1U, std::thread::hardware_concurrency()));
        QVERIFY(sat);
        bool marked = false;
        for (QAbstractSeries* a : view.chart()->series())
            if (a->name().startsWith(QStringLiteral("CPU saturates at"))) {
                marked = true;
                auto* line = qobject_cast<QLineSeries*>(a);
                QCOMPARE(line->at(0).x(), *sat);
            }
        QCOMPARE(marked, *sat <= 8);
    }

    void cancelledSweepLeavesNoChildProcess()
    {
        RunController controller;
        SweepView view(&controller);
        Scenario s = quick("process");
        s.tasks = 8;
        s.workload.taskMs = 40;
        view.setScenario(s);
        QSignalSpy progress(view.job(), &SweepJob::progress);
        QSignalSpy finished(&view, &SweepView::finished);
        view.start(4, 2);
        // 2 serial runs, 2 thread-gil, 2 thread-nogil at 1 worker: then the process pool's first run.
        // Queued signals: QTRY_* runs the event loop while it waits.
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toInt() >= 6, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!childProcesses().isEmpty(), 10000); // its workers are up
        view.cancel();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(view.job()->result().cancelled);
        QVERIFY(view.job()->result().points.size() < 4);
        QVERIFY(!view.running());
        QVERIFY2(childProcesses().isEmpty(), qPrintable(childProcesses().join(QLatin1Char(' '))));
    }
};

QTEST_MAIN(TestUiSweep)
#include "tst_uisweep.moc"
