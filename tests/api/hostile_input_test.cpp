// Regression tests for security review finding B on the Redshift side and in
// the encoder: every response is well-formed XML whatever the input or the
// stored data held (control characters, invalid UTF-8, U+FFFE), the decoder
// refuses such strings and the model's patterns with InvalidParameterValue,
// and tag and ARN sizes are bounded before authorization.
#include <doctest/doctest.h>

#include "api/model.h"
#include "api/query_decoder.h"
#include "api/xml_encoder.h"
#include "tests/api/snapshot_test_harness.h"

namespace rsemu::api {
namespace {

using testing::Code;
using testing::Encode;
using testing::Harness;
using testing::Has;

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD
const std::string kCluster = "arn:aws:redshift:us-east-1:123456789012:cluster:c1";

std::string Escaped(std::string_view text) {
  std::string out;
  AppendEscaped(&out, text);
  return out;
}

}  // namespace

TEST_CASE("xml: AppendEscaped never emits a character XML 1.0 forbids") {
  CHECK(Escaped("a&b<c>d\"e") == "a&amp;b&lt;c&gt;d&quot;e");
  CHECK(Escaped("line\r\n\tend") == "line&#13;\n\tend");
  CHECK(Escaped(std::string("ab\0cd", 5)) == "ab" + kReplacement + "cd");
  CHECK(Escaped("Describe\x01"
                "Clusters") == "Describe" + kReplacement + "Clusters");
  CHECK(Escaped("\x1F\x7F") == kReplacement + "\x7F");  // DEL is an XML Char
  CHECK(Escaped("\xEF\xBF\xBE|\xEF\xBF\xBF") == kReplacement + "|" + kReplacement);
  // Invalid UTF-8: one U+FFFD per byte that starts no valid sequence.
  CHECK(Escaped("\xC3") == kReplacement);
  CHECK(Escaped("a\x80z") == "a" + kReplacement + "z");
  CHECK(Escaped("\xC0\xAF") == kReplacement + kReplacement);                     // overlong '/'
  CHECK(Escaped("\xED\xA0\x80") == kReplacement + kReplacement + kReplacement);  // surrogate
  CHECK(Escaped("\xF4\x90\x80\x80").find('\xF4') == std::string::npos);          // > U+10FFFF
  // Valid multi-byte characters pass unchanged.
  const std::string fine =
      "caf\xC3\xA9 \xE6\xBC\xA2 \xF0\x9F\x98\x80 \xEF\xBF\xBD \xF4\x8F\xBF\xBF";
  CHECK(Escaped(fine) == fine);
  for (int byte = 0; byte < 256; ++byte) {
    std::string one(1, static_cast<char>(byte));
    CAPTURE(byte);
    CHECK(IsXmlText(Escaped(one + "x" + one)));
  }
}

TEST_CASE("xml: a stored value with a control character still encodes as XML") {
  // Data that predates the decoder's checks (an old database, a fixtures file).
  const ServiceModel& model = Models::Get().redshift();
  const Operation* describe = model.FindOperation("DescribeClusters");
  REQUIRE(describe != nullptr);
  Value cluster = Value::Object();
  cluster.Set("ClusterIdentifier", Value::String("c1"));
  cluster.Set("ClusterStatus", Value::String("avail\x01"
                                             "able\xFF"));
  Value clusters = Value::List();
  clusters.Push(std::move(cluster));
  Value output = Value::Object();
  output.Set("Clusters", std::move(clusters));
  std::string xml = EncodeResponse(model, *describe, &output, "req-1");
  CHECK(IsXmlText(xml));
  CHECK(xml.find("<ClusterStatus>avail" + kReplacement + "able" + kReplacement +
                 "</ClusterStatus>") != std::string::npos);

  ErrorInfo error;
  error.code = "InvalidAction";
  error.message = std::string("The action Describe\x01\0Clusters is not valid", 42);
  CHECK(IsXmlText(EncodeError(model.xml_namespace(), error, "req-2")));
}

TEST_CASE("redshift: control characters and invalid UTF-8 in input are refused") {
  Harness h;
  // The review's cases: both used to produce unparseable error bodies.
  HttpResponse nul = h.Call("DescribeClusters", "ClusterIdentifier=ab%00cd");
  CHECK(nul.status == 400);
  CHECK(Code(nul) == "InvalidParameterValue");
  CHECK(IsXmlText(nul.body));
  CHECK(Has(nul, "ClusterIdentifier"));

  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.body = "Action=Describe%01Clusters&Version=2012-12-01";
  HttpResponse action = h.pipeline->Handle(request);
  CHECK(action.status == 400);
  CHECK(Code(action) == "InvalidAction");
  CHECK(IsXmlText(action.body));

  // A description with \x01 is never stored, so later listings stay parseable.
  HttpResponse bad_description = h.Call(
      "CreateClusterParameterGroup",
      "ParameterGroupName=pg1&ParameterGroupFamily=redshift-1.0&Description=bad%01description");
  CHECK(bad_description.status == 400);
  CHECK(Code(bad_description) == "InvalidParameterValue");
  for (const char* value : {"%C3", "%ED%A0%80", "%EF%BF%BF", "%C0%AF"}) {
    CAPTURE(value);
    HttpResponse response = h.Call("CreateClusterParameterGroup",
                                   "ParameterGroupName=pg2&ParameterGroupFamily=redshift-1.0&"
                                   "Description=x" +
                                       std::string(value));
    CHECK(Code(response) == "InvalidParameterValue");
    CHECK(IsXmlText(response.body));
  }
  CHECK(h.Call("DescribeClusterParameterGroups").status == 200);
  // Tabs, newlines and non-ASCII text are fine.
  CHECK(h.Call("CreateClusterParameterGroup",
               "ParameterGroupName=pg3&ParameterGroupFamily=redshift-1.0&Description=" +
                   Encode("line\tone\nt\xC3\xA9l\xC3\xA9phone \xE6\xBC\xA2"))
            .status == 200);
}

TEST_CASE("redshift: a model pattern is enforced with InvalidParameterValue") {
  Harness h;
  // AuthenticationProfileNameString: ^[a-zA-Z0-9\-]+$ (max 63).
  HttpResponse response = h.Call("CreateAuthenticationProfile",
                                 "AuthenticationProfileName=bad_name&"
                                 "AuthenticationProfileContent=%7B%7D");
  CHECK(response.status == 400);
  CHECK(Code(response) == "InvalidParameterValue");
  CHECK(Has(response, "Member must satisfy regular expression pattern: ^[a-zA-Z0-9\\-]+$"));
}

TEST_CASE("redshift: tag keys, tag values and ARNs are bounded in the decoder") {
  Harness h;
  REQUIRE(h.CreateCluster("c1").status == 200);
  const std::string huge(500000, 'v');
  auto create_tags = [&](const std::string& key, const std::string& value) {
    return h.Call("CreateTags", "ResourceName=" + Encode(kCluster) + "&Tags.Tag.1.Key=" +
                                    Encode(key) + "&Tags.Tag.1.Value=" + Encode(value));
  };
  CHECK(Code(create_tags(std::string(129, 'k'), "v")) == "InvalidTagFault");
  CHECK(Code(create_tags("k", std::string(257, 'v'))) == "InvalidTagFault");
  HttpResponse huge_value = create_tags("k", huge);
  CHECK(Code(huge_value) == "InvalidTagFault");
  CHECK(huge_value.body.size() < 2000);  // the message does not echo 500 KB
  CHECK(create_tags(std::string(128, 'k'), std::string(256, 'v')).status == 200);
  // Multi-byte characters count once.
  CHECK(create_tags("k3",
                    [] {
                      std::string text;
                      for (int i = 0; i < 256; ++i) text += "\xC3\xA9";
                      return text;
                    }())
            .status == 200);

  // Tags on create requests and tag key lists are bounded the same way.
  CHECK(Code(h.CreateCluster("c2", "&Tags.Tag.1.Key=k&Tags.Tag.1.Value=" + huge)) ==
        "InvalidTagFault");
  CHECK(Code(h.Call("DeleteTags", "ResourceName=" + Encode(kCluster) + "&TagKeys.TagKey.1=" +
                                      std::string(129, 'k'))) == "InvalidTagFault");
  CHECK(Code(h.Call("DescribeClusters", "TagValues.TagValue.1=" + huge)) == "InvalidTagFault");

  // ARN-valued members: at most 2048 characters.
  const std::string long_arn = kCluster + std::string(2100, 'x');
  HttpResponse arn = h.Call("DescribeTags", "ResourceName=" + Encode(long_arn));
  CHECK(arn.status == 400);
  CHECK(Code(arn) == "InvalidParameterValue");
  CHECK(Code(h.Call("CreateTags",
                    "ResourceName=" + Encode(long_arn) + "&Tags.Tag.1.Key=k&Tags.Tag.1.Value=v")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Call("ModifyClusterIamRoles", "ClusterIdentifier=c1&AddIamRoles.IamRoleArn.1=" +
                                                 Encode(long_arn))) == "InvalidParameterValue");
  // Up to the limit the handler decides (here: no such resource).
  CHECK(
      Code(h.Call("DescribeTags",
                  "ResourceName=" + Encode(kCluster + std::string(2048 - kCluster.size(), 'x')))) ==
      "ResourceNotFoundFault");
}

}  // namespace rsemu::api
