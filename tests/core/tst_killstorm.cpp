// Kill storm: hundreds of process-pool runs, each hit by an external SIGKILL,
// SIGTERM or SIGSEGV at a random moment, over every submit style, with and
// without max_tasks_per_child. Every run must end within a bound with every task
// accounted for, fail only with BrokenProcessPool, and leave no process, zombie,
// fd or temp file behind. POOLSCOPE_KILLSTORM_RUNS sets the number of runs
// (the sanitizer builds run fewer), POOLSCOPE_KILLSTORM_SEED replays one storm.
#include "core/futures/wait.h"
#include "core/process/processpoolexecutor.h"

#include <QtTest>

#include <atomic>
#include <csignal>
#include <dirent.h>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace poolscope;

namespace {

// A short task: 0 to 3 ms of sleep, the same for the same input.
std::int64_t stormTask(std::int64_t i)
{
    const timespec ts{0, static_cast<long>((i * 7919) % 3000) * 1000};
    nanosleep(&ts, nullptr);
    return i;
}
POOLSCOPE_TASK(stormTask);

constexpr int kTasks = 12;
constexpr int kBoundMs = 10000;

enum Style
{
    Submit,
    AsCompletedStyle,
    WaitStyle,
    MapStyle,
    StyleCount
};
const char* const kStyleNames[] = {"submit", "as_completed", "wait", "map"};

std::set<std::string> openFds()
{
    std::set<std::string> out;
    if (DIR* d = opendir("/proc/self/fd")) {
        const int own = dirfd(d);
        while (dirent* e = readdir(d)) {
            const std::string name = e->d_name;
            if (name == "." || name == ".." || name == std::to_string(own))
                continue;
            char target[256] = {};
            const std::string link = "/proc/self/fd/" + name;
            const ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
            out.insert(name + " -> " + std::string(target, n > 0 ? static_cast<std::size_t>(n) : 0));
        }
        closedir(d);
    }
    return out;
}

std::set<std::string> entries(const QString& dir)
{
    std::set<std::string> out;
    for (const QString& e : QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        out.insert(e.toStdString());
    return out;
}

// Every child this process still has (running or a zombie), in every thread's list.
std::vector<pid_t> children()
{
    std::vector<pid_t> out;
    for (const QString& tid :
         QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(QStringLiteral("/proc/self/task/%1/children").arg(tid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& pid : f.readAll().split(' '))
            if (const int p = pid.trimmed().toInt(); p > 0)
                out.push_back(p);
    }
    return out;
}

// Counts what is left and clears it (SIGKILL + reap), so one leak does not spoil the next runs.
int leftoverChildren()
{
    const std::vector<pid_t> left = children();
    for (const pid_t pid : left) {
        ::kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
    return static_cast<int>(left.size());
}

struct RunOutcome
{
    int completed = 0;
    int failed = 0;
    int cancelled = 0;
    int refused = 0;      // never submitted: submit() raised BrokenProcessPool, as CPython's does once broken
    std::string badError; // empty: every error was BrokenProcessPool
    bool notDone = false;
};

// Classifies every future once the pool is gone.
void account(const std::vector<FutureCorePtr>& fs, const std::vector<std::size_t>& sizes, RunOutcome& out)
{
    for (std::size_t i = 0; i < fs.size(); ++i) {
        const int n = static_cast<int>(sizes.empty() ? 1 : sizes[i]);
        const FutureCorePtr& f = fs[i];
        if (!f->done()) {
            out.notDone = true;
            continue;
        }
        if (f->cancelled()) {
            out.cancelled += n;
            continue;
        }
        if (const std::exception_ptr e = f->exception()) {
            out.failed += n;
            const std::string type = describeException(e).type;
            if (type != "BrokenProcessPool")
                out.badError = type + ": " + describeException(e).message;
        } else {
            out.completed += n;
        }
    }
}

void noteCallerError(RunOutcome& out)
{
    const ErrorInfo info = describeException(std::current_exception());
    if (info.type != "BrokenProcessPool")
        out.badError = "caller saw " + info.type + ": " + info.message;
}

// One run in the style given; the pool is destroyed (shutdown(wait=True)) before it returns.
void runOnce(const std::shared_ptr<ProcessPoolExecutor>& pool, Style style, int chunksize, RunOutcome& out)
{
    std::vector<FutureCorePtr> fs;
    std::vector<std::size_t> sizes;
    try {
        if (style == MapStyle) {
            std::vector<std::int64_t> inputs(kTasks);
            for (int i = 0; i < kTasks; ++i)
                inputs[static_cast<std::size_t>(i)] = i;
            // CPython's map() submits every chunk before it returns its iterator: when the pool
            // breaks meanwhile, map() itself raises and no result reaches the caller.
            std::optional<decltype(pool->map<std::int64_t>("stormTask", inputs, {}, chunksize))> mapped;
            try {
                mapped.emplace(pool->map<std::int64_t>("stormTask", inputs, {}, chunksize));
            } catch (...) {
                noteCallerError(out);
                out.refused = kTasks;
            }
            if (!mapped) {
                pool->shutdown(true);
                return;
            }
            auto& results = *mapped;
            fs = results.chunkFutures();
            sizes = results.chunkSizes();
            try {
                while (results.next()) {
                }
            } catch (...) {
                noteCallerError(out);
                results.close();
            }
        } else {
            for (int i = 0; i < kTasks; ++i) {
                try {
                    fs.push_back(
                        pool->submitErased(FunctionRef::named("stormTask"), {std::any(std::int64_t{i})}));
                } catch (...) {
                    noteCallerError(out); // the pool broke before this submit
                    out.refused = kTasks - i;
                    break;
                }
            }
            if (style == Submit) {
                for (const auto& f : fs) {
                    try {
                        (void)f->resultAny();
                    } catch (...) {
                        noteCallerError(out);
                    }
                }
            } else if (style == AsCompletedStyle) {
                AsCompleted it(fs);
                while (it.next()) {
                }
            } else {
                const DoneAndNotDone r = poolscope::wait(fs);
                if (!r.notDone.empty())
                    out.badError = "wait(ALL_COMPLETED) returned with futures not done";
            }
        }
    } catch (...) {
        noteCallerError(out); // submit() on a broken pool
    }
    pool->shutdown(true);
    account(fs, sizes, out);
}

int envInt(const char* name, int fallback)
{
    const QByteArray v = qgetenv(name);
    bool ok = false;
    const int n = v.toInt(&ok);
    return ok && n > 0 ? n : fallback;
}

} // namespace

class TestKillStorm : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void initTestCase()
    {
        // Orphans of anything the pool forks would come to us: a leak cannot hide.
        QVERIFY(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
        // A SIGSEGV'd worker must not leave a core file behind either.
        const rlimit noCore{0, 0};
        QVERIFY(::setrlimit(RLIMIT_CORE, &noCore) == 0);
        // Temp files go to a private directory, which must stay empty.
        QVERIFY(m_tmp.isValid());
        qputenv("TMPDIR", m_tmp.path().toLocal8Bit());
    }

    void everyRunEndsCleanly()
    {
        const int runs = envInt("POOLSCOPE_KILLSTORM_RUNS", 240);
        const auto seed =
            static_cast<std::uint32_t>(envInt("POOLSCOPE_KILLSTORM_SEED", std::random_device{}()));
        std::mt19937 rng(seed);
        const int kinds[] = {SIGKILL, SIGTERM, SIGSEGV};
        int sent[3] = {0, 0, 0};
        int delivered = 0, missed = 0, brokenRuns = 0, hangs = 0;
        int leftChildren = 0, leftFds = 0, leftTemp = 0, maxTasksRuns = 0;
        int styles[StyleCount] = {0, 0, 0, 0};
        QStringList failures;
        const std::set<std::string> fdsBefore = openFds();
        const std::set<std::string> shmBefore = entries(QStringLiteral("/dev/shm"));
        QElapsedTimer total;
        total.start();

        for (int run = 0; run < runs; ++run) {
            const auto style = static_cast<Style>(run % StyleCount);
            const int maxTasks = (run / StyleCount) % 3 == 0 ? 0 : ((run / StyleCount) % 3 == 1 ? 1 : 3);
            const int workers = 1 + static_cast<int>(rng() % 2);
            const int which = static_cast<int>(rng() % 3);
            const int sig = kinds[which];
            const int delayUs = static_cast<int>(rng() % 15000);
            const int chunksize = 1 + static_cast<int>(rng() % 3);
            ++styles[style];
            maxTasksRuns += maxTasks > 0 ? 1 : 0;
            ++sent[which];

            ProcessPoolOptions o;
            o.maxWorkers = workers;
            if (maxTasks > 0)
                o.maxTasksPerChild = maxTasks;
            auto pool = std::make_shared<ProcessPoolExecutor>(o);
            RunOutcome out;
            std::atomic<bool> finished{false};
            std::thread caller([&] {
                runOnce(pool, style, chunksize, out);
                finished.store(true, std::memory_order_release);
            });
            // The external signal: a pidfd, so a pid reaped meanwhile is never hit.
            std::thread killer([&, sig, delayUs, seedPick = rng()] {
                std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
                for (int attempt = 0; attempt < 200 && !finished.load(); ++attempt) {
                    const auto live = pool->processes();
                    if (!live.empty()) {
                        const pid_t pid = live[seedPick % live.size()].pid;
                        const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
                        if (fd >= 0) {
                            const bool ok = syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0) == 0;
                            ::close(fd);
                            if (ok) {
                                ++delivered;
                                return;
                            }
                        }
                    }
                    std::this_thread::sleep_for(std::chrono::microseconds(100));
                }
                ++missed;
            });
            QElapsedTimer t;
            t.start();
            while (!finished.load(std::memory_order_acquire) && t.elapsed() < kBoundMs)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            if (!finished.load()) {
                ++hangs;
                failures << QStringLiteral(
                                "run %1 (%2, max_tasks_per_child %3, %4 workers, signal %5 after %6 us) "
                                "did not end within %7 ms")
                                .arg(run)
                                .arg(QLatin1String(kStyleNames[style]))
                                .arg(maxTasks)
                                .arg(workers)
                                .arg(sig)
                                .arg(delayUs)
                                .arg(kBoundMs);
                // Unblock it: every worker it ever forked gets SIGKILL.
                for (const pid_t pid : pool->spawnedPids())
                    ::kill(pid, SIGKILL);
                t.restart();
                while (!finished.load() && t.elapsed() < kBoundMs)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                if (!finished.load())
                    qFatal("kill storm: run %d stays hung even after SIGKILL to its workers (seed %u)", run,
                           seed);
            }
            killer.join();
            caller.join();
            brokenRuns += pool->broken() ? 1 : 0;
            pool.reset();

            const QString where =
                QStringLiteral("run %1 (%2, max_tasks_per_child %3, %4 workers, signal %5): ")
                    .arg(run)
                    .arg(QLatin1String(kStyleNames[style]))
                    .arg(maxTasks)
                    .arg(workers)
                    .arg(sig);
            if (out.notDone)
                failures << where + QStringLiteral("a future is not done after shutdown(wait=True)");
            if (out.completed + out.failed + out.cancelled + out.refused != kTasks)
                failures << where +
                                QStringLiteral("completed %1 + failed %2 + cancelled %3 + refused %4 != %5")
                                    .arg(out.completed)
                                    .arg(out.failed)
                                    .arg(out.cancelled)
                                    .arg(out.refused)
                                    .arg(kTasks);
            if (!out.badError.empty())
                failures << where + QString::fromStdString(out.badError);
            if (const int c = leftoverChildren()) {
                leftChildren += c;
                failures << where + QStringLiteral("%1 child process(es) left").arg(c);
            }
            const std::set<std::string> fdsNow = openFds();
            if (fdsNow != fdsBefore) {
                int extra = 0;
                for (const auto& fd : fdsNow)
                    extra += fdsBefore.count(fd) ? 0 : 1;
                if (extra > 0) {
                    leftFds += extra;
                    failures << where + QStringLiteral("%1 fd(s) left").arg(extra);
                }
            }
            if (failures.size() > 20)
                break;
        }
        leftTemp = static_cast<int>(entries(m_tmp.path()).size());
        for (const auto& e : entries(QStringLiteral("/dev/shm")))
            if (!shmBefore.count(e) && e.find(std::to_string(getpid())) != std::string::npos)
                ++leftTemp;
        if (leftTemp > 0)
            failures << QStringLiteral("%1 temp file(s) left").arg(leftTemp);

        // The line docs/reliability.md quotes.
        qInfo(
            "kill storm: %d runs (submit %d, as_completed %d, wait %d, map %d; %d with max_tasks_per_child), "
            "signals SIGKILL %d SIGTERM %d SIGSEGV %d (%d delivered, %d found no live worker), %d pools "
            "broken, "
            "hangs %d, leftovers: %d processes, %d fds, %d temp files; %.1f s, seed %u",
            runs, styles[Submit], styles[AsCompletedStyle], styles[WaitStyle], styles[MapStyle], maxTasksRuns,
            sent[0], sent[1], sent[2], delivered, missed, brokenRuns, hangs, leftChildren, leftFds, leftTemp,
            static_cast<double>(total.elapsed()) / 1000.0, seed);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QVERIFY(delivered > runs / 2); // the storm really hit workers
    }
};

QTEST_GUILESS_MAIN(TestKillStorm)
#include "tst_killstorm.moc"
