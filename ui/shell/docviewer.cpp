#include "ui/shell/docviewer.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QPushButton>
#include <QTextBlock>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace poolscope::ui {

DocViewer::DocViewer(QWidget* parent) : QDialog(parent), m_browser(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("docViewer"));
    setAttribute(Qt::WA_DeleteOnClose);
    // Web links go to the browser; links between the markdown files stay here.
    m_browser->setOpenExternalLinks(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* back = buttons->addButton(tr("Back"), QDialogButtonBox::ActionRole);
    back->setEnabled(false);
    QPushButton* external =
        buttons->addButton(tr("Open with another application"), QDialogButtonBox::ActionRole);
    connect(back, &QPushButton::clicked, m_browser, &QTextBrowser::backward);
    connect(m_browser, &QTextBrowser::backwardAvailable, back, &QPushButton::setEnabled);
    connect(external, &QPushButton::clicked, this, [this] { QDesktopServices::openUrl(source()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_browser, &QTextBrowser::sourceChanged, this,
            [this] { setWindowTitle(tr("PoolScope documentation — %1").arg(title())); });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_browser);
    layout->addWidget(buttons);
    resize(900, 720);
}

QString DocViewer::findDocsRoot()
{
    QStringList candidates{QDir(QCoreApplication::applicationDirPath())
                               .absoluteFilePath(QStringLiteral("../share/doc/poolscope"))};
#ifdef POOLSCOPE_SOURCE_DIR
    candidates << QStringLiteral(POOLSCOPE_SOURCE_DIR);
#endif
    for (const QString& c : candidates)
        if (QFileInfo(c + QStringLiteral("/README.md")).isFile())
            return QDir(c).canonicalPath();
    return {};
}

bool DocViewer::open(const QString& file)
{
    if (!QFileInfo(file).isFile())
        return false;
    m_browser->setSource(QUrl::fromLocalFile(QFileInfo(file).absoluteFilePath()),
                         QTextDocument::MarkdownResource);
    return true;
}

QUrl DocViewer::source() const
{
    return m_browser->source();
}

QString DocViewer::title() const
{
    // Markdown has no title field: the first heading is the page's name.
    for (QTextBlock b = m_browser->document()->begin(); b.isValid(); b = b.next())
        if (b.blockFormat().headingLevel() > 0)
            return b.text();
    return source().fileName();
}

} // namespace poolscope::ui
