// A seeded random source whose output is the same on every platform and compiler
// (std::uniform_real_distribution and std::normal_distribution are not: their algorithms are unspecified).
#pragma once
#include <cstdint>
#include <random>
#include <vector>

namespace engine {
class Rng {
public:
    explicit Rng(std::uint64_t seed = 1) : m_gen(seed) {}
    void reseed(std::uint64_t seed) { m_gen.seed(seed); }
    std::uint64_t nextU64() { return m_gen(); }
    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(m_gen() >> 11) * 0x1.0p-53; }
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    // Standard normal by Box-Muller (no cached second value, so the stream is simple to reason about).
    double normal();
    double normal(double mean, double stddev) { return mean + stddev * normal(); }
    // Uniform integer in [0, n) (Lemire's multiply-shift; bias below 2^-64 * n, irrelevant here).
    std::uint64_t index(std::uint64_t n) { return std::uint64_t((__uint128_t(m_gen()) * n) >> 64); }
    // Fisher-Yates shuffle.
    template <typename T> void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[index(i)]);
    }

private:
    std::mt19937_64 m_gen;
};
}  // namespace engine
