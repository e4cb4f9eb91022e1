// The numbers of one convolution or pooling of a small square image, as the "Convolution arithmetic" tool shows
// them: the output computed by the engine (crossCorrelate, the pooling layers' forward pass), the output size as
// ⌊(n + 2p − k)/s⌋ + 1 with the numbers, and for one output cell its window on the padded input and the sentence
// that writes its products and sum (or the values compared, or the mean) out. Sizes are clamped; a kernel that does
// not fit gives no output and a sentence saying why, never a call into the engine.
#pragma once
#include "engine/layers.h"
#include <QCoreApplication>
#include <QPoint>
#include <QString>

namespace widgets {

enum class ConvMode { Convolution, MaxPool, AvgPool };

// What the tool accepts: small enough that every number stays readable on a projector.
struct ConvLimits {
    static constexpr int kMaxInput = 12, kMaxKernel = 7, kMaxStride = 5, kMaxPadding = 3;
    static constexpr double kMaxValue = 9999;
};

struct ConvProblem {
    ConvMode mode = ConvMode::Convolution;
    engine::MatrixT<double> input;   // n x n
    engine::MatrixT<double> kernel;  // k x k; pooling uses only its size (the window)
    int stride = 1;
    int padding = 0;  // zeros on every side (convolution only: the engine's pooling layers have no padding)

    int n() const { return int(input.rows()); }
    int k() const { return int(kernel.rows()); }
    // Square, within ConvLimits, finite values; pooling without padding.
    ConvProblem clamped() const;
    // The seed's worked example: 4×4 input 1 2 2 1 / 3 2 1 0 / 1 2 3 4 / 3 1 1 3, kernel 1 2 / 2 1, stride 1, padding
    // 0; output 13 11 6 / 11 11 11 / 12 11 16.
    static ConvProblem seedExample();
    // Sizes first: Eigen's == on matrices of different sizes is undefined (an assertion in a debug build).
    bool operator==(const ConvProblem& o) const {
        return mode == o.mode && stride == o.stride && padding == o.padding && input.rows() == o.input.rows() &&
               input.cols() == o.input.cols() && kernel.rows() == o.kernel.rows() &&
               kernel.cols() == o.kernel.cols() && input == o.input && kernel == o.kernel;
    }
};

class ConvArithmetic {
    Q_DECLARE_TR_FUNCTIONS(widgets::ConvArithmetic)
public:
    explicit ConvArithmetic(const ConvProblem& problem);  // clamps it first

    const ConvProblem& problem() const { return m_p; }
    int paddedSide() const { return m_p.n() + 2 * m_p.padding; }
    bool fits() const { return m_side > 0; }
    int outputSide() const { return m_side; }  // 0 when the kernel does not fit
    // "" when it fits, else why not: "The 3×3 kernel does not fit in the padded input (2 + 2·0 = 2 a side) …".
    QString problemText() const;
    // "⌊(4 + 2·0 − 2)/1⌋ + 1 = 3"; when the kernel does not fit, "… = 0: no output".
    QString sizeFormula() const;
    const engine::MatrixT<double>& output() const { return m_out; }  // outputSide² values, from the engine

    // Output cell (row, col)'s window: its top-left cell on the padded input (row, column), k cells a side.
    QPoint windowOrigin(int row, int col) const { return {col * m_p.stride, row * m_p.stride}; }
    bool isPadding(int paddedRow, int paddedCol) const;
    double paddedValue(int paddedRow, int paddedCol) const;  // 0 in the padding
    // Max pooling: the input cell that won output cell (row, col), on the padded input, as the engine chose it (the
    // first maximum in reading order). (-1, -1) in the other modes.
    QPoint winner(int row, int col) const;
    // The written-out arithmetic of one output cell, ending in the engine's value: "1·1 + 2·2 + 3·2 + 2·1 = 13",
    // "max(1, 2, 3, 2) = 3", "(1 + 2 + 3 + 2) / 4 = 2".
    QString cellText(int row, int col) const;
    // The same cell summed here from the written-out terms (the tests hold it against the engine's value).
    double termsValue(int row, int col) const;

    // Integers without decimals, others with up to three; a real minus sign.
    static QString number(double v);

private:
    ConvProblem m_p;
    int m_side = 0;
    engine::MatrixT<double> m_out;
    std::vector<QPoint> m_won;  // max pooling: the winner of each output cell, row by row
};

}  // namespace widgets
