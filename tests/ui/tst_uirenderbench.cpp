// poolscope --bench-render, run headless on a short run: it prints each case (the live run, the replay
// standing still and scrubbed, the compare view standing still and dragged) with its median and p99 frame
// and the ratio against its same-run baseline, as lines or as one JSON object; under callgrind, the
// instructions per frame of every case.

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

namespace {

struct BenchRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

// A short run (about 0.2 s live) and a few frames a case, so that the benchmark itself is what is tested.
BenchRun runBench(const QStringList& extra, bool callgrind)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("POOLSCOPE_BENCH_RENDER_FRAMES"), QStringLiteral("12"));
    env.insert(QStringLiteral("POOLSCOPE_BENCH_CALLGRIND"),
               callgrind ? QStringLiteral("1") : QStringLiteral("0"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope"),
            QStringList{QStringLiteral("--bench-render"), QStringLiteral("--workers"), QStringLiteral("4"),
                        QStringLiteral("--tasks"), QStringLiteral("200"), QStringLiteral("--workload"),
                        QStringLiteral("sleep"), QStringLiteral("--task-ms"), QStringLiteral("4"),
                        QStringLiteral("--lang"), QStringLiteral("en")} +
                extra);
    BenchRun r;
    if (!p.waitForFinished(callgrind ? 600'000 : 120'000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

} // namespace

class TestUiRenderBench : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lines()
    {
        const BenchRun r = runBench({}, false);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 6);
        const QStringList cases{QStringLiteral("live"), QStringLiteral("still"), QStringLiteral("scrub"),
                                QStringLiteral("compare-still"), QStringLiteral("compare")};
        const QRegularExpression frame(
            QStringLiteral(R"(^(\S+) +frames (\d+)  median (\d+\.\d+) ms  p99 (\d+\.\d+) ms)"));
        for (int i = 0; i < cases.size(); ++i) {
            const QRegularExpressionMatch m = frame.match(lines[i]);
            QVERIFY2(m.hasMatch(), qPrintable(lines[i]));
            QCOMPARE(m.captured(1), cases[i]);
            QVERIFY2(m.captured(2).toInt() > 0, qPrintable(lines[i]));
            QVERIFY2(m.captured(3).toDouble() > 0, qPrintable(lines[i]));
            QVERIFY2(m.captured(4).toDouble() >= m.captured(3).toDouble(), qPrintable(lines[i]));
        }
        // Each case beside a baseline says how many times the baseline's median it took.
        QVERIFY2(
            QRegularExpression(QStringLiteral(R"(  \d+\.\d\dx still  \(max )")).match(lines[0]).hasMatch(),
            qPrintable(lines[0]));
        QVERIFY2(lines[2].contains(QRegularExpression(QStringLiteral(R"(  \d+\.\d\dx still$)"))),
                 qPrintable(lines[2]));
        QVERIFY2(lines[4].contains(QRegularExpression(QStringLiteral(R"(  \d+\.\d\dx compare-still$)"))),
                 qPrintable(lines[4]));
        QCOMPARE(lines[5], QStringLiteral("instructions per frame (callgrind): n/a (no valgrind, or "
                                          "POOLSCOPE_BENCH_CALLGRIND=0)"));
    }

    void json_data()
    {
        QTest::addColumn<bool>("callgrind");
        QTest::newRow("frames of every case, no counts") << false;
        QTest::newRow("under callgrind, the instructions of every case") << true;
    }
    void json()
    {
        QFETCH(bool, callgrind);
        if (callgrind && QStandardPaths::findExecutable(QStringLiteral("valgrind")).isEmpty())
            QSKIP("valgrind is not installed");
#if defined(__SANITIZE_ADDRESS__)
        // ASan's runtime must come first among the libraries, which valgrind's preload breaks: the
        // counted run aborts at start-up ("ASan runtime does not come first in initial library list").
        if (callgrind)
            QSKIP("valgrind cannot run an AddressSanitizer build");
#endif
        const BenchRun r = runBench({QStringLiteral("--json")}, callgrind);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QJsonParseError error{};
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(r.out));
        // The live run: its frames and every task through the window.
        QVERIFY(j[QStringLiteral("frames")].toInt() > 0);
        QCOMPARE(j[QStringLiteral("tasks")].toInt(), 200);
        QVERIFY(j[QStringLiteral("p99_ms")].toDouble() >= j[QStringLiteral("median_ms")].toDouble());
        QVERIFY(j[QStringLiteral("live_vs_still")].toDouble() > 0);
        for (const char* name : {"still", "scrub", "compare_still", "compare"}) {
            const QJsonObject c = j[QLatin1String(name)].toObject();
            QVERIFY2(c[QStringLiteral("frames")].toInt() == (QByteArray(name).endsWith("still") ? 2 : 12),
                     name);
            QVERIFY2(c[QStringLiteral("median_ms")].toDouble() > 0, name);
            QVERIFY2(c[QStringLiteral("p99_ms")].toDouble() >= c[QStringLiteral("median_ms")].toDouble(),
                     name);
        }
        QVERIFY(j[QStringLiteral("scrub")].toObject()[QStringLiteral("vs_still")].toDouble() > 0);
        QVERIFY(j[QStringLiteral("compare")].toObject()[QStringLiteral("vs_compare_still")].toDouble() > 0);
        if (!callgrind) {
            QVERIFY(j[QStringLiteral("instructions")].isNull());
            return;
        }
        const QJsonObject i = j[QStringLiteral("instructions")].toObject();
        QVERIFY2(!i.isEmpty(), qPrintable(r.err));
        for (const char* name : {"live", "still", "scrub", "compare_still", "compare"})
            QVERIFY2(i[QLatin1String(name)].toDouble() > 10'000, name); // a repaint is millions of them
        // Dragging the window's replay costs more than standing still: the seek, and the views following
        // the cursor. Not so the compare view of this short run: every frame of it repaints the two panes'
        // 400 numbered futures, standing still or not, and the seeks of 200 tasks are cheap beside that.
        QVERIFY(i[QStringLiteral("scrub_vs_still")].toDouble() > 1);
        QVERIFY(i[QStringLiteral("compare_vs_compare_still")].toDouble() > 0);
    }
};

QTEST_MAIN(TestUiRenderBench)
#include "tst_uirenderbench.moc"
