// In-process tests of event subscriptions, DescribeEventCategories and
// DescribeEvents (filters, time window, pagination, order).
#include "tests/api/part2_harness.h"

namespace rsemu::api::part2 {

namespace {
const std::string kTopic = "&SnsTopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aalerts";
}

TEST_CASE("event subscriptions: create, describe, modify, delete") {
  Part2Harness h;
  h.Ok("CreateCluster", std::string("&ClusterIdentifier=c1") + kClusterParams);
  std::string body = h.Ok("CreateEventSubscription",
                          "&SubscriptionName=Sub-1" + kTopic +
                              "&SourceType=cluster&SourceIds.SourceId.1=c1"
                              "&EventCategories.EventCategory.1=Management&Severity=ERROR"
                              "&Tags.Tag.1.Key=k&Tags.Tag.1.Value=v");
  CHECK(First(body, "CustSubscriptionId") == "Sub-1");
  CHECK(First(body, "CustomerAwsId") == "123456789012");
  CHECK(First(body, "Status") == "active");
  CHECK(First(body, "SourceType") == "cluster");
  CHECK(All(body, "SourceId") == std::vector<std::string>{"c1"});
  CHECK(All(body, "EventCategory") == std::vector<std::string>{"management"});
  CHECK(First(body, "Severity") == "ERROR");
  CHECK(First(body, "Enabled") == "true");
  CHECK(First(body, "SubscriptionCreationTime") == "2025-11-28T08:00:00.000Z");
  CHECK(Has(body, "<Key>k</Key>"));

  h.Fails("CreateEventSubscription", "&SubscriptionName=Sub-1" + kTopic,
          "SubscriptionAlreadyExist");
  h.Fails("CreateEventSubscription",
          "&SubscriptionName=s2" + kTopic + "&SourceType=cluster&SourceIds.SourceId.1=nope",
          "SourceNotFound", 404);
  h.Fails("CreateEventSubscription", "&SubscriptionName=s2" + kTopic + "&SourceIds.SourceId.1=c1",
          "InvalidParameterCombination");
  h.Fails("CreateEventSubscription",
          "&SubscriptionName=s2" + kTopic + "&EventCategories.EventCategory.1=availability",
          "SubscriptionCategoryNotFound", 404);
  h.Fails("CreateEventSubscription",
          "&SubscriptionName=s2" + kTopic +
              "&SourceType=cluster-snapshot&EventCategories.EventCategory.1=security",
          "SubscriptionCategoryNotFound", 404);
  h.Fails("CreateEventSubscription", "&SubscriptionName=s2" + kTopic + "&Severity=WARN",
          "SubscriptionSeverityNotFound", 404);
  h.Fails("CreateEventSubscription", "&SubscriptionName=s2" + kTopic + "&SourceType=bucket",
          "InvalidParameterValue");
  h.Fails("CreateEventSubscription", "&SubscriptionName=s2&SnsTopicArn=topic", "SNSInvalidTopic");
  h.Fails("CreateEventSubscription", "&SubscriptionName=2s" + kTopic, "InvalidParameterValue");

  h.Ok("CreateClusterParameterGroup",
       "&ParameterGroupName=pg&ParameterGroupFamily=redshift-1.0&Description=x");
  body = h.Ok("ModifyEventSubscription",
              "&SubscriptionName=Sub-1&SourceType=cluster-parameter-group"
              "&SourceIds.SourceId.1=pg&SourceIds.SourceId.2=default.redshift-1.0"
              "&EventCategories.EventCategory.1=configuration&Enabled=false&Severity=info");
  CHECK(First(body, "SourceType") == "cluster-parameter-group");
  CHECK(All(body, "SourceId") == std::vector<std::string>{"pg", "default.redshift-1.0"});
  CHECK(First(body, "Enabled") == "false");
  CHECK(First(body, "Severity") == "INFO");
  h.Fails("ModifyEventSubscription", "&SubscriptionName=Sub-1&SourceType=cluster-snapshot",
          "SubscriptionCategoryNotFound", 404);
  h.Fails("ModifyEventSubscription", "&SubscriptionName=nope&Enabled=true", "SubscriptionNotFound",
          404);

  body = h.Ok("DescribeEventSubscriptions", "&SubscriptionName=Sub-1");
  CHECK(Count(body, "<CustSubscriptionId>") == 1);
  h.Fails("DescribeEventSubscriptions", "&SubscriptionName=sub-1", "SubscriptionNotFound", 404);
  for (int i = 0; i < 19; ++i) {
    h.Ok("CreateEventSubscription", "&SubscriptionName=q" + std::to_string(100 + i) + kTopic);
  }
  h.Fails("CreateEventSubscription", "&SubscriptionName=over" + kTopic,
          "EventSubscriptionQuotaExceeded");
  body = h.Ok("DescribeEventSubscriptions", "&MaxRecords=20");
  CHECK(Count(body, "<CustSubscriptionId>") == 20);
  body = h.Ok("DescribeEventSubscriptions", "&TagKeys.TagKey.1=k");
  CHECK(All(body, "CustSubscriptionId") == std::vector<std::string>{"Sub-1"});
  h.Ok("DeleteEventSubscription", "&SubscriptionName=Sub-1");
  h.Fails("DeleteEventSubscription", "&SubscriptionName=Sub-1", "SubscriptionNotFound", 404);
}

TEST_CASE("DescribeEventCategories lists the catalog per source type") {
  Part2Harness h;
  std::string body = h.Ok("DescribeEventCategories");
  CHECK(All(body, "SourceType") ==
        std::vector<std::string>{"cluster", "cluster-parameter-group", "cluster-security-group",
                                 "cluster-snapshot", "scheduled-action"});
  CHECK(Has(body, "<EventId>REDSHIFT-EVENT-2000</EventId>"));
  body = h.Ok("DescribeEventCategories", "&SourceType=cluster-snapshot");
  CHECK(All(body, "SourceType") == std::vector<std::string>{"cluster-snapshot"});
  CHECK_FALSE(Has(body, "REDSHIFT-EVENT-2000"));
  h.Fails("DescribeEventCategories", "&SourceType=bucket", "InvalidParameterValue");
}

TEST_CASE("DescribeEvents: default hour, windows, filters, order and pagination") {
  Part2Harness h;
  for (int i = 0; i < 25; ++i) {
    if (i < 13) {
      h.Ok("CreateClusterParameterGroup", "&ParameterGroupName=g" + std::to_string(10 + i) +
                                              "&ParameterGroupFamily=redshift-1.0&Description=x");
    } else {
      h.Ok("CreateClusterSecurityGroup",
           "&ClusterSecurityGroupName=s" + std::to_string(10 + i) + "&Description=x");
    }
    h.AdvanceMinutes(1);
  }
  h.Ok("CreateClusterSecurityGroup", "&ClusterSecurityGroupName=sg&Description=x");
  // Now = start + 25 min: everything is within the last hour.
  std::string body = h.Ok("DescribeEvents", "&MaxRecords=20");
  CHECK(Count(body, "<EventId>") == 20);
  CHECK(First(body, "SourceIdentifier") == "g10");
  std::string marker = First(body, "Marker");
  REQUIRE_FALSE(marker.empty());
  body = h.Ok("DescribeEvents", "&MaxRecords=20&Marker=" + Encode(marker));
  CHECK(Count(body, "<EventId>") == 6);
  CHECK(All(body, "SourceIdentifier").back() == "sg");
  CHECK_FALSE(Has(body, "<Marker>"));

  body = h.Ok("DescribeEvents", "&SourceType=cluster-security-group");
  CHECK(All(body, "SourceIdentifier").size() == 13);
  CHECK(All(body, "SourceIdentifier").front() == "s23");
  CHECK(All(body, "SourceIdentifier").back() == "sg");
  body = h.Ok("DescribeEvents", "&SourceType=cluster-parameter-group&SourceIdentifier=g12");
  CHECK(All(body, "SourceIdentifier") == std::vector<std::string>{"g12"});
  CHECK(First(body, "Date") == "2025-11-28T08:02:00.000Z");
  CHECK(Has(body, "<EventCategory>configuration</EventCategory>"));
  CHECK(Has(body, "<Severity>INFO</Severity>"));
  h.Fails("DescribeEvents", "&SourceIdentifier=g12", "InvalidParameterCombination");
  h.Fails("DescribeEvents", "&SourceType=bucket", "InvalidParameterValue");

  body = h.Ok("DescribeEvents", "&Duration=5");
  CHECK(Count(body, "<EventId>") == 6);  // 08:20..08:25
  body = h.Ok("DescribeEvents", "&StartTime=2025-11-28T08:03:00Z&EndTime=2025-11-28T08:04:00Z");
  CHECK(All(body, "SourceIdentifier") == std::vector<std::string>{"g13", "g14"});
  h.Fails("DescribeEvents", "&StartTime=2025-11-28T09:00:00Z&EndTime=2025-11-28T08:00:00Z",
          "InvalidParameterValue");
  h.AdvanceMinutes(120);
  body = h.Ok("DescribeEvents");
  CHECK(Count(body, "<EventId>") == 0);
  body = h.Ok("DescribeEvents", "&Duration=1440");
  CHECK(Count(body, "<EventId>") == 26);
}

}  // namespace rsemu::api::part2
