// The train/test split as a mask over the samples in their own order, so the views can index samples by position
// and still know which are test points. Seeded: the same (n, ratio, seed) gives the same mask.
#pragma once
#include "engine/dataset.h"
#include <cstdint>
#include <vector>

namespace engine {

// isTest[i] = 1 for the n - round(ratio n) samples drawn by a seeded shuffle; ratio is clamped to [0, 1].
std::vector<char> splitMask(Index n, double trainRatio, std::uint64_t seed);
// Train and test sets from a mask (samples keep their relative order).
Split splitByMask(const Dataset& d, const std::vector<char>& isTest);

}  // namespace engine
