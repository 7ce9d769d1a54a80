// In-process tests of the snapshot copy grant handlers and DescribeAccountAttributes.
#include "tests/api/part2_harness.h"

namespace rsemu::api::part2 {

TEST_CASE("snapshot copy grants: create, describe, delete, validation") {
  Part2Harness h;
  std::string body = h.Ok("CreateSnapshotCopyGrant",
                          "&SnapshotCopyGrantName=grant-1"
                          "&KmsKeyId=1234abcd-12ab-34cd-56ef-1234567890ab"
                          "&Tags.Tag.1.Key=a&Tags.Tag.1.Value=b");
  CHECK(First(body, "SnapshotCopyGrantName") == "grant-1");
  CHECK(First(body, "KmsKeyId") == "1234abcd-12ab-34cd-56ef-1234567890ab");
  CHECK(Has(body, "<Key>a</Key>"));
  body = h.Ok("CreateSnapshotCopyGrant", "&SnapshotCopyGrantName=grant-2");
  CHECK(First(body, "KmsKeyId") == "arn:aws:kms:us-east-1:123456789012:alias/aws/redshift");
  h.Ok("CreateSnapshotCopyGrant",
       "&SnapshotCopyGrantName=grant-3&KmsKeyId=arn%3Aaws%3Akms%3Aus-east-1%3A123456789012%3Akey%"
       "2Fabc");
  h.Fails("CreateSnapshotCopyGrant", "&SnapshotCopyGrantName=grant-1",
          "SnapshotCopyGrantAlreadyExistsFault");
  h.Fails("CreateSnapshotCopyGrant", "&SnapshotCopyGrantName=Grant", "InvalidParameterValue");
  h.Fails("CreateSnapshotCopyGrant", "&SnapshotCopyGrantName=" + std::string(64, 'g'),
          "InvalidParameterValue");
  h.Fails("CreateSnapshotCopyGrant", "&SnapshotCopyGrantName=g4&KmsKeyId=not-a-key",
          "InvalidParameterValue");
  body = h.Ok("DescribeSnapshotCopyGrants");
  CHECK(All(body, "SnapshotCopyGrantName") ==
        std::vector<std::string>{"grant-1", "grant-2", "grant-3"});
  body = h.Ok("DescribeSnapshotCopyGrants", "&SnapshotCopyGrantName=grant-2");
  CHECK(Count(body, "<SnapshotCopyGrantName>") == 1);
  body = h.Ok("DescribeSnapshotCopyGrants", "&TagValues.TagValue.1=b");
  CHECK(All(body, "SnapshotCopyGrantName") == std::vector<std::string>{"grant-1"});
  h.Fails("DescribeSnapshotCopyGrants", "&SnapshotCopyGrantName=zz",
          "SnapshotCopyGrantNotFoundFault");
  h.Ok("DeleteSnapshotCopyGrant", "&SnapshotCopyGrantName=grant-1");
  h.Fails("DeleteSnapshotCopyGrant", "&SnapshotCopyGrantName=grant-1",
          "SnapshotCopyGrantNotFoundFault");
  for (int i = 0; i < 18; ++i) {
    h.Ok("CreateSnapshotCopyGrant", "&SnapshotCopyGrantName=q" + std::to_string(i));
  }
  h.Fails("CreateSnapshotCopyGrant", "&SnapshotCopyGrantName=over",
          "SnapshotCopyGrantQuotaExceededFault");
}

TEST_CASE("DescribeAccountAttributes: all attributes or the requested ones") {
  Part2Harness h;
  std::string body = h.Ok("DescribeAccountAttributes");
  CHECK(All(body, "AttributeName") ==
        std::vector<std::string>{"max-defer-maintenance-duration", "supported-platforms"});
  CHECK(All(body, "AttributeValue") == std::vector<std::string>{"45", "VPC"});
  body = h.Ok("DescribeAccountAttributes",
              "&AttributeNames.AttributeName.1=max-defer-maintenance-duration");
  CHECK(All(body, "AttributeName") == std::vector<std::string>{"max-defer-maintenance-duration"});
  body = h.Ok("DescribeAccountAttributes", "&AttributeNames.AttributeName.1=unknown");
  CHECK(Count(body, "<AttributeName>") == 0);
}

}  // namespace rsemu::api::part2
