#pragma once
// The scenario panel: pool, workers, workload and its parameters, tasks,
// submission style, timeout, GIL, speed. Every field refuses bad input where
// it is typed and says why; the Python the run mirrors is shown below.

#include "runsession.h"

#include <QSpinBox>
#include <QValidator>
#include <QWidget>

class QComboBox;
class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace poolscope::ui {

class RunController;

// Accepts "" or "None" (Python's None), or a number within [min, max];
// refuses anything else as it is typed and reports why through refused().
class OptionalNumberValidator : public QValidator
{
    Q_OBJECT
public:
    OptionalNumberValidator(QString field, double min, double max, bool integer, QObject* parent = nullptr);
    State validate(QString& input, int& pos) const override;
    // Parses an acceptable text: nullopt for None.
    std::optional<double> value(const QString& text) const;

Q_SIGNALS:
    void refused(const QString& why) const;

private:
    QString m_field;
    double m_min;
    double m_max;
    bool m_integer;
};

// A spin box that says why it refused a keystroke.
class CheckedSpinBox : public QSpinBox
{
    Q_OBJECT
public:
    CheckedSpinBox(QString field, int min, int max, QWidget* parent = nullptr);
    QValidator::State validate(QString& input, int& pos) const override;

Q_SIGNALS:
    void refused(const QString& why) const;

private:
    QString m_field;
};

class ScenarioPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ScenarioPanel(RunController* controller, QWidget* parent = nullptr);
    ~ScenarioPanel() override;

    RunSpec spec() const;
    void setSpec(const RunSpec& spec);
    QString lastRefusal() const;
    QString pythonCode() const;

    // Field access for tests.
    CheckedSpinBox* workersField() const noexcept { return m_workers; }
    CheckedSpinBox* tasksField() const noexcept { return m_tasks; }
    QLineEdit* timeoutField() const noexcept { return m_timeout; }
    QLineEdit* maxTasksPerChildField() const noexcept { return m_maxTasksPerChild; }
    QComboBox* poolField() const noexcept { return m_pool; }
    QComboBox* speedField() const noexcept { return m_speed; }

    // Speeds offered: 1x down to 1/20.
    static const std::vector<double>& speeds();

Q_SIGNALS:
    void specEdited(const poolscope::ui::RunSpec& spec);
    // A keystroke was refused (why), or the field became acceptable again ("").
    void refusalShown(const QString& why);

private:
    void showRefusal(const QString& why);
    void edited();
    void updateEnabled();
    void updateCode();

    RunController* m_controller;
    QComboBox* m_pool;
    CheckedSpinBox* m_workers;
    QComboBox* m_workload;
    QDoubleSpinBox* m_taskMs;
    CheckedSpinBox* m_tasks;
    QComboBox* m_submit;
    CheckedSpinBox* m_chunksize;
    QLineEdit* m_timeout;
    OptionalNumberValidator* m_timeoutValidator;
    QCheckBox* m_gil;
    QDoubleSpinBox* m_switchInterval;
    QLineEdit* m_maxTasksPerChild;
    OptionalNumberValidator* m_maxTasksValidator;
    QComboBox* m_speed;
    QLabel* m_refusal;
    QPlainTextEdit* m_code;
    bool m_updating = false;
};

} // namespace poolscope::ui
