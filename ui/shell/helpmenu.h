#pragma once
// The window's Help menu: the documentation and the tutorial summary in the offline viewer, the
// keyboard shortcuts, About (version, licence, which CPython the run mirrors).

#include <QObject>
#include <QString>

class QAction;
class QMainWindow;
class QMenuBar;

namespace poolscope::ui {

class DocViewer;

class HelpMenu : public QObject
{
    Q_OBJECT
public:
    explicit HelpMenu(QMainWindow* window);

    void build(QMenuBar* bar);

    // The folder with README.md and docs/ (DocViewer::findDocsRoot() unless set).
    QString docsRoot() const { return m_docsRoot; }
    void setDocsRoot(const QString& root);
    // Opens README.md / docs/tutorial.md in the documentation viewer; null when the file is missing.
    DocViewer* showDocumentation();
    DocViewer* showTutorial();
    QString aboutText() const;
    // "mirrors CPython 3.12, fork start method": the status bar's label and About's.
    static QString mirroredCPython();
    // Its short form, where a long status message needs the room ("CPython 3.12, fork").
    static QString mirroredCPythonShort();

Q_SIGNALS:
    void message(const QString& text);

private:
    DocViewer* showDoc(const QString& relativePath);
    void showShortcuts();
    void showAbout();

    QMainWindow* m_window;
    QString m_docsRoot;
    QAction* m_docsAction = nullptr;
    QAction* m_tutorialAction = nullptr;
};

} // namespace poolscope::ui
