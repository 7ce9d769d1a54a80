// Tests for form decoding: both clients' encodings, duplicates, bad escapes.
#include "api/form.h"

#include <doctest/doctest.h>

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

}  // namespace rsemu::api
