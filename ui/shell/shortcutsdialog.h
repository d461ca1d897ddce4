#pragma once
// Help ▸ Keyboard shortcuts: every shortcut the window really has, read from its actions (menu by menu,
// then those outside the menus), so the list cannot drift from the keys.

#include <QDialog>

class QMainWindow;
class QTreeWidget;

namespace poolscope::ui {

class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsDialog(QMainWindow* window);

    // (where ▸ action, shortcut as shown) rows, in the order listed.
    QList<QPair<QString, QString>> rows() const;

private:
    QTreeWidget* m_tree;
};

} // namespace poolscope::ui
