// The text form of a network, both ways: formatArchitecture writes "2-8-8-1 tanh, sigmoid out, bce" (the same string
// as NetworkSpec::describe), parseArchitecture reads that and its loose variants. Every spec that validates formats to
// a text that parses back to the same spec; bad text gets a sentence naming the token and where it stands.
//
// The grammar (case-insensitive; spaces free around every separator):
//   sizes [hidden] [output "out"] [loss]            clauses may be separated by ',' or ';' or only by spaces
//   sizes   inputs, then each hidden layer, then the output layer, joined by '-', 'x', '×', '*', ',' or spaces:
//           "2-8-8-1", "2x8x1", "2, 8, 1", "2 8 1". At least two sizes (inputs and output); each at least 1.
//   hidden  one activation for every hidden layer ("relu"), or one per hidden layer joined by '/' ("relu/tanh");
//           may be written "hidden relu" or "hidden: relu". Missing: tanh.
//   output  an activation followed by "out" or "output" ("sigmoid out"), or preceded by it ("out: sigmoid").
//           Missing: sigmoid for bce, softmax for cross_entropy, identity for mse; sigmoid when the loss is missing too.
//   loss    mse, bce, cross_entropy, optionally with the word "loss" ("loss: bce", "bce loss"). Missing: bce after a
//           sigmoid output, cross_entropy after softmax, mse otherwise.
// Activation names are activationName()'s and the aliases activationFromName() accepts (linear, sin, lrelu, ...) plus
// none/id/logistic/leaky; loss aliases: l2/squared/mean_squared_error, binary_cross_entropy/logloss/log_loss,
// ce/crossentropy/softmax_cross_entropy/categorical_cross_entropy. In a network without hidden layers a lone activation
// ("2-1 tanh") is the output's.
//
// The typed form, for networks with convolutions, pooling or flatten, or with an image input:
//   "8x8x1 conv3x3x8 relu pad1, maxpool2, flatten, 32 relu, 10 softmax, cross_entropy"
//   input   first: height x width x channels ("8x8x1"; "28x28" is one channel), or one number for a vector ("64").
//           Its values (h * w * c) must equal requiredInputs when that is given.
//   layers  one clause each, separated by ',' or ';' (or only by spaces); the last must be dense:
//             conv    "conv3x3x8" (a 3x3 kernel, 8 output channels), also "conv 3x3x8", "conv3x3 8", "conv 3x3 8";
//                     then an activation (missing: relu), "pad1"/"pad 1"/"padding: 1" and "stride2"/"stride 2"
//             pooling "maxpool2", "avgpool2" (a 2x2 window; also "maxpool 2", "maxpool2x2"), then "stride N"
//                     (missing: the window, so windows do not overlap)
//             flatten "flatten"
//             dense   "32 relu" (or "dense 32 relu", "dense32 relu"); missing activation: relu for a hidden layer,
//                     the output's as in the dense form ("softmax" may be followed by "out")
//   loss    last, as in the dense form (its own clause or at the end of the last); missing: as in the dense form.
// Which form: the typed one when the text contains a run of letters starting with conv, maxpool, avgpool, flatten or
// dense; otherwise the dense form, where 'x' separates sizes ("8x8x1 relu" is the dense stack 8-8-1).
// formatArchitecture writes the dense form for a vector input and dense layers only, else the typed form: every
// layer's activation, "padN" when N > 0, "strideN" when not the default, and "dense" before each dense layer when no
// other layer kind would mark the text as typed ("8x8x1 dense 16 tanh, dense 10 softmax, cross_entropy"). Pooling
// and flatten layers read back as LayerSpec's factories make them. Shape errors (a kernel larger than its input, a
// padding not below the kernel) give NetworkSpec::validate()'s sentence, positioned at the layer's clause.
#pragma once
#include "engine/network.h"
#include <optional>
#include <string>
#include <string_view>

namespace engine {

struct ArchitectureParseResult {
    std::optional<NetworkSpec> spec;  // set when the text parsed and the spec validates
    std::string error;                // empty on success, else one sentence: "unknown word 'tahn' at character 9; ..."
    int position = -1;                // byte offset of the offending token in the text (-1: the text as a whole)
    int length = 0;                   // its length in bytes (0 when it is missing, e.g. the text ended early)
    bool ok() const { return spec.has_value(); }
};

// "2-8-8-1 tanh, sigmoid out, bce"; per-layer hidden activations as "relu/tanh"; no hidden part without hidden layers
// ("2-1 sigmoid out, bce"). Typed specs: "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax, cross_entropy". Equal to
// spec.describe().
std::string formatArchitecture(const NetworkSpec& spec);

// requiredInputs >= 0: the network must have that many inputs (the active features); the first size (the typed form:
// the input's height x width x channels) must match.
// requiredInputs == -1: the inputs come from the text.
ArchitectureParseResult parseArchitecture(std::string_view text, int requiredInputs = -1);

}  // namespace engine
