// In-process tests of the parameter group handlers: create/describe/delete,
// parameters (describe, modify, reset, defaults), validation and pagination.
#include "tests/api/part2_harness.h"

namespace rsemu::api::part2 {

TEST_CASE("parameter groups: create, describe with the implicit default, tags, delete") {
  Part2Harness h;
  std::string body = h.Ok("DescribeClusterParameterGroups");
  CHECK(All(body, "ParameterGroupName") == std::vector<std::string>{"default.redshift-1.0"});
  CHECK(Has(body, "<Description>Default parameter group for redshift-1.0</Description>"));

  body = h.Ok("CreateClusterParameterGroup",
              "&ParameterGroupName=My-Group&ParameterGroupFamily=redshift-1.0"
              "&Description=mine&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev");
  CHECK(First(body, "ParameterGroupName") == "my-group");
  CHECK(First(body, "ParameterGroupFamily") == "redshift-1.0");
  CHECK(Has(body, "<Key>env</Key>"));
  body = h.Ok("DescribeClusterParameterGroups");
  CHECK(All(body, "ParameterGroupName") ==
        std::vector<std::string>{"default.redshift-1.0", "my-group"});
  body = h.Ok("DescribeClusterParameterGroups", "&TagKeys.TagKey.1=env");
  CHECK(All(body, "ParameterGroupName") == std::vector<std::string>{"my-group"});
  body = h.Ok("DescribeClusterParameterGroups", "&ParameterGroupName=MY-GROUP");
  CHECK(All(body, "ParameterGroupName") == std::vector<std::string>{"my-group"});
  body = h.Ok("DescribeClusterParameterGroups", "&ParameterGroupName=default.redshift-1.0");
  CHECK(Count(body, "<ParameterGroupName>") == 1);

  h.Fails("CreateClusterParameterGroup",
          "&ParameterGroupName=my-group&ParameterGroupFamily=redshift-1.0&Description=x",
          "ClusterParameterGroupAlreadyExists");
  h.Fails("DescribeClusterParameterGroups", "&ParameterGroupName=nope",
          "ClusterParameterGroupNotFound", 404);
  h.Fails("DeleteClusterParameterGroup", "&ParameterGroupName=default.redshift-1.0",
          "InvalidClusterParameterGroupState");
  h.Ok("DeleteClusterParameterGroup", "&ParameterGroupName=my-group");
  h.Fails("DeleteClusterParameterGroup", "&ParameterGroupName=my-group",
          "ClusterParameterGroupNotFound", 404);

  body = h.Ok("DescribeEvents", "&SourceType=cluster-parameter-group");
  CHECK(All(body, "EventId") ==
        std::vector<std::string>{"REDSHIFT-EVENT-1003", "REDSHIFT-EVENT-1004"});
}

TEST_CASE("parameter groups: name, family, tag and quota validation") {
  Part2Harness h;
  for (const std::string& name :
       std::vector<std::string>{"1abc", "a--b", "ab-", "a_b", std::string(256, 'a')}) {
    CAPTURE(name);
    h.Fails("CreateClusterParameterGroup",
            "&ParameterGroupName=" + name + "&ParameterGroupFamily=redshift-1.0&Description=x",
            "InvalidParameterValue");
  }
  h.Fails("CreateClusterParameterGroup",
          "&ParameterGroupName=g&ParameterGroupFamily=postgres9&Description=x",
          "InvalidParameterValue");
  h.Fails("CreateClusterParameterGroup", "&ParameterGroupName=g&ParameterGroupFamily=redshift-1.0",
          "MissingParameter");
  h.Fails("CreateClusterParameterGroup",
          "&ParameterGroupName=g&ParameterGroupFamily=redshift-1.0&Description=x"
          "&Tags.Tag.1.Key=aws:x&Tags.Tag.1.Value=y",
          "InvalidTagFault");
  for (int i = 0; i < 20; ++i) {
    h.Ok("CreateClusterParameterGroup", "&ParameterGroupName=g" + std::to_string(100 + i) +
                                            "&ParameterGroupFamily=redshift-1.0&Description=x");
  }
  h.Fails("CreateClusterParameterGroup",
          "&ParameterGroupName=g-last&ParameterGroupFamily=redshift-1.0&Description=x",
          "ClusterParameterGroupQuotaExceeded");

  // Pagination: 21 groups (with the default), pages of 20 then 1; markers reusable.
  std::string first = h.Ok("DescribeClusterParameterGroups", "&MaxRecords=20");
  CHECK(Count(first, "<ParameterGroupName>") == 20);
  CHECK(First(first, "ParameterGroupName") == "default.redshift-1.0");
  std::string marker = First(first, "Marker");
  REQUIRE_FALSE(marker.empty());
  std::string second = h.Ok("DescribeClusterParameterGroups", "&Marker=" + Encode(marker));
  CHECK(All(second, "ParameterGroupName") == std::vector<std::string>{"g119"});
  CHECK_FALSE(Has(second, "<Marker>"));
  CHECK(All(h.Ok("DescribeClusterParameterGroups", "&Marker=" + Encode(marker)),
            "ParameterGroupName") == All(second, "ParameterGroupName"));
  h.Fails("DescribeClusterParameterGroups", "&MaxRecords=19", "InvalidParameterValue");
  h.Fails("DescribeClusterParameterGroups", "&Marker=garbage", "InvalidParameterValue");
}

TEST_CASE("parameter groups: parameters, defaults, modify and reset") {
  Part2Harness h;
  std::string body = h.Ok("DescribeDefaultClusterParameters", "&ParameterGroupFamily=redshift-1.0");
  std::vector<std::string> names = All(body, "ParameterName");
  CHECK(names.size() == 14);
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(Has(body, "<ParameterGroupFamily>redshift-1.0</ParameterGroupFamily>"));
  CHECK(Has(body, "<AllowedValues>0,100-2147483647</AllowedValues>"));
  CHECK(Count(body, "<Source>engine-default</Source>") == 14);
  h.Fails("DescribeDefaultClusterParameters", "&ParameterGroupFamily=x", "InvalidParameterValue");
  std::string page =
      h.Ok("DescribeDefaultClusterParameters", "&ParameterGroupFamily=redshift-1.0&MaxRecords=20");
  CHECK_FALSE(Has(page, "<Marker>"));

  h.Ok("CreateClusterParameterGroup",
       "&ParameterGroupName=pg&ParameterGroupFamily=redshift-1.0&Description=x");
  body = h.Ok("ModifyClusterParameterGroup",
              "&ParameterGroupName=pg"
              "&Parameters.Parameter.1.ParameterName=statement_timeout"
              "&Parameters.Parameter.1.ParameterValue=5000"
              "&Parameters.Parameter.2.ParameterName=wlm_json_configuration"
              "&Parameters.Parameter.2.ParameterValue=%5B%7B%22query_concurrency%22%3A5%7D%5D"
              "&Parameters.Parameter.2.ApplyType=dynamic"
              "&Parameters.Parameter.3.ParameterName=require_ssl"
              "&Parameters.Parameter.3.ParameterValue=true");
  CHECK(First(body, "ParameterGroupName") == "pg");
  CHECK(Has(First(body, "ParameterGroupStatus"), "Your parameter group has been updated."));
  body = h.Ok("DescribeClusterParameters", "&ParameterGroupName=pg&Source=user");
  CHECK(All(body, "ParameterName") ==
        std::vector<std::string>{"require_ssl", "statement_timeout", "wlm_json_configuration"});
  CHECK(Has(body, "<ParameterValue>5000</ParameterValue>"));
  body = h.Ok("DescribeClusterParameters", "&ParameterGroupName=pg&Source=engine-default");
  CHECK(Count(body, "<ParameterName>") == 11);
  h.Fails("DescribeClusterParameters", "&ParameterGroupName=pg&Source=system",
          "InvalidParameterValue");
  h.Fails("DescribeClusterParameters", "&ParameterGroupName=zz", "ClusterParameterGroupNotFound",
          404);
  body = h.Ok("DescribeClusterParameters", "&ParameterGroupName=default.redshift-1.0");
  CHECK(Count(body, "<Source>engine-default</Source>") == 14);

  struct Bad {
    std::string name, value;
  };
  for (const Bad& bad : std::vector<Bad>{{"nope", "1"},
                                         {"require_ssl", "yes"},
                                         {"statement_timeout", "50"},
                                         {"statement_timeout", "abc"},
                                         {"extra_float_digits", "3"},
                                         {"max_concurrency_scaling_clusters", "11"},
                                         {"wlm_json_configuration", "not%20json"},
                                         {"wlm_json_configuration", "%7B%7D"},
                                         {"search_path", ""}}) {
    CAPTURE(bad.name);
    CAPTURE(bad.value);
    h.Fails("ModifyClusterParameterGroup",
            "&ParameterGroupName=pg&Parameters.Parameter.1.ParameterName=" + bad.name +
                "&Parameters.Parameter.1.ParameterValue=" + bad.value,
            "InvalidParameterValue");
  }
  h.Ok("ModifyClusterParameterGroup",
       "&ParameterGroupName=pg&Parameters.Parameter.1.ParameterName=extra_float_digits"
       "&Parameters.Parameter.1.ParameterValue=-15");
  h.Fails("ModifyClusterParameterGroup",
          "&ParameterGroupName=pg&Parameters.Parameter.1.ParameterName=require_ssl"
          "&Parameters.Parameter.1.ParameterValue=true&Parameters.Parameter.1.ApplyType=dynamic",
          "InvalidParameterValue");
  h.Fails("ModifyClusterParameterGroup",
          "&ParameterGroupName=pg&Parameters.Parameter.1.ParameterName=require_ssl",
          "MissingParameter");
  h.Fails("ModifyClusterParameterGroup",
          "&ParameterGroupName=default.redshift-1.0"
          "&Parameters.Parameter.1.ParameterName=require_ssl"
          "&Parameters.Parameter.1.ParameterValue=true",
          "InvalidClusterParameterGroupState");
  h.Fails("ModifyClusterParameterGroup",
          "&ParameterGroupName=zz&Parameters.Parameter.1.ParameterName=require_ssl"
          "&Parameters.Parameter.1.ParameterValue=true",
          "ClusterParameterGroupNotFound", 404);
  std::string many;
  for (int i = 1; i <= 21; ++i) {
    many += "&Parameters.Parameter." + std::to_string(i) +
            ".ParameterName=require_ssl&Parameters.Parameter." + std::to_string(i) +
            ".ParameterValue=true";
  }
  h.Fails("ModifyClusterParameterGroup", "&ParameterGroupName=pg" + many, "InvalidParameterValue");

  // Reset one, then all.
  h.Ok("ResetClusterParameterGroup",
       "&ParameterGroupName=pg&ResetAllParameters=false"
       "&Parameters.Parameter.1.ParameterName=require_ssl");
  body = h.Ok("DescribeClusterParameters", "&ParameterGroupName=pg&Source=user");
  CHECK(All(body, "ParameterName") == std::vector<std::string>{"extra_float_digits",
                                                               "statement_timeout",
                                                               "wlm_json_configuration"});
  h.Ok("ResetClusterParameterGroup",
       "&ParameterGroupName=pg&Parameters.Parameter.1.ParameterName=statement_timeout"
       "&Parameters.Parameter.2.ParameterName=extra_float_digits");
  body = h.Ok("DescribeClusterParameters", "&ParameterGroupName=pg&Source=user");
  CHECK(All(body, "ParameterName") == std::vector<std::string>{"wlm_json_configuration"});
  h.Ok("ResetClusterParameterGroup", "&ParameterGroupName=pg");
  body = h.Ok("DescribeClusterParameters", "&ParameterGroupName=pg&Source=user");
  CHECK(Count(body, "<ParameterName>") == 0);
  h.Fails("ResetClusterParameterGroup", "&ParameterGroupName=pg&ResetAllParameters=false",
          "MissingParameter");
  h.Fails("ResetClusterParameterGroup",
          "&ParameterGroupName=pg&ResetAllParameters=true"
          "&Parameters.Parameter.1.ParameterName=require_ssl",
          "InvalidParameterCombination");
  h.Fails("ResetClusterParameterGroup",
          "&ParameterGroupName=pg&Parameters.Parameter.1.ParameterName=bogus",
          "InvalidParameterValue");
  h.Fails("ResetClusterParameterGroup", "&ParameterGroupName=default.redshift-1.0",
          "InvalidClusterParameterGroupState");
}

TEST_CASE("parameter groups: a group used by a cluster cannot be deleted and goes pending-reboot") {
  Part2Harness h;
  h.Ok("CreateClusterParameterGroup",
       "&ParameterGroupName=used&ParameterGroupFamily=redshift-1.0&Description=x");
  h.Fails("CreateCluster",
          std::string("&ClusterIdentifier=c1&ClusterParameterGroupName=missing") + kClusterParams,
          "ClusterParameterGroupNotFound", 404);
  h.Ok("CreateCluster",
       std::string("&ClusterIdentifier=c1&ClusterParameterGroupName=used") + kClusterParams);
  h.Fails("DeleteClusterParameterGroup", "&ParameterGroupName=used",
          "InvalidClusterParameterGroupState");
  h.Ok("ModifyClusterParameterGroup",
       "&ParameterGroupName=used&Parameters.Parameter.1.ParameterName=require_ssl"
       "&Parameters.Parameter.1.ParameterValue=true");
  std::string body = h.Ok("DescribeClusters", "&ClusterIdentifier=c1");
  CHECK(Has(body, "<ParameterApplyStatus>pending-reboot</ParameterApplyStatus>"));
  h.Ok("DeleteCluster", "&ClusterIdentifier=c1&SkipFinalClusterSnapshot=true");
  h.Ok("DeleteClusterParameterGroup", "&ParameterGroupName=used");
}

}  // namespace rsemu::api::part2
