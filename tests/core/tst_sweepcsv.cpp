// The sweep's CSV: what is written reads back exactly, and a malformed file is refused naming its
// line and field.

#include "core/run/csvexport.h"
#include "core/run/sweepcsv.h"

#include <QtTest>

using namespace poolscope;

namespace {

SweepResult sample()
{
    SweepResult r;
    r.serial.wallS = 0.8123456789012345;
    r.serial.completed = 8;
    for (int w = 1; w <= 3; ++w) {
        SweepPoint p;
        p.workers = w;
        p.ideal = w;
        for (const char* mode : {"process", "thread-gil", "thread-nogil"}) {
            RunSummary s;
            s.wallS = r.serial.wallS / (w * 0.9 + 0.1 * (mode[0] == 'p'));
            s.completed = 8;
            if (w == 3 && std::string(mode) == "thread-gil")
                s.errorType = "TimeoutError, with \"quotes\"";
            p.byMode[mode] = s;
            p.speedup[mode] = r.serial.wallS / s.wallS;
        }
        r.points.push_back(p);
    }
    return r;
}

} // namespace

class TestSweepCsv : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsExactly()
    {
        const SweepResult r = sample();
        const std::string csv = sweepToCsv(r);
        QVERIFY(csv.rfind("workers,ideal,mode,wall_s,speedup,completed,error\r\n", 0) == 0);
        const SweepResult back = sweepFromCsv(csv);
        QCOMPARE(back.serial.wallS, r.serial.wallS);
        QCOMPARE(back.serial.completed, r.serial.completed);
        QCOMPARE(back.points.size(), r.points.size());
        for (std::size_t i = 0; i < r.points.size(); ++i) {
            QCOMPARE(back.points[i].workers, r.points[i].workers);
            QCOMPARE(back.points[i].ideal, r.points[i].ideal);
            QCOMPARE(back.points[i].speedup, r.points[i].speedup);
            for (const auto& [mode, s] : r.points[i].byMode) {
                QCOMPARE(back.points[i].byMode.at(mode).wallS, s.wallS);
                QCOMPARE(back.points[i].byMode.at(mode).completed, s.completed);
                QCOMPARE(back.points[i].byMode.at(mode).errorType, s.errorType);
            }
        }
        QCOMPARE(sweepToCsv(back), csv);
    }

    void malformedIsRefused_data()
    {
        QTest::addColumn<QString>("csv");
        QTest::addColumn<QString>("message");
        const QString head = QStringLiteral("workers,ideal,mode,wall_s,speedup,completed,error\r\n");
        const QString serial = QStringLiteral("1,1,serial,0.5,1,8,\r\n");
        QTest::newRow("no header") << QStringLiteral("1,2,3\r\n")
                                   << QStringLiteral("line 1: must be the header");
        QTest::newRow("no serial row")
            << head + QStringLiteral("1,1,process,0.5,1,8,\r\n") << QStringLiteral("line 2: no serial row");
        QTest::newRow("a word for a number") << head + serial + QStringLiteral("1,1,process,fast,1,8,\r\n")
                                             << QStringLiteral("line 3: wall_s: 'fast' is not a number");
        QTest::newRow("workers out of range") << head + serial + QStringLiteral("0,1,process,0.5,1,8,\r\n")
                                              << QStringLiteral("line 3: workers: '0' is not a whole number");
        QTest::newRow("a short row") << head + serial + QStringLiteral("1,1,process\r\n")
                                     << QStringLiteral("line 3: has 3 fields");
        QTest::newRow("a mode twice")
            << head + serial + QStringLiteral("1,1,process,0.5,1,8,\r\n1,1,process,0.5,1,8,\r\n")
            << QStringLiteral("line 4: mode: process twice");
    }
    void malformedIsRefused()
    {
        QFETCH(QString, csv);
        QFETCH(QString, message);
        try {
            (void)sweepFromCsv(csv.toStdString());
            QFAIL("accepted");
        } catch (const CsvError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(message), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestSweepCsv)
#include "tst_sweepcsv.moc"
