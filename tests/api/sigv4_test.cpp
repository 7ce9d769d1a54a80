// Tests for api/sigv4: the worked example of query-protocol.md §3 with every
// intermediate value, every signed capture of §7 (boto3, CLI v1/v2, JS SDK v3;
// Redshift, IAM, STS; a temporary key), parse errors, canonical query/URI/header
// rules, the signing-key cache and the request-time skew check.
#include "api/sigv4.h"

#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace rsemu::api {
namespace {

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kTempSecret = "tempsecret";
constexpr std::string_view kMismatchMessage =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

// Captured requests, copied verbatim from query-protocol.md §3 and §7.

// Worked example (JS SDK CreateTags, verifiable)
constexpr std::string_view kWorkedExampleJsCreateTags = R"http(POST / HTTP/1.1
content-type: application/x-www-form-urlencoded
content-length: 158
x-amz-user-agent: aws-sdk-js/3.1168.0
user-agent: aws-sdk-js/3.1168.0 ua/2.1 os/linux#6.18.44-fc-v657 lang/js md/nodejs#20.20.2 api/redshift#3.1168.0 m/N,E,e
host: 127.0.0.1:18083
amz-sdk-invocation-id: 62e3e580-5de5-46dc-9cbc-1aa58832ca63
amz-sdk-request: attempt=1; max=3
x-amz-date: 20261128T083507Z
x-amz-content-sha256: 2f9371228abe69050d814bd26747b6be015ea16ec7b071db46bf6f8e9524dc00
authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent, Signature=3805e251f44a61138411d1315ea9423dc7f7c4e2b7e098f626187d264c98bbb1
Connection: keep-alive

Action=CreateTags&Version=2012-12-01&ResourceName=arn%3Aaws%3Aredshift%3Aus-east-1%3A123456789012%3Acluster%3Amy-cluster&Tags.Tag.1.Key=k1&Tags.Tag.1.Value=v1)http";

// boto3 1.43.11 — CreateCluster
constexpr std::string_view kBoto3CreateCluster = R"http(POST / HTTP/1.1
Host: 127.0.0.1:18080
Accept-Encoding: identity
Content-Type: application/x-www-form-urlencoded; charset=utf-8
User-Agent: Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/e,b,N,D,Z cfg/retry-mode#legacy Botocore/1.43.11
X-Amz-Date: 20261128T083424Z
Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=bb4cee8742c999f33070286315587a5aad0470c6313a88728ff1f15b9bfba8f6
amz-sdk-invocation-id: e019935d-d618-4ede-89d6-282d2a48fb61
amz-sdk-request: attempt=1
Content-Length: 599

Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=my-cluster&NodeType=ra3.xlplus&MasterUsername=awsuser&MasterUserPassword=Passw0rd%21&NumberOfNodes=2&ClusterType=multi-node&Port=5439&Encrypted=true&PubliclyAccessible=false&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev&Tags.Tag.2.Key=team&Tags.Tag.2.Value=data+eng&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-0123456789abcdef0&VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-0fedcba9876543210&IamRoles.IamRoleArn.1=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRedshiftRole1&IamRoles.IamRoleArn.2=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRedshiftRole2)http";

// JS SDK v3 (client-redshift 3.1169.0) — CreateCluster
constexpr std::string_view kJsCreateCluster = R"http(POST / HTTP/1.1
content-type: application/x-www-form-urlencoded
content-length: 601
x-amz-user-agent: aws-sdk-js/3.1168.0
user-agent: aws-sdk-js/3.1168.0 ua/2.1 os/linux#6.18.44-fc-v657 lang/js md/nodejs#20.20.2 api/redshift#3.1168.0 m/N,E,e
host: 127.0.0.1:18083
amz-sdk-invocation-id: adaf8a7e-91fb-4ff9-bf3f-4bc7f2556337
amz-sdk-request: attempt=1; max=3
x-amz-date: 20261128T083507Z
x-amz-content-sha256: 8a80c005c361879cc19e29e8033e4000920d68b3a9cfe5e075ddc38308402d93
authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent, Signature=70ef4f7877eec53e3ec07c6e4d45eaed11dc3a03ed4090ac517553fb1ee84e5c
Connection: keep-alive

Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=my-cluster&NodeType=ra3.xlplus&MasterUsername=awsuser&ClusterType=multi-node&MasterUserPassword=Passw0rd%21&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-0123456789abcdef0&VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-0fedcba9876543210&Port=5439&NumberOfNodes=2&PubliclyAccessible=false&Encrypted=true&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev&Tags.Tag.2.Key=team&Tags.Tag.2.Value=data%20eng&IamRoles.IamRoleArn.1=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRedshiftRole1&IamRoles.IamRoleArn.2=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRedshiftRole2)http";

// Debian awscli v2 2.9.19 — DescribeClusters (`--tag-keys env team --tag-values dev prod
// --max-records 20 --marker 'abc/def+='`)
constexpr std::string_view kCliV2DescribeClusters = R"http(POST / HTTP/1.1
Host: 127.0.0.1:18082
Accept-Encoding: identity
Content-Type: application/x-www-form-urlencoded; charset=utf-8
User-Agent: aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v657 source/x86_64.debian.12 prompt/off command/redshift.describe-clusters
X-Amz-Date: 20261128T083447Z
Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=02404816be36723adcd3c00c3e9de4a62e536249f639c61e43edca729153fa5e
Content-Length: 173

Action=DescribeClusters&Version=2012-12-01&MaxRecords=20&Marker=abc%2Fdef%2B%3D&TagKeys.TagKey.1=env&TagKeys.TagKey.2=team&TagValues.TagValue.1=dev&TagValues.TagValue.2=prod)http";

// awscli v1 1.45.11 — ModifyClusterParameterGroup
constexpr std::string_view kCliV1ModifyClusterParameterGroup = R"http(POST / HTTP/1.1
Host: 127.0.0.1:18081
Accept-Encoding: identity
Content-Type: application/x-www-form-urlencoded; charset=utf-8
User-Agent: aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/N,Z,g,D,b cfg/retry-mode#legacy botocore/1.43.11
X-Amz-Date: 20261128T083441Z
Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=b19c8f4fb9d4b25728eaaa973ece779da914baf0daf06c5b4de2abc01e3795fe
amz-sdk-invocation-id: 4fc30d58-5c2c-4e78-b62c-10620adca5a2
amz-sdk-request: attempt=1
Content-Length: 367

Action=ModifyClusterParameterGroup&Version=2012-12-01&ParameterGroupName=my-pg&Parameters.Parameter.1.ParameterName=enable_user_activity_logging&Parameters.Parameter.1.ParameterValue=true&Parameters.Parameter.1.ApplyType=static&Parameters.Parameter.1.IsModifiable=true&Parameters.Parameter.2.ParameterName=statement_timeout&Parameters.Parameter.2.ParameterValue=60000)http";

// boto3 — CreateTags (same body as the JS example in section 3)
constexpr std::string_view kBoto3CreateTags = R"http(POST / HTTP/1.1
Host: 127.0.0.1:18080
Accept-Encoding: identity
Content-Type: application/x-www-form-urlencoded; charset=utf-8
User-Agent: Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/e,b,N,D,Z cfg/retry-mode#legacy Botocore/1.43.11
X-Amz-Date: 20261128T083424Z
Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=b10b2ab0974935956dc93817f569442c12ee19757eb01c62fee4c729bb0137fa
amz-sdk-invocation-id: 2c546403-44e6-4114-8ef3-a8c2c9f46d51
amz-sdk-request: attempt=1
Content-Length: 158

Action=CreateTags&Version=2012-12-01&ResourceName=arn%3Aaws%3Aredshift%3Aus-east-1%3A123456789012%3Acluster%3Amy-cluster&Tags.Tag.1.Key=k1&Tags.Tag.1.Value=v1)http";

// boto3 — IAM CreateUser
constexpr std::string_view kBoto3IamCreateUser = R"http(POST / HTTP/1.1
Host: 127.0.0.1:18080
Accept-Encoding: identity
Content-Type: application/x-www-form-urlencoded; charset=utf-8
User-Agent: Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/e,b,N,D,Z cfg/retry-mode#legacy Botocore/1.43.11
X-Amz-Date: 20261128T083424Z
Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=1ec1af7f15a1e952cc786007df0d2359fe2432d766e9c0331a4ee7a674c247ca
amz-sdk-invocation-id: d4be7a69-2d45-47c1-ae71-ac2376bc48f0
amz-sdk-request: attempt=1
Content-Length: 111

Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Feng%2F&Tags.member.1.Key=dept&Tags.member.1.Value=x)http";

// boto3 — IAM PutUserPolicy
constexpr std::string_view kBoto3IamPutUserPolicy = R"http(POST / HTTP/1.1
Host: 127.0.0.1:18080
Accept-Encoding: identity
Content-Type: application/x-www-form-urlencoded; charset=utf-8
User-Agent: Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/e,b,N,D,Z cfg/retry-mode#legacy Botocore/1.43.11
X-Amz-Date: 20261128T083424Z
Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=2190fc802af64ad13276885aa53bf0c5aa4e656170b22ece8a905837a076c93e
amz-sdk-invocation-id: ead578c1-cea9-4b17-8523-eaa1095c6698
amz-sdk-request: attempt=1
Content-Length: 248

Action=PutUserPolicy&Version=2010-05-08&UserName=alice&PolicyName=p1&PolicyDocument=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22redshift%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D)http";

// JS SDK v3 (client-iam) — IAM CreateAccessKey
constexpr std::string_view kJsIamCreateAccessKey = R"http(POST / HTTP/1.1
content-type: application/x-www-form-urlencoded
content-length: 56
x-amz-user-agent: aws-sdk-js/3.1168.0
user-agent: aws-sdk-js/3.1168.0 ua/2.1 os/linux#6.18.44-fc-v657 lang/js md/nodejs#20.20.2 api/iam#3.1168.0 m/N,E,e
host: 127.0.0.1:18083
amz-sdk-invocation-id: 95dde58b-b403-4329-8f3c-e87f05bce127
amz-sdk-request: attempt=1; max=3
x-amz-date: 20261128T083507Z
x-amz-content-sha256: 28db4ce6eda05cdd85320c9ebfc25608ef080e9834759246eae3accbf3021525
authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/iam/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent, Signature=e335adf196ba7ce92aac246af2ab9b36b7ad90864a0ab4813d2ddd284871d0be
Connection: keep-alive

Action=CreateAccessKey&Version=2010-05-08&UserName=alice)http";

// JS SDK v3 (client-sts 3.1177.0) — STS AssumeRole
constexpr std::string_view kJsStsAssumeRole = R"http(POST / HTTP/1.1
content-type: application/x-www-form-urlencoded
content-length: 260
x-amz-user-agent: aws-sdk-js/3.1176.0
user-agent: aws-sdk-js/3.1176.0 ua/2.1 os/linux#6.18.44-fc-v657 lang/js md/nodejs#20.20.2 api/sts#3.1176.0 m/N,E,e
host: 127.0.0.1:18083
amz-sdk-invocation-id: 2af0790f-8167-4a0a-a33c-5df94832ebec
amz-sdk-request: attempt=1; max=3
x-amz-date: 20261128T083507Z
x-amz-content-sha256: d7cb711526340a04eb73d7b93e530f0656ae34b1dd5cfa8d5ec7e2f5010ad107
authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/sts/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent, Signature=895e241da12e5317faa3ae4e3a24d5f7365341be9eeefff4c8d56ace2cb50b19
Connection: keep-alive

Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRedshiftRole1&RoleSessionName=sess1&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess&DurationSeconds=900&Tags.member.1.Key=a&Tags.member.1.Value=b)http";

// boto3 — STS GetCallerIdentity with temporary credentials, region eu-west-1
constexpr std::string_view kBoto3StsGetCallerIdentityTemporary = R"http(POST / HTTP/1.1
Host: 127.0.0.1:18080
Accept-Encoding: identity
Content-Type: application/x-www-form-urlencoded; charset=utf-8
User-Agent: Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/e,b,N,D,Z cfg/retry-mode#legacy Botocore/1.43.11
X-Amz-Date: 20261128T083424Z
X-Amz-Security-Token: FQoGZXIvYXdzEJr//////////wEaDTESTTOKEN==
Authorization: AWS4-HMAC-SHA256 Credential=ASIAXXXXTEMPKEY/20261128/eu-west-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=c889913c8102095b54c6fc0cfd5f062af547714ac5a23e4144313eff35ce6b7e
amz-sdk-invocation-id: a5606026-2645-4eab-af0d-1c493dbab43b
amz-sdk-request: attempt=1
Content-Length: 43

Action=GetCallerIdentity&Version=2011-06-15)http";

// The worked example's intermediate values (query-protocol.md §3).
constexpr std::string_view kWorkedCanonicalRequest = R"cr(POST
/

amz-sdk-invocation-id:62e3e580-5de5-46dc-9cbc-1aa58832ca63
amz-sdk-request:attempt=1; max=3
content-length:158
content-type:application/x-www-form-urlencoded
host:127.0.0.1:18083
x-amz-content-sha256:2f9371228abe69050d814bd26747b6be015ea16ec7b071db46bf6f8e9524dc00
x-amz-date:20261128T083507Z
x-amz-user-agent:aws-sdk-js/3.1168.0

amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent
2f9371228abe69050d814bd26747b6be015ea16ec7b071db46bf6f8e9524dc00)cr";
constexpr std::string_view kWorkedCanonicalRequestHash =
    "9c5ac25631dc906be0e09cd22155e47cc1b49f0765d94ccee420db69cd74e12b";
constexpr std::string_view kWorkedStringToSign = R"sts(AWS4-HMAC-SHA256
20261128T083507Z
20261128/us-east-1/redshift/aws4_request
9c5ac25631dc906be0e09cd22155e47cc1b49f0765d94ccee420db69cd74e12b)sts";
constexpr std::string_view kWorkedKDate =
    "7ed509944c51d579e382ef9c93e0a5bb995e546b7d7659f6d3d579b1647e5769";
constexpr std::string_view kWorkedKRegion =
    "45d7e28f59d8dfc4158e6f6949029fcb2b0cb470a871c98ec76269fac936011b";
constexpr std::string_view kWorkedKService =
    "9fb031f999964551bcad72f13106a1e2c27a3c0dbd49f6e06a9718f53b384a3b";
constexpr std::string_view kWorkedKSigning =
    "c0d8af421317870e5aa167eeb79a17643a8e54b818dd7b706e918ddfca3143ea";
constexpr std::string_view kWorkedSignature =
    "3805e251f44a61138411d1315ea9423dc7f7c4e2b7e098f626187d264c98bbb1";

// Turns a raw HTTP/1.1 request into an HttpRequest the way the server does:
// header names lower-cased, optional whitespace before the value dropped.
HttpRequest ParseRaw(std::string_view raw) {
  HttpRequest request;
  const size_t head_end = raw.find("\n\n");
  REQUIRE(head_end != std::string_view::npos);
  request.body = std::string(raw.substr(head_end + 2));
  std::string_view head = raw.substr(0, head_end);
  const size_t line_end = head.find('\n');
  const std::string_view request_line = head.substr(0, line_end);
  const size_t sp1 = request_line.find(' ');
  const size_t sp2 = request_line.find(' ', sp1 + 1);
  request.method = std::string(request_line.substr(0, sp1));
  request.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  head = head.substr(line_end + 1);
  while (!head.empty()) {
    size_t end = head.find('\n');
    if (end == std::string_view::npos) end = head.size();
    const std::string_view line = head.substr(0, end);
    const size_t colon = line.find(':');
    REQUIRE(colon != std::string_view::npos);
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.emplace_back(std::move(name), std::string(value));
    head = end < head.size() ? head.substr(end + 1) : std::string_view();
  }
  return request;
}

std::string Hex(const uint8_t* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0xf]);
  }
  return out;
}

std::string Hex(const std::array<uint8_t, 32>& key) { return Hex(key.data(), key.size()); }

// One HMAC-SHA256 step, straight from libcrypto, to check the reference's
// intermediate keys independently of DeriveSigningKey.
std::vector<uint8_t> Hmac(const std::vector<uint8_t>& key, std::string_view data) {
  std::vector<uint8_t> out(32);
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &size);
  return out;
}

void SetHeader(HttpRequest* request, std::string_view name, std::string value) {
  for (auto& header : request->headers) {
    if (header.first == name) {
      header.second = std::move(value);
      return;
    }
  }
  request->headers.emplace_back(std::string(name), std::move(value));
}

void RemoveHeader(HttpRequest* request, std::string_view name) {
  std::erase_if(request->headers, [&](const auto& header) { return header.first == name; });
}

void CheckError(const Status& status, std::string_view error) {
  CHECK_FALSE(status.ok());
  CHECK(status.IsAwsError());
  CHECK(status.error() == error);
  CHECK_FALSE(status.message().empty());
}

// A request with the given Authorization header and a matching X-Amz-Date.
HttpRequest WithAuthorization(std::string authorization) {
  HttpRequest request = ParseRaw(kBoto3CreateTags);
  SetHeader(&request, "authorization", std::move(authorization));
  return request;
}

constexpr std::string_view kGoodSignature =
    "b10b2ab0974935956dc93817f569442c12ee19757eb01c62fee4c729bb0137fa";

std::string Authorization(std::string_view credential, std::string_view signed_headers,
                          std::string_view signature) {
  return "AWS4-HMAC-SHA256 Credential=" + std::string(credential) +
         ", SignedHeaders=" + std::string(signed_headers) + ", Signature=" + std::string(signature);
}

TEST_CASE("SigV4: worked example (JS CreateTags) with every intermediate value") {
  const HttpRequest request = ParseRaw(kWorkedExampleJsCreateTags);
  REQUIRE(request.body.size() == 158);
  const Result<SigV4Authorization> parsed = ParseSigV4(request);
  REQUIRE(parsed.ok());
  const SigV4Authorization& auth = *parsed;
  CHECK(auth.scope.access_key_id == "AKIAIOSFODNN7EXAMPLE");
  CHECK(auth.scope.date == "20261128");
  CHECK(auth.scope.region == "us-east-1");
  CHECK(auth.scope.service == "redshift");
  CHECK(auth.signed_headers ==
        "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;"
        "x-amz-content-sha256;x-amz-date;x-amz-user-agent");
  CHECK(auth.signed_header_names ==
        std::vector<std::string>{"amz-sdk-invocation-id", "amz-sdk-request", "content-length",
                                 "content-type", "host", "x-amz-content-sha256", "x-amz-date",
                                 "x-amz-user-agent"});
  CHECK(auth.signature == kWorkedSignature);
  CHECK(auth.amz_date == "20261128T083507Z");
  CHECK(auth.security_token.empty());

  CHECK(Sha256Hex(request.body) ==
        "2f9371228abe69050d814bd26747b6be015ea16ec7b071db46bf6f8e9524dc00");
  const std::string canonical = CanonicalRequest(request, auth);
  CHECK(canonical == kWorkedCanonicalRequest);
  CHECK(CanonicalRequest(request, auth, Sha256Hex(request.body)) == canonical);
  CHECK(Sha256Hex(canonical) == kWorkedCanonicalRequestHash);
  const std::string string_to_sign = StringToSign(auth, canonical);
  CHECK(string_to_sign == kWorkedStringToSign);

  // The reference's intermediate keys, recomputed with libcrypto directly.
  const std::string seed = "AWS4" + std::string(kSecret);
  const std::vector<uint8_t> k_date = Hmac({seed.begin(), seed.end()}, "20261128");
  const std::vector<uint8_t> k_region = Hmac(k_date, "us-east-1");
  const std::vector<uint8_t> k_service = Hmac(k_region, "redshift");
  const std::vector<uint8_t> k_signing = Hmac(k_service, "aws4_request");
  CHECK(Hex(k_date.data(), k_date.size()) == kWorkedKDate);
  CHECK(Hex(k_region.data(), k_region.size()) == kWorkedKRegion);
  CHECK(Hex(k_service.data(), k_service.size()) == kWorkedKService);
  CHECK(Hex(k_signing.data(), k_signing.size()) == kWorkedKSigning);

  const std::array<uint8_t, 32> key = DeriveSigningKey(kSecret, auth.scope);
  CHECK(Hex(key) == kWorkedKSigning);
  CHECK(SignatureHex(key, string_to_sign) == kWorkedSignature);
  CHECK(VerifySignature(request, auth, kSecret, nullptr).ok());
  SigningKeyCache cache;
  CHECK(VerifySignature(request, auth, kSecret, &cache).ok());
}

struct Capture {
  const char* name;
  std::string_view raw;
  std::string_view secret;
  const char* access_key_id;
  const char* region;
  const char* service;
};

const Capture kCaptures[] = {
    {"worked example JS CreateTags", kWorkedExampleJsCreateTags, kSecret, "AKIAIOSFODNN7EXAMPLE",
     "us-east-1", "redshift"},
    {"boto3 CreateCluster", kBoto3CreateCluster, kSecret, "AKIAIOSFODNN7EXAMPLE", "us-east-1",
     "redshift"},
    {"JS CreateCluster", kJsCreateCluster, kSecret, "AKIAIOSFODNN7EXAMPLE", "us-east-1",
     "redshift"},
    {"CLI v2 DescribeClusters", kCliV2DescribeClusters, kSecret, "AKIAIOSFODNN7EXAMPLE",
     "us-east-1", "redshift"},
    {"CLI v1 ModifyClusterParameterGroup", kCliV1ModifyClusterParameterGroup, kSecret,
     "AKIAIOSFODNN7EXAMPLE", "us-east-1", "redshift"},
    {"boto3 CreateTags", kBoto3CreateTags, kSecret, "AKIAIOSFODNN7EXAMPLE", "us-east-1",
     "redshift"},
    {"boto3 IAM CreateUser", kBoto3IamCreateUser, kSecret, "AKIAIOSFODNN7EXAMPLE", "us-east-1",
     "iam"},
    {"boto3 IAM PutUserPolicy", kBoto3IamPutUserPolicy, kSecret, "AKIAIOSFODNN7EXAMPLE",
     "us-east-1", "iam"},
    {"JS IAM CreateAccessKey", kJsIamCreateAccessKey, kSecret, "AKIAIOSFODNN7EXAMPLE", "us-east-1",
     "iam"},
    {"JS STS AssumeRole", kJsStsAssumeRole, kSecret, "AKIAIOSFODNN7EXAMPLE", "us-east-1", "sts"},
    {"boto3 STS GetCallerIdentity (temporary key)", kBoto3StsGetCallerIdentityTemporary,
     kTempSecret, "ASIAXXXXTEMPKEY", "eu-west-1", "sts"},
};

TEST_CASE("SigV4: every captured request verifies, and fails when a byte or the secret changes") {
  SigningKeyCache cache;
  for (const Capture& capture : kCaptures) {
    INFO(capture.name);
    const HttpRequest request = ParseRaw(capture.raw);
    CHECK(std::to_string(request.body.size()) == request.Header("content-length"));
    const Result<SigV4Authorization> parsed = ParseSigV4(request);
    REQUIRE(parsed.ok());
    const SigV4Authorization& auth = *parsed;
    CHECK(auth.scope.access_key_id == capture.access_key_id);
    CHECK(auth.scope.region == capture.region);
    CHECK(auth.scope.service == capture.service);

    CHECK(VerifySignature(request, auth, capture.secret, nullptr).ok());
    CHECK(VerifySignature(request, auth, capture.secret, &cache).ok());
    CHECK(VerifySignature(request, auth, capture.secret, &cache).ok());  // cached key

    // One body byte changed.
    HttpRequest tampered = request;
    tampered.body.back() = static_cast<char>(tampered.body.back() ^ 0x01);
    Status status = VerifySignature(tampered, auth, capture.secret, &cache);
    CheckError(status, "SignatureDoesNotMatch");
    if (request.HasHeader("x-amz-content-sha256")) {
      // Also fails with the declared body hash updated: that header is signed.
      SetHeader(&tampered, "x-amz-content-sha256", Sha256Hex(tampered.body));
      status = VerifySignature(tampered, auth, capture.secret, &cache);
      CheckError(status, "SignatureDoesNotMatch");
      CHECK(status.message() == kMismatchMessage);
    } else {
      CHECK(status.message() == kMismatchMessage);
    }

    // The secret changed (one character), with and without the cache.
    std::string wrong_secret(capture.secret);
    wrong_secret.back() = static_cast<char>(wrong_secret.back() ^ 0x01);
    status = VerifySignature(request, auth, wrong_secret, &cache);
    CheckError(status, "SignatureDoesNotMatch");
    CHECK(status.message() == kMismatchMessage);
    CheckError(VerifySignature(request, auth, wrong_secret, nullptr), "SignatureDoesNotMatch");

    // A signed header's value changed.
    HttpRequest other_host = request;
    SetHeader(&other_host, "host", "127.0.0.1:1");
    CheckError(VerifySignature(other_host, auth, capture.secret, &cache), "SignatureDoesNotMatch");
  }
}

TEST_CASE("SigV4: temporary credentials carry the security token") {
  const HttpRequest request = ParseRaw(kBoto3StsGetCallerIdentityTemporary);
  const Result<SigV4Authorization> parsed = ParseSigV4(request);
  REQUIRE(parsed.ok());
  CHECK(parsed->security_token == "FQoGZXIvYXdzEJr//////////wEaDTESTTOKEN==");
  CHECK(parsed->signed_header_names.back() == "x-amz-security-token");
  CHECK(VerifySignature(request, *parsed, kTempSecret, nullptr).ok());

  HttpRequest changed = request;
  SetHeader(&changed, "x-amz-security-token", "FQoGZXIvYXdzEJr//////////wEaDTESTTOKEX==");
  const Result<SigV4Authorization> changed_auth = ParseSigV4(changed);
  REQUIRE(changed_auth.ok());
  CheckError(VerifySignature(changed, *changed_auth, kTempSecret, nullptr),
             "SignatureDoesNotMatch");
}

TEST_CASE("SigV4: X-Amz-Content-Sha256 must be the body's hash") {
  HttpRequest request = ParseRaw(kJsIamCreateAccessKey);
  const Result<SigV4Authorization> auth = ParseSigV4(request);
  REQUIRE(auth.ok());
  SetHeader(&request, "x-amz-content-sha256", std::string(64, '0'));
  const Status status = VerifySignature(request, *auth, kSecret, nullptr);
  CheckError(status, "SignatureDoesNotMatch");
  CHECK(status.message().find("x-amz-content-sha256") != std::string::npos);
}

TEST_CASE("SigV4: parse errors") {
  SUBCASE("no Authorization header") {
    HttpRequest request = ParseRaw(kBoto3CreateTags);
    RemoveHeader(&request, "authorization");
    const Result<SigV4Authorization> parsed = ParseSigV4(request);
    CheckError(parsed.status(), "MissingAuthenticationToken");
    CHECK(parsed.status().message() == "Request is missing Authentication Token");
  }
  SUBCASE("other algorithm") {
    CheckError(ParseSigV4(WithAuthorization("AWS4-HMAC-SHA1 Credential=AKIAIOSFODNN7EXAMPLE/"
                                            "20261128/us-east-1/redshift/aws4_request, "
                                            "SignedHeaders=content-type;host;x-amz-date, "
                                            "Signature=" +
                                            std::string(kGoodSignature)))
                   .status(),
               "IncompleteSignature");
    CheckError(ParseSigV4(WithAuthorization("Basic dXNlcjpwYXNz")).status(), "IncompleteSignature");
    CheckError(ParseSigV4(WithAuthorization("")).status(), "IncompleteSignature");
  }
  SUBCASE("missing parts") {
    const Status status = ParseSigV4(WithAuthorization("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7"
                                                       "EXAMPLE/20261128/us-east-1/redshift/"
                                                       "aws4_request, SignedHeaders=host"))
                              .status();
    CheckError(status, "IncompleteSignature");
    CHECK(status.message().find("requires 'Signature' parameter") != std::string::npos);
    CheckError(ParseSigV4(WithAuthorization("AWS4-HMAC-SHA256")).status(), "IncompleteSignature");
    CheckError(ParseSigV4(WithAuthorization("AWS4-HMAC-SHA256 Credential")).status(),
               "IncompleteSignature");
  }
  SUBCASE("duplicate or unknown parameter") {
    const std::string good = Authorization(
        "AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/"
        "aws4_request",
        "content-type;host;x-amz-date", kGoodSignature);
    CheckError(
        ParseSigV4(WithAuthorization(good + ", Signature=" + std::string(kGoodSignature))).status(),
        "IncompleteSignature");
    CheckError(ParseSigV4(WithAuthorization(good + ", Extra=1")).status(), "IncompleteSignature");
  }
  SUBCASE("signature not 64 hex characters") {
    const std::string credential = "AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_request";
    const std::string headers = "content-type;host;x-amz-date";
    CheckError(ParseSigV4(WithAuthorization(Authorization(credential, headers, "abc123"))).status(),
               "IncompleteSignature");
    CheckError(
        ParseSigV4(WithAuthorization(Authorization(credential, headers, kGoodSignature.substr(1))))
            .status(),
        "IncompleteSignature");
    CheckError(ParseSigV4(WithAuthorization(Authorization(credential, headers,
                                                          std::string(kGoodSignature) + "0")))
                   .status(),
               "IncompleteSignature");
    CheckError(ParseSigV4(WithAuthorization(
                              Authorization(credential, headers, std::string(63, 'a') + "g")))
                   .status(),
               "IncompleteSignature");
    CheckError(ParseSigV4(WithAuthorization(Authorization(credential, headers, ""))).status(),
               "IncompleteSignature");
  }
  SUBCASE("bad credential scope") {
    const std::string headers = "content-type;host;x-amz-date";
    for (const char* credential : {
             "AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift",                 // 4 parts
             "AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_request/x",  // 6 parts
             "AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_requesT",    // terminator
             "AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/",                // terminator
             "/20261128/us-east-1/redshift/aws4_request",                        // no key id
             "AKIAIOSFODNN7EXAMPLE/2026112/us-east-1/redshift/aws4_request",     // date
             "AKIAIOSFODNN7EXAMPLE/2026-11-28/us-east-1/redshift/aws4_request",  // date
             "AKIAIOSFODNN7EXAMPLE/20261128//redshift/aws4_request",             // region
             "AKIAIOSFODNN7EXAMPLE/20261128/us-east-1//aws4_request",            // service
             "",
         }) {
      INFO(credential);
      CheckError(ParseSigV4(WithAuthorization(Authorization(credential, headers, kGoodSignature)))
                     .status(),
                 "IncompleteSignature");
    }
  }
  SUBCASE("SignedHeaders without host, or malformed") {
    const std::string credential = "AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_request";
    for (const char* headers : {"content-type;x-amz-date", "content-type;;host;x-amz-date",
                                "content-type;Host;x-amz-date", "", "content-type;hostx"}) {
      INFO(headers);
      CheckError(ParseSigV4(WithAuthorization(Authorization(credential, headers, kGoodSignature)))
                     .status(),
                 "IncompleteSignature");
    }
    const Status status = ParseSigV4(WithAuthorization(Authorization(
                                         credential, "content-type;x-amz-date", kGoodSignature)))
                              .status();
    CHECK(status.message() ==
          "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  SUBCASE("missing or malformed X-Amz-Date") {
    HttpRequest request = ParseRaw(kBoto3CreateTags);
    RemoveHeader(&request, "x-amz-date");
    CheckError(ParseSigV4(request).status(), "IncompleteSignature");
    request.headers.emplace_back("date", "Sat, 28 Nov 2026 08:34:24 GMT");  // not accepted
    CheckError(ParseSigV4(request).status(), "IncompleteSignature");
    for (const char* date :
         {"", "20261128T083424", "2026-11-28T08:34:24Z", "20261128T083424z", "20261128 083424Z",
          "20261128T243424Z", "20261128T086024Z", "20261128T083460Z", "20261328T083424Z",
          "20261131T083424Z", "20261128T083424ZZ"}) {
      INFO(date);
      HttpRequest bad = ParseRaw(kBoto3CreateTags);
      SetHeader(&bad, "x-amz-date", date);
      CheckError(ParseSigV4(bad).status(), "IncompleteSignature");
    }
  }
  SUBCASE("X-Amz-Date on another day than the scope") {
    HttpRequest request = ParseRaw(kBoto3CreateTags);
    SetHeader(&request, "x-amz-date", "20261129T083424Z");
    const Status status = ParseSigV4(request).status();
    CheckError(status, "SignatureDoesNotMatch");
    CHECK(status.message() ==
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
          "HTTP: '20261128' != '20261129', from '20261129T083424Z'.");
  }
}

TEST_CASE("SigV4: Authorization parsing tolerates whitespace and upper-case hex") {
  const HttpRequest original = ParseRaw(kBoto3CreateTags);
  const std::string credential = "AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/redshift/aws4_request";
  for (const std::string& header : {
           "AWS4-HMAC-SHA256 Credential=" + credential +
               ",SignedHeaders=content-type;host;x-amz-date,Signature=" +
               std::string(kGoodSignature),
           "  AWS4-HMAC-SHA256   Credential=" + credential +
               ",   SignedHeaders=content-type;host;x-amz-date ,\tSignature=" +
               std::string(kGoodSignature) + "  ",
           "AWS4-HMAC-SHA256 Signature=" + std::string(kGoodSignature) +
               ", Credential=" + credential + ", SignedHeaders=content-type;host;x-amz-date",
           "AWS4-HMAC-SHA256 Credential=" + credential +
               ", SignedHeaders=content-type;host;x-amz-date, Signature=" +
               "B10B2AB0974935956DC93817F569442C12EE19757EB01C62FEE4C729BB0137FA",
       }) {
    INFO(header);
    HttpRequest request = original;
    SetHeader(&request, "authorization", header);
    const Result<SigV4Authorization> parsed = ParseSigV4(request);
    REQUIRE(parsed.ok());
    CHECK(parsed->signature == kGoodSignature);
    CHECK(parsed->signed_headers == "content-type;host;x-amz-date");
    CHECK(VerifySignature(request, *parsed, kSecret, nullptr).ok());
  }
}

SigV4Authorization AuthFor(std::vector<std::string> names) {
  SigV4Authorization auth;
  auth.scope = {"AKIAIOSFODNN7EXAMPLE", "20261128", "us-east-1", "redshift"};
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) auth.signed_headers += ';';
    auth.signed_headers += names[i];
  }
  auth.signed_header_names = std::move(names);
  auth.amz_date = "20261128T083424Z";
  return auth;
}

// The second line (canonical URI) and third line (canonical query) of the
// canonical request for a bodiless request to `target`.
std::pair<std::string, std::string> UriAndQuery(std::string target) {
  HttpRequest request;
  request.method = "GET";
  request.target = std::move(target);
  request.headers.emplace_back("host", "h");
  const std::string canonical = CanonicalRequest(request, AuthFor({"host"}));
  const size_t first = canonical.find('\n');
  const size_t second = canonical.find('\n', first + 1);
  const size_t third = canonical.find('\n', second + 1);
  return {canonical.substr(first + 1, second - first - 1),
          canonical.substr(second + 1, third - second - 1)};
}

TEST_CASE("SigV4: canonical query string sorting and encoding") {
  CHECK(UriAndQuery("/?Version=2012-12-01&Action=DescribeClusters&Marker=a%2Fb+c").second ==
        "Action=DescribeClusters&Marker=a%2Fb%20c&Version=2012-12-01");
  CHECK(UriAndQuery("/").second.empty());
  CHECK(UriAndQuery("/?").second.empty());
  // Repeated keys sort by value; a key without '=' has an empty value.
  CHECK(UriAndQuery("/?b=2&a=z&a=y&flag&c=").second == "a=y&a=z&b=2&c=&flag=");
  // Decoded then re-encoded: unreserved kept, everything else upper-case %XX.
  CHECK(UriAndQuery("/?k=%7e%2f%2F*'()!%20 é&%41=1").second ==
        "A=1&k=~%2F%2F%2A%27%28%29%21%20%20%C3%A9");
  // A malformed escape stays literal (its '%' encoded).
  CHECK(UriAndQuery("/?k=100%&j=%zz").second == "j=%25zz&k=100%25");
  // Sorted on the encoded form (code point order).
  CHECK(UriAndQuery("/?a-b=1&a%20b=2&A=3").second == "A=3&a%20b=2&a-b=1");
  // Stray '&' ignored.
  CHECK(UriAndQuery("/?&a=1&&b=2&").second == "a=1&b=2");
}

TEST_CASE("SigV4: canonical URI") {
  CHECK(UriAndQuery("").first == "/");
  CHECK(UriAndQuery("/").first == "/");
  CHECK(UriAndQuery("/?Action=X").first == "/");
  CHECK(UriAndQuery("/redshift").first == "/redshift");
  CHECK(UriAndQuery("/redshift/").first == "/redshift/");
  CHECK(UriAndQuery("/a//b/./c/../d").first == "/a/b/d");
  CHECK(UriAndQuery("/a/..").first == "/");
  CHECK(UriAndQuery("//").first == "/");
  // The path as received is encoded once more (non-S3 rule), never decoded.
  CHECK(UriAndQuery("/a%20b/c~d").first == "/a%2520b/c~d");
  CHECK(UriAndQuery("/a b").first == "/a%20b");
}

TEST_CASE("SigV4: canonical headers") {
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.body = "Action=X";
  request.headers = {{"host", " 127.0.0.1:1 "},
                     {"x-multi", "a"},
                     {"x-spaces", "  a   b \t c  "},
                     {"x-multi", " b  c "},
                     {"x-ignored", "zzz"}};
  const std::string canonical =
      CanonicalRequest(request, AuthFor({"host", "x-absent", "x-multi", "x-spaces"}));
  CHECK(canonical ==
        "POST\n/\n\nhost:127.0.0.1:1\nx-absent:\nx-multi:a,b c\nx-spaces:a b c\n\n"
        "host;x-absent;x-multi;x-spaces\n" +
            Sha256Hex("Action=X"));
}

TEST_CASE("SigV4: Sha256Hex") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("SigV4: signing key cache") {
  SigningKeyCache cache;
  const CredentialScope scope{"AKIAIOSFODNN7EXAMPLE", "20261128", "us-east-1", "redshift"};
  const std::array<uint8_t, 32> first = cache.Get(kSecret, scope);
  CHECK(Hex(first) == kWorkedKSigning);
  CHECK(cache.Get(kSecret, scope) == first);
  CHECK(cache.Size() == 1);

  // A changed secret for the same key id and scope never reuses the old key.
  const std::array<uint8_t, 32> rotated = cache.Get("another-secret", scope);
  CHECK(rotated != first);
  CHECK(rotated == DeriveSigningKey("another-secret", scope));
  CHECK(cache.Size() == 2);
  CHECK(cache.Get(kSecret, scope) == first);

  CredentialScope next_day = scope;
  next_day.date = "20261129";
  CHECK(cache.Get(kSecret, next_day) != first);
  CredentialScope iam = scope;
  iam.service = "iam";
  CHECK(cache.Get(kSecret, iam) != first);
  CHECK(cache.Size() == 4);

  // Bounded.
  CredentialScope many = scope;
  for (size_t i = 0; i <= SigningKeyCache::kMaxEntries; ++i) {
    many.access_key_id = "AKID" + std::to_string(i);
    cache.Get(kSecret, many);
  }
  CHECK(cache.Size() <= SigningKeyCache::kMaxEntries);
  CHECK(cache.Get(kSecret, scope) == first);
}

TEST_CASE("SigV4: ParseAmzDateMillis and CheckRequestTime") {
  constexpr int64_t kSent = 1795854864000;  // 2026-11-28T08:34:24Z
  constexpr int64_t kMinute = 60 * 1000;
  CHECK(ParseAmzDateMillis("20261128T083424Z") == kSent);
  CHECK(ParseAmzDateMillis("19700101T000000Z") == 0);
  CHECK(ParseAmzDateMillis("20240229T235959Z").has_value());
  CHECK_FALSE(ParseAmzDateMillis("20230229T000000Z").has_value());
  CHECK_FALSE(ParseAmzDateMillis("2026-11-28T08:34:24Z").has_value());

  SigV4Authorization auth;
  auth.amz_date = "20261128T083424Z";
  CHECK(CheckRequestTime(auth, kSent, 15 * kMinute).ok());
  CHECK(CheckRequestTime(auth, kSent + 15 * kMinute, 15 * kMinute).ok());
  CHECK(CheckRequestTime(auth, kSent - 15 * kMinute, 15 * kMinute).ok());

  Status status = CheckRequestTime(auth, kSent + 15 * kMinute + 1000, 15 * kMinute);
  CheckError(status, "SignatureDoesNotMatch");
  CHECK(status.message() ==
        "Signature expired: 20261128T083424Z is now earlier than 20261128T083425Z "
        "(20261128T084925Z - 15 min.)");

  status = CheckRequestTime(auth, kSent - 16 * kMinute, 15 * kMinute);
  CheckError(status, "SignatureDoesNotMatch");
  CHECK(status.message() ==
        "Signature not yet current: 20261128T083424Z is still later than 20261128T083324Z "
        "(20261128T081824Z + 15 min.)");

  // The captured requests are from 2026; with a long enough window they pass.
  const Result<SigV4Authorization> parsed = ParseSigV4(ParseRaw(kBoto3CreateCluster));
  REQUIRE(parsed.ok());
  CHECK(CheckRequestTime(*parsed, kSent + 5 * kMinute, 15 * kMinute).ok());
  CheckError(CheckRequestTime(*parsed, kSent + 60 * kMinute, 15 * kMinute),
             "SignatureDoesNotMatch");

  auth.amz_date = "garbage";
  CheckError(CheckRequestTime(auth, kSent, 15 * kMinute), "IncompleteSignature");
}

}  // namespace
}  // namespace rsemu::api
