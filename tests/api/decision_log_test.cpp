// Tests of DecisionLog: its count and byte bounds (a request-chosen 1 MB
// resource must not make a 1 MB record), the clipping markers, and paging by
// sequence cursors with a bounded page.
#include "api/decision_log.h"

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <string>

namespace rsemu::api {
namespace {

constexpr size_t kMiB = 1u << 20;

DecisionRecord Record(std::string resource, std::string decision = "Allow",
                      std::string principal = "arn:aws:iam::123456789012:root") {
  DecisionRecord record;
  record.time_millis = 1764316800000;
  record.request_id = "req";
  record.principal_arn = std::move(principal);
  record.action = "redshift:CreateTags";
  record.resource = std::move(resource);
  record.decision = std::move(decision);
  record.mode = "enforce";
  record.context_keys = {"aws:CurrentTime", "aws:SourceIp"};
  return record;
}

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document document;
  document.Parse(json.c_str(), json.size());
  REQUIRE_FALSE(document.HasParseError());
  return document;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

TEST_CASE("decision log: 500 records with 1 MB resources stay within the byte budget") {
  DecisionLog log;
  const std::string prefix = "arn:aws:redshift:us-east-1:123456789012:cluster:";
  for (int i = 0; i < 500; ++i)
    log.Add(Record(prefix + std::to_string(i) + std::string(1000 * 1000, 'x')));
  // Before the byte bound this held 500 MB, and the JSON below was 500 MB too.
  CHECK(log.retained_bytes() <= DecisionLog::kDefaultByteBudget);
  CHECK(log.size() == 500);  // clipped records are small enough to keep them all
  std::string json = log.ToJson(DecisionFilter{});
  CHECK(json.size() < 2 * kMiB);
  rapidjson::Document document = Parse(json);
  const auto& decisions = document["decisions"];
  REQUIRE(decisions.Size() == 500);
  std::string last = decisions[499]["resource"].GetString();
  CHECK(last.size() < DecisionLog::kMaxFieldBytes + 32);
  CHECK(last.starts_with("arn:aws:redshift:us-east-1:123456789012:cluster:499xxx"));
  // The marker names what was cut.
  size_t cut = prefix.size() + 3 + 1000 * 1000 - DecisionLog::kMaxFieldBytes;
  CHECK(EndsWith(last, "\xE2\x80\xA6(+" + std::to_string(cut) + " bytes)"));
}

TEST_CASE("decision log: the byte budget evicts oldest first and keeps the newest record") {
  // A budget of 64 KiB holds about 25 clipped 2 KiB records.
  DecisionLog log(2000, 64 * 1024);
  for (int i = 0; i < 200; ++i) log.Add(Record(std::to_string(i) + std::string(5000, 'r')));
  CHECK(log.retained_bytes() <= 64 * 1024);
  CHECK(log.size() < 40);
  CHECK(log.size() > 10);
  DecisionPage page = log.Query(DecisionFilter{});
  REQUIRE_FALSE(page.records.empty());
  CHECK(page.records.back().sequence == 200);
  CHECK(page.records.back().resource.starts_with("199r"));
  CHECK(page.records.front().sequence == 200 - page.records.size() + 1);

  DecisionLog tiny(2000, 1);  // smaller than any record: the newest is still kept
  tiny.Add(Record("a"));
  tiny.Add(Record("b"));
  CHECK(tiny.size() == 1);
  CHECK(tiny.Query(DecisionFilter{}).records.at(0).resource == "b");

  log.Clear();
  CHECK(log.size() == 0);
  CHECK(log.retained_bytes() == 0);
}

TEST_CASE("decision log: every string and list of a record is clipped with a marker") {
  DecisionLog log;
  DecisionRecord record = Record("r", "ImplicitDeny", std::string(3000, 'p'));
  record.action = std::string(70000, 'a');
  for (int i = 0; i < 1000; ++i)
    record.failed_conditions.push_back("policy/#" + std::to_string(i) + std::string(4000, 'c'));
  record.missing_context_keys.push_back(std::string(600, 'k'));
  log.Add(record);

  DecisionPage page = log.Query(DecisionFilter{});
  REQUIRE(page.records.size() == 1);
  const DecisionRecord& kept = page.records[0];
  CHECK(kept.principal_arn.size() < DecisionLog::kMaxFieldBytes + 32);
  CHECK(EndsWith(kept.principal_arn,
                 "(+" + std::to_string(3000 - DecisionLog::kMaxFieldBytes) + " bytes)"));
  CHECK(EndsWith(kept.action,
                 "(+" + std::to_string(70000 - DecisionLog::kMaxFieldBytes) + " bytes)"));
  REQUIRE(kept.failed_conditions.size() == DecisionLog::kMaxListEntries);
  CHECK(kept.failed_conditions.front().starts_with("policy/#0ccc"));
  CHECK(EndsWith(kept.failed_conditions.front(), " bytes)"));
  CHECK(kept.failed_conditions.back() ==
        "\xE2\x80\xA6(+" + std::to_string(1000 - DecisionLog::kMaxListEntries + 1) + " more)");
  CHECK(EndsWith(kept.missing_context_keys.at(0),
                 "(+" + std::to_string(600 - DecisionLog::kMaxListEntryBytes) + " bytes)"));
  CHECK(kept.context_keys.size() == 2);  // short lists and fields are untouched
  CHECK(kept.resource == "r");
  CHECK(DecisionLog::RecordBytes(kept) < 100 * 1024);
  CHECK(log.retained_bytes() == DecisionLog::RecordBytes(kept));
}

TEST_CASE("decision log: clipping never splits a UTF-8 character") {
  std::string text = std::string(9, 'a') + "\xC3\xA9\xC3\xA9";  // 9 + 2 two-byte characters
  DecisionLog::ClipField(&text, 10);                            // byte 10 is inside the first é
  CHECK(text == std::string(9, 'a') + "\xE2\x80\xA6(+4 bytes)");
  std::string fits = "short";
  DecisionLog::ClipField(&fits, 5);
  CHECK(fits == "short");
}

TEST_CASE("decision log: pages by count and bytes, backward with before and forward with after") {
  DecisionLog log;
  for (int i = 1; i <= 50; ++i)
    log.Add(Record(std::to_string(i), i % 2 ? "Allow" : "ImplicitDeny"));

  DecisionFilter newest;
  newest.limit = 10;
  DecisionPage page = log.Query(newest);
  REQUIRE(page.records.size() == 10);
  CHECK(page.records.front().sequence == 41);
  CHECK(page.records.back().sequence == 50);
  CHECK(page.more);

  DecisionFilter older = newest;
  older.before = 41;
  page = log.Query(older);
  REQUIRE(page.records.size() == 10);
  CHECK(page.records.front().sequence == 31);
  CHECK(page.records.back().sequence == 40);

  DecisionFilter forward;
  forward.after = 45;
  forward.decision = "Deny";
  page = log.Query(forward);
  REQUIRE(page.records.size() == 3);  // the denials 46, 48 and 50
  CHECK(page.records[0].sequence == 46);
  CHECK(page.records[2].sequence == 50);
  CHECK_FALSE(page.more);
  forward.limit = 2;
  page = log.Query(forward);
  REQUIRE(page.records.size() == 2);
  CHECK(page.records[1].sequence == 48);
  CHECK(page.more);

  DecisionFilter first;
  first.before = 1;
  CHECK(log.Query(first).records.empty());
  CHECK_FALSE(log.Query(first).more);

  // The byte bound: each record here is well over 100 bytes, so one per page
  // (never zero: a page always holds at least one record).
  DecisionFilter small;
  small.max_page_bytes = 100;
  page = log.Query(small);
  REQUIRE(page.records.size() == 1);
  CHECK(page.records[0].sequence == 50);
  CHECK(page.more);

  // A limit above the cap is clipped to kMaxPageRecords.
  DecisionLog big;
  for (size_t i = 0; i < DecisionLog::kMaxPageRecords + 5; ++i) big.Add(Record("r"));
  DecisionFilter all;
  all.limit = 1u << 30;
  CHECK(big.Query(all).records.size() == DecisionLog::kMaxPageRecords);

  // The JSON carries each record's seq and the cursors of the next pages.
  rapidjson::Document document = Parse(log.ToJson(older));
  CHECK(document["decisions"][0]["seq"].GetUint64() == 31);
  CHECK(document["more"].GetBool());
  CHECK(document["next_before"].GetUint64() == 31);
  CHECK(document["next_after"].GetUint64() == 40);
  DecisionFilter past_end;
  past_end.after = 50;
  document = Parse(log.ToJson(past_end));
  CHECK(document["decisions"].Size() == 0);
  CHECK(document["next_after"].GetUint64() == 50);  // tail again from the same cursor
  CHECK_FALSE(document["more"].GetBool());
}

TEST_CASE("decision log: sequence numbers continue after Clear and eviction") {
  DecisionLog log(3);
  for (int i = 0; i < 5; ++i) log.Add(Record("r"));
  log.Clear();
  log.Add(Record("r"));
  DecisionPage page = log.Query(DecisionFilter{});
  REQUIRE(page.records.size() == 1);
  CHECK(page.records[0].sequence == 6);
}

}  // namespace rsemu::api
