#pragma once
// Runs the real poolscope-cli binary for the CLI suites.

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace poolscope::clitest {

struct CliResult
{
    int exitCode = -1; // -1 when it crashed or had to be killed
    QByteArray out;
    QByteArray err;
};

inline CliResult runCli(const QStringList& args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope-cli"), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace poolscope::clitest
