#include "ui/shell/shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace poolscope::ui {

namespace {

QString plain(QString text)
{
    // Menu mnemonics are not part of the name a person reads.
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    return text.replace(QStringLiteral("&&"), QStringLiteral("&"));
}

void collect(QMenu* menu, const QString& where, QSet<const QAction*>& seen,
             QList<QPair<QString, QString>>& out)
{
    for (QAction* a : menu->actions()) {
        if (a->menu()) {
            collect(a->menu(), where + QStringLiteral(" ▸ ") + plain(a->text()), seen, out);
            continue;
        }
        if (a->shortcut().isEmpty() || seen.contains(a))
            continue;
        seen.insert(a);
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        out.append({where + QStringLiteral(" ▸ ") + plain(a->text()), keys.join(QStringLiteral(", "))});
    }
}

} // namespace

ShortcutsDialog::ShortcutsDialog(QMainWindow* window) : QDialog(window), m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    QSet<const QAction*> seen;
    QList<QPair<QString, QString>> rows;
    for (QAction* top : window->menuBar()->actions())
        if (top->menu())
            collect(top->menu(), plain(top->text()), seen, rows);
    // Actions with a key that sit in no menu (a toolbar, the window itself).
    for (QAction* a : window->findChildren<QAction*>()) {
        if (a->shortcut().isEmpty() || seen.contains(a) || a->menu())
            continue;
        seen.insert(a);
        rows.append({plain(a->text()), a->shortcut().toString(QKeySequence::NativeText)});
    }
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Action"), tr("Shortcut")});
    m_tree->setRootIsDecorated(false);
    for (const auto& [what, key] : rows)
        m_tree->addTopLevelItem(new QTreeWidgetItem(QStringList{what, key}));
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tree);
    layout->addWidget(buttons);
    resize(520, 420);
}

QList<QPair<QString, QString>> ShortcutsDialog::rows() const
{
    QList<QPair<QString, QString>> out;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        out.append({m_tree->topLevelItem(i)->text(0), m_tree->topLevelItem(i)->text(1)});
    return out;
}

} // namespace poolscope::ui
