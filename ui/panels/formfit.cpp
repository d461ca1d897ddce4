#include "ui/panels/formfit.h"

#include <QEvent>
#include <QFormLayout>
#include <QWidget>

#include <algorithm>

namespace poolscope::ui {

FormFit::FormFit(QWidget* viewport, QWidget* panel)
    : QObject(panel), m_viewport(viewport), m_panel(panel), m_forms(panel->findChildren<QFormLayout*>())
{
    // The viewport's width, the rows shown (a layout request), a font or a language change the widths.
    m_viewport->installEventFilter(this);
    m_panel->installEventFilter(this);
}

bool FormFit::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type t = event->type();
    if (!m_busy && ((watched == m_viewport && t == QEvent::Resize) ||
                    (watched == m_panel && (t == QEvent::LayoutRequest || t == QEvent::FontChange ||
                                            t == QEvent::LanguageChange || t == QEvent::Show))))
        refit();
    return QObject::eventFilter(watched, event);
}

int FormFit::sideBySideWidth() const
{
    int need = 0;
    for (const QFormLayout* form : m_forms) {
        int labels = 0;
        int fields = 0;
        for (int row = 0; row < form->rowCount(); ++row) {
            if (!form->isRowVisible(row))
                continue;
            if (const QLayoutItem* l = form->itemAt(row, QFormLayout::LabelRole))
                labels = std::max(labels, l->sizeHint().width());
            if (const QLayoutItem* f = form->itemAt(row, QFormLayout::FieldRole))
                fields = std::max(fields, f->minimumSize().width());
            if (const QLayoutItem* s = form->itemAt(row, QFormLayout::SpanningRole))
                fields = std::max(fields, s->minimumSize().width() - labels);
        }
        const QMargins m = form->contentsMargins();
        // What lies between the form and the panel's edges (a group box's frame, the panel's margins)
        // is the same in both arrangements.
        const int around = m_panel->width() - form->geometry().width();
        need = std::max(need, labels + std::max(0, form->horizontalSpacing()) + fields + m.left() +
                                  m.right() + std::max(0, around));
    }
    return need;
}

void FormFit::refit()
{
    m_busy = true;
    const bool stack = m_viewport->width() < sideBySideWidth();
    if (stack != m_stacked) {
        m_stacked = stack;
        for (QFormLayout* form : m_forms)
            form->setRowWrapPolicy(stack ? QFormLayout::WrapAllRows : QFormLayout::DontWrapRows);
        m_panel->updateGeometry(); // the scroll area sizes the panel to its new height
    }
    m_busy = false;
}

} // namespace poolscope::ui
