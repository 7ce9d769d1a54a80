// Tests of the parsed-policy cache behind iam::ParseCached: it is bounded by
// the bytes of the documents it holds, not only by their count, evicts the
// least recently used first, and stays consistent under concurrent callers.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "api/handlers/iam_store.h"

namespace rsemu::api::iam {

// Defined in api/handlers/iam_store.cpp beside ParseCached: the entries and
// bytes its cache holds.
std::pair<size_t, size_t> PolicyParseCacheUsage();

namespace {

constexpr size_t kByteLimit = 16u << 20;  // kPolicyCacheByteLimit in iam_store.cpp

// A valid identity policy of about `size` bytes, distinct for each `tag`.
std::string LargePolicy(const std::string& tag, size_t size) {
  std::string resources;
  for (int i = 0; resources.size() < size; ++i) {
    if (!resources.empty()) resources += ",";
    resources +=
        "\"arn:aws:redshift:us-east-1:123456789012:cluster:" + tag + "-" + std::to_string(i) + "\"";
  }
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow",)"
         R"("Action":"redshift:DescribeClusters","Resource":[)" +
         resources + "]}]}";
}

}  // namespace

TEST_CASE("policy parse cache: many large distinct documents stay within the byte budget") {
  // 300 documents of 120 KB: 36 MB of text, which parsed used to stay cached
  // (the count limit is 4,096) at several times that in memory.
  std::vector<std::string> documents;
  for (int i = 0; i < 300; ++i) documents.push_back(LargePolicy("p" + std::to_string(i), 120000));
  std::vector<authz::PolicyPtr> parsed;
  for (const std::string& document : documents) {
    auto result = ParseCached(document, authz::PolicyKind::kIdentity);
    REQUIRE(result.ok());
    parsed.push_back(*result);
  }
  auto [entries, bytes] = PolicyParseCacheUsage();
  CHECK(bytes <= kByteLimit);
  CHECK(entries >= 100);  // 16 MiB holds well over a hundred 120 KB documents
  CHECK(entries < 300);

  // The newest document is still cached (the same parse comes back); the
  // oldest was evicted (parsed afresh).
  auto newest = ParseCached(documents.back(), authz::PolicyKind::kIdentity);
  REQUIRE(newest.ok());
  CHECK(newest->get() == parsed.back().get());
  auto oldest = ParseCached(documents.front(), authz::PolicyKind::kIdentity);
  REQUIRE(oldest.ok());
  CHECK(oldest->get() != parsed.front().get());
  CHECK(PolicyParseCacheUsage().second <= kByteLimit);
}

TEST_CASE("policy parse cache: a recently used document survives eviction") {
  std::string hot = LargePolicy("hot", 100000);
  auto first = ParseCached(hot, authz::PolicyKind::kIdentity);
  REQUIRE(first.ok());
  for (int i = 0; i < 250; ++i) {  // 25 MB of other documents, touching `hot` as we go
    REQUIRE(
        ParseCached(LargePolicy("cold" + std::to_string(i), 100000), authz::PolicyKind::kIdentity)
            .ok());
    if (i % 20 == 0) REQUIRE(ParseCached(hot, authz::PolicyKind::kIdentity).ok());
  }
  auto again = ParseCached(hot, authz::PolicyKind::kIdentity);
  REQUIRE(again.ok());
  CHECK(again->get() == first->get());
}

TEST_CASE("policy parse cache: concurrent callers get consistent parses within the bounds") {
  std::vector<std::string> documents;
  for (int i = 0; i < 40; ++i) documents.push_back(LargePolicy("t" + std::to_string(i), 60000));
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) {
        for (size_t i = 0; i < documents.size(); ++i) {
          auto result = ParseCached(documents[(i + static_cast<size_t>(t) * 7) % documents.size()],
                                    authz::PolicyKind::kIdentity);
          if (!result.ok() || *result == nullptr) ++failures[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int failed : failures) CHECK(failed == 0);
  CHECK(PolicyParseCacheUsage().second <= kByteLimit);
}

}  // namespace rsemu::api::iam
