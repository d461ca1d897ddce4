#pragma once
// Help ▸ Documentation and Help ▸ Tutorial: the README and docs/ markdown (with their images), read
// offline in the window, links between them followed. The files are the installed copy
// (<prefix>/share/doc/poolscope, beside the executable's bin/) or, run from a build, the source tree's.

#include <QDialog>
#include <QUrl>

class QTextBrowser;

namespace poolscope::ui {

class DocViewer : public QDialog
{
    Q_OBJECT
public:
    explicit DocViewer(QWidget* parent = nullptr);

    // The folder holding README.md and docs/: the installed copy first, then the source tree's;
    // empty when neither is there.
    static QString findDocsRoot();

    // Shows `file` (a markdown path); false when it does not exist.
    bool open(const QString& file);
    using QDialog::open; // the dialog's own open() stays callable (this one is not its override)
    QUrl source() const;
    QString title() const;
    QTextBrowser* browser() const noexcept { return m_browser; }

private:
    QTextBrowser* m_browser;
};

} // namespace poolscope::ui
