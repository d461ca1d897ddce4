#include "ui/shell/benchcommon.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <string>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define POOLSCOPE_HAVE_CALLGRIND 1
#endif

namespace poolscope::ui {

namespace {

void toggleCounting()
{
#ifdef POOLSCOPE_HAVE_CALLGRIND
    if (benchUnderValgrind())
        CALLGRIND_TOGGLE_COLLECT;
#endif
}

} // namespace

double benchPercentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(static_cast<double>(v.size()) * q))];
}

bool benchUnderValgrind()
{
#ifdef POOLSCOPE_HAVE_CALLGRIND
    return RUNNING_ON_VALGRIND != 0;
#else
    return false;
#endif
}

void benchStartCounting()
{
    toggleCounting();
}

void benchStopCounting()
{
    toggleCounting();
}

void benchDump(const char* what, std::size_t count)
{
#ifdef POOLSCOPE_HAVE_CALLGRIND
    if (benchUnderValgrind()) {
        const std::string name = std::string(what) + " " + std::to_string(count);
        CALLGRIND_DUMP_STATS_AT(name.c_str());
    }
#else
    (void)what;
    (void)count;
#endif
}

std::optional<std::map<QString, double>> benchCountInstructions(const char* bench, const QStringList& args,
                                                                const QProcessEnvironment& env,
                                                                const QStringList& names)
{
#ifdef POOLSCOPE_HAVE_CALLGRIND
    if (benchUnderValgrind() || qEnvironmentVariable("POOLSCOPE_BENCH_CALLGRIND") == QLatin1String("0"))
        return std::nullopt;
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("cg.out"));
    QProcess p;
    QProcessEnvironment all = QProcessEnvironment::systemEnvironment();
    all.insert(env);
    all.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(all);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("valgrind"),
            QStringList{QStringLiteral("--tool=callgrind"), QStringLiteral("--collect-atstart=no"),
                        QStringLiteral("--callgrind-out-file=") + out,
                        QCoreApplication::applicationFilePath()} +
                args);
    if (!p.waitForStarted(10'000))
        return std::nullopt; // no valgrind
    if (!p.waitForFinished(30 * 60 * 1000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        p.kill();
        p.waitForFinished(10'000);
        std::fprintf(stderr, "%s: the callgrind run failed: %s\n", bench, p.readAll().constData());
        return std::nullopt;
    }
    // Each dump is "what count" and its totals; the same name may come more than once.
    std::map<QString, std::pair<double, double>> sums; // what -> (instructions, operations)
    const QStringList dumps = QDir(dir.path()).entryList({QStringLiteral("cg.out.*")}, QDir::Files);
    for (const QString& name : dumps) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        QString what;
        double count = 0;
        double total = -1;
        while (!f.atEnd()) {
            const QByteArray line = f.readLine().trimmed();
            if (line.startsWith("desc: Trigger: Client Request: ")) {
                const QList<QByteArray> w = line.mid(31).split(' ');
                if (w.size() == 2) {
                    what = QString::fromLatin1(w[0]);
                    count = w[1].toDouble();
                }
            } else if (line.startsWith("totals: ")) {
                total = line.mid(8).toDouble();
            }
        }
        if (what.isEmpty() || count <= 0 || total < 0)
            continue;
        sums[what].first += total;
        sums[what].second += count;
    }
    std::map<QString, double> perOperation;
    for (const QString& what : names) {
        const auto it = sums.find(what);
        if (it == sums.end()) {
            std::fprintf(stderr, "%s: the callgrind run left no count of %s\n", bench, qPrintable(what));
            return std::nullopt;
        }
        perOperation[what] = it->second.first / it->second.second;
    }
    return perOperation;
#else
    (void)bench;
    (void)args;
    (void)env;
    (void)names;
    return std::nullopt;
#endif
}

} // namespace poolscope::ui
