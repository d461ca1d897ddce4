#pragma once
// The scenario panel's field checks: each refuses bad input as it is typed and says why, through
// refused(), so the panel can show one line naming the field and what is wrong.

#include <QSpinBox>
#include <QString>
#include <QValidator>

#include <cstdint>
#include <optional>
#include <vector>

namespace poolscope::ui {

// Accepts "" or "None" (Python's None; for some fields "the default"), or a
// number within [min, max]; refuses anything else as it is typed and reports
// why through refused().
class OptionalNumberValidator : public QValidator
{
    Q_OBJECT
public:
    OptionalNumberValidator(QString field, double min, double max, bool integer, QObject* parent = nullptr);
    State validate(QString& input, int& pos) const override;
    // Parses an acceptable text: nullopt for None / empty.
    std::optional<double> value(const QString& text) const;

Q_SIGNALS:
    void refused(const QString& why) const;

private:
    QString m_field;
    double m_min;
    double m_max;
    bool m_integer;
};

// A list of whole numbers ("1297337, 1116281, 104395303"), empty for none.
class IntegerListValidator : public QValidator
{
    Q_OBJECT
public:
    IntegerListValidator(QString field, std::int64_t min, std::int64_t max, QObject* parent = nullptr);
    State validate(QString& input, int& pos) const override;
    static std::vector<std::int64_t> parse(const QString& text);

Q_SIGNALS:
    void refused(const QString& why) const;

private:
    QString m_field;
    std::int64_t m_min;
    std::int64_t m_max;
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

} // namespace poolscope::ui
