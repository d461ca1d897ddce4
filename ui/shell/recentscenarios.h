#pragma once
// File ▸ Recent: the scenario files opened last, newest first, at most kMax, kept in QSettings
// (or only in memory, for tests and headless runs). Files that have gone are dropped, and the caller
// is told which, so it can say so.

#include <QString>
#include <QStringList>

namespace poolscope::ui {

class RecentScenarios
{
public:
    static constexpr int kMax = 8;

    // `persist`: read the list from QSettings now and write it back on every change.
    // `key`: the QSettings key (File ▸ Recent runs keeps its own list, "recentRuns").
    explicit RecentScenarios(bool persist, QString key = QStringLiteral("recentScenarios"));

    QStringList paths() const { return m_paths; }
    // Puts `path` (made absolute) first; an older entry for the same file goes, the oldest past kMax too.
    void add(const QString& path);
    void remove(const QString& path);
    void clear();
    // Removes the entries whose file no longer exists; returns them.
    QStringList dropMissing();

private:
    void save() const;

    bool m_persist;
    QString m_key;
    QStringList m_paths;
};

} // namespace poolscope::ui
