// Waits in the tests are conditions, never speed assertions. QtTest's QTRY_* macros bound a wait at 5 s of wall clock,
// which the sanitizer build on this loaded 2-core machine overran in CI (the lesson dock's "Done!" came after 5.75 s).
// Here the bound only stops a broken build from hanging: a condition that never holds still fails, only later.
// Include this after <QtTest> (it includes it) in every test that waits with QTRY_*.
#pragma once
#include <QtTest>

namespace testsupport {
inline constexpr int kPatienceMs = 60000;
}

#undef QTRY_VERIFY
#define QTRY_VERIFY(expr) QTRY_VERIFY_WITH_TIMEOUT(expr, testsupport::kPatienceMs)
#undef QTRY_VERIFY2
#define QTRY_VERIFY2(expr, messageExpression) \
    QTRY_VERIFY2_WITH_TIMEOUT(expr, messageExpression, testsupport::kPatienceMs)
#undef QTRY_COMPARE
#define QTRY_COMPARE(expr, expected) QTRY_COMPARE_WITH_TIMEOUT(expr, expected, testsupport::kPatienceMs)
