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
// ("2-1 sigmoid out, bce"). Equal to spec.describe().
std::string formatArchitecture(const NetworkSpec& spec);

// requiredInputs >= 0: the network must have that many inputs (the active features); the first size must match.
// requiredInputs == -1: the inputs come from the text.
ArchitectureParseResult parseArchitecture(std::string_view text, int requiredInputs = -1);

}  // namespace engine
