// Tests for form decoding: both clients' encodings, duplicates, bad escapes.
#include "api/form.h"

#include <doctest/doctest.h>

#include <cstring>
#include <memory>

namespace rsemu::api {

TEST_CASE("botocore and JS encodings decode to the same values") {
  auto boto = FormParams::Parse("Tags.Tag.2.Value=data+eng&Marker=%2B%21%E2%82%AC", "");
  auto js = FormParams::Parse("Tags.Tag.2.Value=data%20eng&Marker=%2B%21%E2%82%AC", "");
  REQUIRE(boto.ok());
  REQUIRE(js.ok());
  CHECK(*boto->Find("Tags.Tag.2.Value") == "data eng");
  CHECK(*js->Find("Tags.Tag.2.Value") == "data eng");
  CHECK(*boto->Find("Marker") == "+!\xE2\x82\xAC");
}

TEST_CASE("body and query string merge; prefixes are found by element") {
  auto form = FormParams::Parse("Action=DescribeClusters&TagKeys.TagKey.10=b",
                                "Version=2012-12-01&TagKeys.TagKey.1=a");
  REQUIRE(form.ok());
  CHECK(*form->Find("Version") == "2012-12-01");
  CHECK(form->HasPrefix("TagKeys"));
  CHECK(form->HasPrefix("TagKeys.TagKey.1"));
  CHECK(form->HasPrefix("TagKeys.TagKey.10"));
  CHECK_FALSE(form->HasPrefix("TagKeys.TagKey.2"));
  CHECK_FALSE(form->HasPrefix("TagKey"));
  CHECK(form->Find("Missing") == nullptr);
}

TEST_CASE("repeated keys and bad escapes are MalformedQueryString") {
  auto repeated = FormParams::Parse("ClusterIdentifier=a&ClusterIdentifier=b", "");
  REQUIRE_FALSE(repeated.ok());
  CHECK(repeated.status().error() == "MalformedQueryString");
  CHECK(repeated.status().message().find("ClusterIdentifier") != std::string::npos);
  auto escape = FormParams::Parse("Action=DescribeClusters&Marker=%G1", "");
  REQUIRE_FALSE(escape.ok());
  CHECK(escape.status().error() == "MalformedQueryString");
  auto raw_json = FormParams::Parse("{\"Action\": \"CreateCluster\"}", "");
  CHECK_FALSE(raw_json.ok());
}

TEST_CASE("an empty value is kept (empty list marker)") {
  auto form = FormParams::Parse("TagKeys=&Action=X", "");
  REQUIRE(form.ok());
  REQUIRE(form->Find("TagKeys") != nullptr);
  CHECK(form->Find("TagKeys")->empty());
}

// Boost.URL 1.81's parse_query reads up to a NUL, past the end of the view it is
// given (fuzz/README.md, finding 4). Here the texts sit in heap blocks of exactly
// their size, with no NUL after them, so the ASan+UBSan run of this suite reports
// any read past the view.
TEST_CASE("a form is parsed from exactly the text given, not up to a NUL") {
  auto exact_block = [](std::string_view text) {
    std::unique_ptr<char[]> block(new char[text.size()]);
    std::memcpy(block.get(), text.data(), text.size());
    return block;
  };
  const std::string_view body_text = "Action=DescribeClusters&Marker=abc";
  const std::string_view query_text = "Version=2012-12-01";
  auto body = exact_block(body_text);
  auto query = exact_block(query_text);
  auto form = FormParams::Parse(std::string_view(body.get(), body_text.size()),
                                std::string_view(query.get(), query_text.size()));
  REQUIRE(form.ok());
  REQUIRE(form->Find("Marker") != nullptr);
  CHECK(*form->Find("Marker") == "abc");
  REQUIRE(form->Find("Version") != nullptr);
  CHECK(*form->Find("Version") == "2012-12-01");
}

}  // namespace rsemu::api
