#include "ui/shell/recentscenarios.h"

#include <QFileInfo>
#include <QSettings>

#include <utility>

namespace poolscope::ui {

RecentScenarios::RecentScenarios(bool persist, QString key) : m_persist(persist), m_key(std::move(key))
{
    if (!m_persist)
        return;
    // A hand-edited list may hold blanks, repeats or too many: keep it to what add() would make.
    const QStringList stored = QSettings().value(m_key).toStringList();
    for (const QString& p : stored)
        if (!p.isEmpty() && !m_paths.contains(p) && m_paths.size() < kMax)
            m_paths << p;
}

void RecentScenarios::add(const QString& path)
{
    const QString abs = QFileInfo(path).absoluteFilePath();
    m_paths.removeAll(abs);
    m_paths.prepend(abs);
    while (m_paths.size() > kMax)
        m_paths.removeLast();
    save();
}

void RecentScenarios::remove(const QString& path)
{
    if (m_paths.removeAll(path) > 0)
        save();
}

void RecentScenarios::clear()
{
    m_paths.clear();
    save();
}

QStringList RecentScenarios::dropMissing()
{
    QStringList gone;
    for (const QString& p : m_paths)
        if (!QFileInfo(p).isFile())
            gone << p;
    if (gone.isEmpty())
        return gone;
    for (const QString& p : gone)
        m_paths.removeAll(p);
    save();
    return gone;
}

void RecentScenarios::save() const
{
    if (m_persist)
        QSettings().setValue(m_key, m_paths);
}

} // namespace poolscope::ui
