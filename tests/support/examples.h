// Small networks and data the tests write by hand, written once: the four corners of a square with the truth tables
// over them (XOR also as a data set), the 2-2-1 network worked by hand, and seeded random weights. Engine only.
#pragma once
#include "engine/dataset.h"
#include "engine/network.h"

namespace testsupport {

// The four corners of the square [low, high]², one column per sample, in truth-table order:
// (low, low), (low, high), (high, low), (high, high).
engine::Matrix corners(double low = 0, double high = 1);
// A two-input truth table's outputs in that order, as a 1 x 4 target row: truthTable(0, 0, 0, 1) is AND.
engine::Matrix truthTable(int t00, int t01, int t10, int t11);
// XOR's outputs: truthTable(0, 1, 1, 0).
engine::Matrix xorTargets();
// XOR as a data set: the corners of the unit square labelled x1 xor x2 (0, 1, 1, 0), two classes, inputs x1 and x2.
engine::Dataset xorDataset();

// The network worked by hand in engine/README.md (tests/engine/tst_network.cpp checks its numbers): 2 inputs, 2 sigmoid
// hidden units, 1 sigmoid output, MSE, with
//   W1 = [ 0.1  0.2 ]   b1 = [ 0.0 ]   W2 = [ 0.5  -0.4 ]   b2 = [ 0.2 ]
//        [-0.3  0.4 ]        [ 0.1 ]
engine::NetworkSpec workedSpec();
engine::Network workedNetwork();
// Its sample: x = (1, 2), target y = 1.
engine::Matrix workedInput();
engine::Matrix workedTarget();

// Parameters in the network's flat layout from a seeded normal: each layer's weights scaled by 1.2 / sqrt(its inputs),
// then its biases by 0.3. The same spec and seed give the same numbers.
engine::Vector randomParameters(const engine::NetworkSpec& spec, unsigned seed);

}  // namespace testsupport
