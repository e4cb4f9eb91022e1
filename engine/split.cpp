#include "engine/split.h"
#include "engine/rng.h"
#include <algorithm>
#include <cmath>
#include <numeric>

namespace engine {

std::vector<char> splitMask(Index n, double trainRatio, std::uint64_t seed) {
    std::vector<char> isTest(std::size_t(std::max<Index>(n, 0)), 0);
    if (n <= 0) return isTest;
    const double r = std::clamp(std::isfinite(trainRatio) ? trainRatio : 1.0, 0.0, 1.0);
    const Index nTrain = Index(std::llround(r * double(n)));
    std::vector<Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Index(0));
    Rng rng(seed);
    rng.shuffle(order);
    for (Index k = nTrain; k < n; ++k) isTest[std::size_t(order[std::size_t(k)])] = 1;
    return isTest;
}

Split splitByMask(const Dataset& d, const std::vector<char>& isTest) {
    std::vector<Index> train, test;
    for (Index i = 0; i < d.size(); ++i)
        (std::size_t(i) < isTest.size() && isTest[std::size_t(i)] ? test : train).push_back(i);
    return {d.subset(train), d.subset(test)};
}

}  // namespace engine
