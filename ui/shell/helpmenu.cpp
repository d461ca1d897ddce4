#include "ui/shell/helpmenu.h"

#include "core/version.h"
#include "ui/shell/docviewer.h"
#include "ui/shell/shortcutsdialog.h"

#include <QDir>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

namespace poolscope::ui {

HelpMenu::HelpMenu(QMainWindow* window)
    : QObject(window), m_window(window), m_docsRoot(DocViewer::findDocsRoot())
{
}

void HelpMenu::build(QMenuBar* bar)
{
    QMenu* help = bar->addMenu(tr("&Help"));
    m_docsAction = help->addAction(tr("Documentation"), this, [this] { showDocumentation(); });
    m_docsAction->setObjectName(QStringLiteral("documentationAction"));
    m_docsAction->setShortcut(QKeySequence::HelpContents);
    m_tutorialAction = help->addAction(tr("Tutorial summary"), this, [this] { showTutorial(); });
    m_tutorialAction->setObjectName(QStringLiteral("tutorialAction"));
    QAction* keys = help->addAction(tr("Keyboard shortcuts"), this, &HelpMenu::showShortcuts);
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    QAction* about = help->addAction(tr("About PoolScope"), this, &HelpMenu::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    setDocsRoot(m_docsRoot);
}

void HelpMenu::setDocsRoot(const QString& root)
{
    m_docsRoot = root;
    const QString tip = tr("Not found: PoolScope's package installs it in /usr/share/doc/poolscope");
    const auto point = [&](QAction* action, const QString& relativePath) {
        if (!action)
            return;
        const QString file = root + QLatin1Char('/') + relativePath;
        const bool ok = !root.isEmpty() && QFileInfo(file).isFile();
        action->setEnabled(ok);
        action->setStatusTip(ok ? file : tip);
    };
    point(m_docsAction, QStringLiteral("README.md"));
    point(m_tutorialAction, QStringLiteral("docs/tutorial.md"));
}

DocViewer* HelpMenu::showDoc(const QString& relativePath)
{
    const QString file = QDir(m_docsRoot).filePath(relativePath);
    if (m_docsRoot.isEmpty() || !QFileInfo(file).isFile()) {
        Q_EMIT message(tr("%1: not found. PoolScope's package installs the documentation in "
                          "/usr/share/doc/poolscope.")
                           .arg(m_docsRoot.isEmpty() ? relativePath : file));
        return nullptr;
    }
    // One viewer: asking again brings it forward on the page asked for.
    auto* viewer = m_window->findChild<DocViewer*>();
    if (!viewer)
        viewer = new DocViewer(m_window);
    viewer->open(file);
    viewer->show();
    viewer->raise();
    viewer->activateWindow();
    return viewer;
}

DocViewer* HelpMenu::showDocumentation()
{
    return showDoc(QStringLiteral("README.md"));
}

DocViewer* HelpMenu::showTutorial()
{
    return showDoc(QStringLiteral("docs/tutorial.md"));
}

void HelpMenu::showShortcuts()
{
    // Built anew each time, so it lists the actions as they are now.
    delete m_window->findChild<ShortcutsDialog*>();
    auto* dialog = new ShortcutsDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

QString HelpMenu::aboutText() const
{
    return tr("<h3>PoolScope %1</h3>"
              "<p>PoolScope runs a faithful C++ re-implementation of Python's concurrent.futures and "
              "animates every internal step, from submit() to the future's result.</p>"
              "<p>It %4: the behaviour of CPython 3.11-3.13 on Linux, checked against them by its "
              "differential suite. CPython 3.14 defaults to the forkserver start method (workers start "
              "lazily, one per submit) and adds InterpreterPoolExecutor, which PoolScope does not show.</p>"
              "<p>Licence: %2. Built with Qt %3.</p>")
        .arg(QLatin1String(kVersion), QLatin1String(kLicense), QLatin1String(QT_VERSION_STR),
             mirroredCPython());
}

void HelpMenu::showAbout()
{
    // Not QMessageBox::about(): it blocks in its own event loop; this one opens and returns.
    auto* box = new QMessageBox(QMessageBox::Information, tr("About PoolScope"), aboutText(),
                                QMessageBox::Close, m_window);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QString HelpMenu::mirroredCPython()
{
    return tr("mirrors CPython 3.12, fork start method");
}

QString HelpMenu::mirroredCPythonShort()
{
    return tr("CPython 3.12, fork");
}

} // namespace poolscope::ui
