#include "ui/shell/toolbarfit.h"

#include <QAction>
#include <QEvent>
#include <QLayout>
#include <QToolBar>
#include <QToolButton>

namespace poolscope::ui {

ToolbarFit::ToolbarFit(QToolBar* bar, QList<QList<QAction*>> stages, const QList<QAction*>& watch)
    : QObject(bar), m_bar(bar), m_stages(std::move(stages))
{
    bar->installEventFilter(this);
    for (QAction* a : watch)
        connect(a, &QAction::changed, this, [this] {
            m_fittedWidth = -1;
            fit();
        });
}

void ToolbarFit::apply(int level)
{
    m_level = level;
    for (int s = 0; s < m_stages.size(); ++s) {
        const bool bare = s < level;
        for (QAction* a : m_stages[s]) {
            if (auto* b = qobject_cast<QToolButton*>(m_bar->widgetForAction(a)))
                b->setToolButtonStyle(bare ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextBesideIcon);
            else
                a->setVisible(!bare);
        }
    }
    m_bar->layout()->invalidate();
}

void ToolbarFit::fit()
{
    if (m_fitting || !m_bar->isVisible() || m_bar->orientation() != Qt::Horizontal)
        return;
    const int room = m_bar->width();
    if (room == m_fittedWidth)
        return;
    m_fitting = true;
    // The fewest stages bare that let the bar's whole row fit (its size hint is every item, the
    // overflow button aside).
    int level = 0;
    for (; level < m_stages.size(); ++level) {
        apply(level);
        if (m_bar->sizeHint().width() <= room)
            break;
    }
    if (level == m_stages.size())
        apply(level);
    m_fittedWidth = room;
    m_fitting = false;
}

bool ToolbarFit::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_bar) {
        switch (event->type()) {
        case QEvent::FontChange:
        case QEvent::StyleChange:
        case QEvent::LanguageChange:
        case QEvent::Show:
            m_fittedWidth = -1;
            fit();
            break;
        case QEvent::Resize:
            fit();
            break;
        default:
            break;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace poolscope::ui
