#pragma once
// A form in a scroll area that never scrolls sideways: where the viewport is narrower than the form's
// labels and fields side by side (the scenario in a side dock of 240-380 px on a classroom screen), every
// field goes under its label; where it is wide enough, they stand side by side again.
//
// Not QFormLayout::WrapLongRows: in Qt 6.4 a row that starts to wrap while another row of its form is
// hidden (the scenario hides the rows its pool and workload do not read) is given no height, so its
// field vanishes under the next row.

#include <QList>
#include <QObject>

class QFormLayout;
class QWidget;

namespace poolscope::ui {

class FormFit : public QObject
{
    Q_OBJECT
public:
    // `panel` is the scroll area's widget, `viewport` the area's viewport; the forms are the panel's.
    FormFit(QWidget* viewport, QWidget* panel);

    // Whether the fields stand under their labels now.
    bool stacked() const noexcept { return m_stacked; }
    void refit();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // The width the panel needs with every visible row's label and field side by side.
    int sideBySideWidth() const;

    QWidget* m_viewport;
    QWidget* m_panel;
    QList<QFormLayout*> m_forms;
    bool m_stacked = false;
    bool m_busy = false;
};

} // namespace poolscope::ui
