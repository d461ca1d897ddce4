#include "ui/shell/statusfit.h"

#include <QEvent>
#include <QFontMetrics>
#include <QLabel>
#include <QLayout>
#include <QStatusBar>

#include <algorithm>

namespace poolscope::ui {

StatusFit::StatusFit(QStatusBar* bar, QLabel* message, QLabel* note, QString noteLong, QString noteShort,
                     QLabel* notice, QWidget* noticeRow)
    : QObject(bar), m_bar(bar), m_message(message), m_note(note), m_noteLong(std::move(noteLong)),
      m_noteShort(std::move(noteShort)), m_notice(notice), m_noticeRow(noticeRow)
{
    m_message->setObjectName(QStringLiteral("statusMessage"));
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_notice->setWordWrap(true);
    m_notice->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_notice->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_noticeRow->hide();
    // A new message asks the bar for a layout; a narrower window resizes it.
    m_bar->installEventFilter(this);
    m_message->installEventFilter(this);
}

bool StatusFit::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type t = event->type();
    if (!m_busy && (t == QEvent::LayoutRequest || t == QEvent::Resize || t == QEvent::Show ||
                    (watched == m_message && t == QEvent::FontChange)))
        refit();
    return QObject::eventFilter(watched, event);
}

void StatusFit::refit()
{
    // What the bar leaves the message: its width less every other visible label, the size grip and
    // the layout's spacing (QStatusBar: 6 px between items, margins of 2 or 3).
    const auto others = [this] {
        int w = 0;
        int n = 0;
        for (QWidget* c : m_bar->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
            if (c == m_message || !c->isVisible() || c->isWindow())
                continue;
            w += c->sizeHint().width();
            ++n;
        }
        return w + (n + 1) * 8 + 12;
    };
    const QString text = m_message->text();
    const int barW = m_bar->width();
    // The state and the counts change after the message came (a run ends, the pool breaks).
    if (text == m_fitted && barW == m_fittedWidth && others() == m_fittedOthers)
        return;
    m_busy = true;
    m_fitted = text;
    m_fittedWidth = barW;
    const QFontMetrics fm(m_message->font());
    const int need = fm.horizontalAdvance(text);
    m_note->setText(m_noteLong);
    if (need > barW - others())
        m_note->setText(m_noteShort);
    const bool inBar = need <= barW - others();
    m_lines = 1;
    if (!inBar) {
        // The row is the window's width, less its toolbar's and the label's margins.
        const int room = std::max(80, barW - 24);
        const QFontMetrics nfm(m_notice->font());
        const QRect wrapped = nfm.boundingRect(QRect(0, 0, room, 10000), Qt::TextWordWrap, text);
        m_lines = std::max(1, (wrapped.height() + nfm.lineSpacing() / 2) / nfm.lineSpacing());
        m_notice->setFixedHeight(m_lines * nfm.lineSpacing() + 4); // a wrapped label asks for more
    }
    m_notice->setText(inBar ? QString() : text);
    m_message->setVisible(inBar);
    m_noticeRow->setVisible(!inBar);
    m_fittedOthers = others();
    m_busy = false;
}

} // namespace poolscope::ui
