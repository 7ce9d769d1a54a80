"""End-to-end tests of Redshift part 2 through boto3: parameter groups, cluster
security groups and ingress, subnet groups, event subscriptions and events,
event categories, HSM certificates and configurations, snapshot copy grants
and account attributes; happy and unhappy paths, tags (incl. DescribeTags by
ResourceType), paginators, account isolation and (PersistPhase1/PersistPhase2,
run by boto3_part2.sh around a restart with --data-dir) persistence.

Run through tests/e2e/boto3_part2.sh, or by hand against a running emulator:
    RSEMU_ENDPOINT=http://127.0.0.1:PORT python3 -m unittest -v test_part2
"""

import datetime
import os
import re
import unittest

from botocore.exceptions import ClientError

import e2e_common as c

ACCOUNT = c.DEFAULT_ACCOUNT
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts"
HSM_CONFIG = dict(
    Description="hsm",
    HsmIpAddress="10.0.0.5",
    HsmPartitionName="partition-1",
    HsmPartitionPassword="secret-password",
    HsmServerPublicCertificate="server-cert",
)


def arn(kind, name):
    return f"arn:aws:redshift:us-east-1:{ACCOUNT}:{kind}:{name}"


class Base(unittest.TestCase):
    def setUp(self):
        c.reset()
        self.rs = c.redshift()

    def assertError(self, code, status, fn, **kw):
        with self.assertRaises(ClientError) as ctx:
            fn(**kw)
        err = ctx.exception.response["Error"]
        meta = ctx.exception.response["ResponseMetadata"]
        self.assertEqual(err.get("Code"), code, ctx.exception.response)
        self.assertEqual(meta.get("HTTPStatusCode"), status, ctx.exception.response)
        self.assertTrue(err.get("Message"))
        return ctx.exception

    def cluster(self, identifier, **extra):
        return self.rs.create_cluster(**c.create_kwargs(identifier, **extra))["Cluster"]

    def delete_cluster(self, identifier):
        self.rs.delete_cluster(ClusterIdentifier=identifier, SkipFinalClusterSnapshot=True)


class ParameterGroups(Base):
    def test_create_describe_delete(self):
        groups = self.rs.describe_cluster_parameter_groups()["ParameterGroups"]
        self.assertEqual(
            groups,
            [
                {
                    "ParameterGroupName": "default.redshift-1.0",
                    "ParameterGroupFamily": "redshift-1.0",
                    "Description": "Default parameter group for redshift-1.0",
                    "Tags": [],
                }
            ],
        )
        created = self.rs.create_cluster_parameter_group(
            ParameterGroupName="Analytics",
            ParameterGroupFamily="redshift-1.0",
            Description="for analytics",
            Tags=[{"Key": "env", "Value": "dev"}],
        )["ClusterParameterGroup"]
        self.assertEqual(created["ParameterGroupName"], "analytics")
        self.assertEqual(created["Tags"], [{"Key": "env", "Value": "dev"}])
        names = [g["ParameterGroupName"] for g in self.rs.describe_cluster_parameter_groups()["ParameterGroups"]]
        self.assertEqual(names, ["analytics", "default.redshift-1.0"])
        tagged = self.rs.describe_cluster_parameter_groups(TagKeys=["env"])["ParameterGroups"]
        self.assertEqual([g["ParameterGroupName"] for g in tagged], ["analytics"])
        self.assertError(
            "ClusterParameterGroupAlreadyExists", 400, self.rs.create_cluster_parameter_group,
            ParameterGroupName="analytics", ParameterGroupFamily="redshift-1.0", Description="x",
        )
        self.assertError(
            "InvalidParameterValue", 400, self.rs.create_cluster_parameter_group,
            ParameterGroupName="bad--name", ParameterGroupFamily="redshift-1.0", Description="x",
        )
        self.assertError(
            "InvalidParameterValue", 400, self.rs.create_cluster_parameter_group,
            ParameterGroupName="ok", ParameterGroupFamily="redshift-2.0", Description="x",
        )
        self.assertError(
            "InvalidClusterParameterGroupState", 400, self.rs.delete_cluster_parameter_group,
            ParameterGroupName="default.redshift-1.0",
        )
        self.rs.delete_cluster_parameter_group(ParameterGroupName="analytics")
        self.assertError(
            "ClusterParameterGroupNotFound", 404, self.rs.describe_cluster_parameter_groups,
            ParameterGroupName="analytics",
        )
        self.assertError(
            "ClusterParameterGroupNotFound", 404, self.rs.delete_cluster_parameter_group,
            ParameterGroupName="analytics",
        )

    def test_quota_and_pagination(self):
        for i in range(20):
            self.rs.create_cluster_parameter_group(
                ParameterGroupName=f"pg{i:02d}", ParameterGroupFamily="redshift-1.0", Description="x"
            )
        self.assertError(
            "ClusterParameterGroupQuotaExceeded", 400, self.rs.create_cluster_parameter_group,
            ParameterGroupName="one-more", ParameterGroupFamily="redshift-1.0", Description="x",
        )
        pages = list(
            self.rs.get_paginator("describe_cluster_parameter_groups").paginate(PaginationConfig={"PageSize": 20})
        )
        self.assertEqual([len(p["ParameterGroups"]) for p in pages], [20, 1])
        first = self.rs.describe_cluster_parameter_groups(MaxRecords=20)
        again = self.rs.describe_cluster_parameter_groups(Marker=first["Marker"])
        again2 = self.rs.describe_cluster_parameter_groups(Marker=first["Marker"])
        self.assertEqual(again["ParameterGroups"], again2["ParameterGroups"])
        self.assertError("InvalidParameterValue", 400, self.rs.describe_cluster_parameter_groups, MaxRecords=5)
        self.assertError("InvalidParameterValue", 400, self.rs.describe_cluster_parameter_groups, Marker="zzz")

    def test_default_parameters(self):
        out = self.rs.describe_default_cluster_parameters(ParameterGroupFamily="redshift-1.0")
        defaults = out["DefaultClusterParameters"]
        self.assertEqual(defaults["ParameterGroupFamily"], "redshift-1.0")
        self.assertNotIn("Marker", defaults)
        params = {p["ParameterName"]: p for p in defaults["Parameters"]}
        self.assertEqual(len(params), 14)
        self.assertEqual(list(params), sorted(params))
        self.assertEqual(
            params["statement_timeout"],
            {
                "ParameterName": "statement_timeout",
                "ParameterValue": "0",
                "Description": "Stops any statement that takes over the specified number of milliseconds.",
                "Source": "engine-default",
                "DataType": "integer",
                "AllowedValues": "0,100-2147483647",
                "ApplyType": "static",
                "IsModifiable": True,
                "MinimumEngineVersion": "1.0",
            },
        )
        self.assertEqual(params["wlm_json_configuration"]["ParameterValue"], '[{"auto_wlm":true}]')
        paginated = list(
            self.rs.get_paginator("describe_default_cluster_parameters").paginate(
                ParameterGroupFamily="redshift-1.0", PaginationConfig={"PageSize": 20}
            )
        )
        self.assertEqual(len(paginated), 1)
        self.assertError(
            "InvalidParameterValue", 400, self.rs.describe_default_cluster_parameters,
            ParameterGroupFamily="postgres",
        )

    def test_modify_reset_and_describe_parameters(self):
        self.rs.create_cluster_parameter_group(
            ParameterGroupName="tuned", ParameterGroupFamily="redshift-1.0", Description="x"
        )
        out = self.rs.modify_cluster_parameter_group(
            ParameterGroupName="tuned",
            Parameters=[
                {"ParameterName": "statement_timeout", "ParameterValue": "60000"},
                {"ParameterName": "require_ssl", "ParameterValue": "true"},
                {
                    "ParameterName": "wlm_json_configuration",
                    "ParameterValue": '[{"query_concurrency":5},{"short_query_queue":true}]',
                    "ApplyType": "dynamic",
                },
            ],
        )
        self.assertEqual(out["ParameterGroupName"], "tuned")
        self.assertTrue(out["ParameterGroupStatus"].startswith("Your parameter group has been updated."))
        user = self.rs.describe_cluster_parameters(ParameterGroupName="tuned", Source="user")["Parameters"]
        self.assertEqual(
            {p["ParameterName"]: p["ParameterValue"] for p in user},
            {
                "require_ssl": "true",
                "statement_timeout": "60000",
                "wlm_json_configuration": '[{"query_concurrency":5},{"short_query_queue":true}]',
            },
        )
        self.assertTrue(all(p["Source"] == "user" for p in user))
        engine = self.rs.describe_cluster_parameters(ParameterGroupName="tuned", Source="engine-default")
        self.assertEqual(len(engine["Parameters"]), 11)
        every = list(
            self.rs.get_paginator("describe_cluster_parameters").paginate(
                ParameterGroupName="tuned", PaginationConfig={"PageSize": 20}
            )
        )
        self.assertEqual(sum(len(p["Parameters"]) for p in every), 14)
        bad = [
            ("no_such_parameter", "1"),
            ("require_ssl", "maybe"),
            ("statement_timeout", "99"),
            ("statement_timeout", "ten"),
            ("max_concurrency_scaling_clusters", "11"),
            ("wlm_json_configuration", "{not json"),
            ("wlm_json_configuration", "x" * 8001),
        ]
        for name, value in bad:
            with self.subTest(name=name, value=value[:20]):
                self.assertError(
                    "InvalidParameterValue", 400, self.rs.modify_cluster_parameter_group,
                    ParameterGroupName="tuned", Parameters=[{"ParameterName": name, "ParameterValue": value}],
                )
        self.assertError(
            "InvalidParameterValue", 400, self.rs.modify_cluster_parameter_group,
            ParameterGroupName="tuned",
            Parameters=[{"ParameterName": "require_ssl", "ParameterValue": "true", "ApplyType": "dynamic"}],
        )
        self.assertError(
            "InvalidParameterValue", 400, self.rs.modify_cluster_parameter_group,
            ParameterGroupName="tuned",
            Parameters=[{"ParameterName": "require_ssl", "ParameterValue": "true"}] * 21,
        )
        self.assertError(
            "InvalidClusterParameterGroupState", 400, self.rs.modify_cluster_parameter_group,
            ParameterGroupName="default.redshift-1.0",
            Parameters=[{"ParameterName": "require_ssl", "ParameterValue": "true"}],
        )
        self.assertError(
            "ClusterParameterGroupNotFound", 404, self.rs.modify_cluster_parameter_group,
            ParameterGroupName="missing",
            Parameters=[{"ParameterName": "require_ssl", "ParameterValue": "true"}],
        )
#Reset one, then all.
        self.rs.reset_cluster_parameter_group(
            ParameterGroupName="tuned", ResetAllParameters=False, Parameters=[{"ParameterName": "require_ssl"}]
        )
        user = self.rs.describe_cluster_parameters(ParameterGroupName="tuned", Source="user")["Parameters"]
        self.assertEqual(sorted(p["ParameterName"] for p in user), ["statement_timeout", "wlm_json_configuration"])
        out = self.rs.reset_cluster_parameter_group(ParameterGroupName="tuned", ResetAllParameters=True)
        self.assertEqual(out["ParameterGroupName"], "tuned")
        self.assertEqual(
            self.rs.describe_cluster_parameters(ParameterGroupName="tuned", Source="user")["Parameters"], []
        )
        self.assertError(
            "InvalidParameterValue", 400, self.rs.reset_cluster_parameter_group,
            ParameterGroupName="tuned", ResetAllParameters=False, Parameters=[{"ParameterName": "bogus"}],
        )
        self.assertError(
            "InvalidClusterParameterGroupState", 400, self.rs.reset_cluster_parameter_group,
            ParameterGroupName="default.redshift-1.0",
        )
        self.assertError(
            "ClusterParameterGroupNotFound", 404, self.rs.describe_cluster_parameters,
            ParameterGroupName="missing",
        )

    def test_in_use_by_cluster(self):
        self.rs.create_cluster_parameter_group(
            ParameterGroupName="used", ParameterGroupFamily="redshift-1.0", Description="x"
        )
        self.assertError(
            "ClusterParameterGroupNotFound", 404, self.rs.create_cluster,
            **c.create_kwargs("c0", ClusterParameterGroupName="nope"),
        )
        self.cluster("c1", ClusterParameterGroupName="used")
        self.assertError(
            "InvalidClusterParameterGroupState", 400, self.rs.delete_cluster_parameter_group,
            ParameterGroupName="used",
        )
        self.rs.modify_cluster_parameter_group(
            ParameterGroupName="used", Parameters=[{"ParameterName": "auto_analyze", "ParameterValue": "false"}]
        )
        cl = self.rs.describe_clusters(ClusterIdentifier="c1")["Clusters"][0]
        self.assertEqual(cl["ClusterParameterGroups"][0]["ParameterApplyStatus"], "pending-reboot")
        self.delete_cluster("c1")
        self.rs.delete_cluster_parameter_group(ParameterGroupName="used")


class SecurityGroups(Base):
    def test_lifecycle_and_ingress(self):
        default = self.rs.describe_cluster_security_groups()["ClusterSecurityGroups"]
        self.assertEqual([g["ClusterSecurityGroupName"] for g in default], ["default"])
        group = self.rs.create_cluster_security_group(
            ClusterSecurityGroupName="Web", Description="web tier", Tags=[{"Key": "tier", "Value": "web"}]
        )["ClusterSecurityGroup"]
        self.assertEqual(
            group,
            {
                "ClusterSecurityGroupName": "web",
                "Description": "web tier",
                "EC2SecurityGroups": [],
                "IPRanges": [],
                "Tags": [{"Key": "tier", "Value": "web"}],
            },
        )
        out = self.rs.authorize_cluster_security_group_ingress(ClusterSecurityGroupName="web", CIDRIP="192.168.0.0/24")
        self.assertEqual(out["ClusterSecurityGroup"]["IPRanges"], [{"Status": "authorized", "CIDRIP": "192.168.0.0/24", "Tags": []}])
        out = self.rs.authorize_cluster_security_group_ingress(
            ClusterSecurityGroupName="web", EC2SecurityGroupName="app-sg", EC2SecurityGroupOwnerId="210987654321"
        )
        self.assertEqual(
            out["ClusterSecurityGroup"]["EC2SecurityGroups"],
            [{"Status": "authorized", "EC2SecurityGroupName": "app-sg", "EC2SecurityGroupOwnerId": "210987654321", "Tags": []}],
        )
        self.assertError(
            "AuthorizationAlreadyExists", 400, self.rs.authorize_cluster_security_group_ingress,
            ClusterSecurityGroupName="web", CIDRIP="192.168.0.0/24",
        )
        for cidr in ["192.168.0.0", "300.1.1.1/32", "10.0.0.0/40", "garbage"]:
            with self.subTest(cidr=cidr):
                self.assertError(
                    "InvalidParameterValue", 400, self.rs.authorize_cluster_security_group_ingress,
                    ClusterSecurityGroupName="web", CIDRIP=cidr,
                )
        self.assertError(
            "MissingParameter", 400, self.rs.authorize_cluster_security_group_ingress,
            ClusterSecurityGroupName="web", EC2SecurityGroupName="app-sg",
        )
        self.assertError(
            "ClusterSecurityGroupNotFound", 404, self.rs.authorize_cluster_security_group_ingress,
            ClusterSecurityGroupName="nope", CIDRIP="10.0.0.0/8",
        )
#The ingress rules carry the seed's ARNs: taggable and found by DescribeTags.
        cidr_arn = arn("securitygroupingress", "web/cidrip/192.168.0.0/24")
        ec2_arn = arn("securitygroupingress", "web/ec2securitygroup/210987654321/app-sg")
        self.rs.create_tags(ResourceName=cidr_arn, Tags=[{"Key": "rule", "Value": "cidr"}])
        self.rs.create_tags(ResourceName=ec2_arn, Tags=[{"Key": "rule", "Value": "ec2"}])
        described = self.rs.describe_cluster_security_groups(ClusterSecurityGroupName="web")["ClusterSecurityGroups"][0]
        self.assertEqual(described["IPRanges"][0]["Tags"], [{"Key": "rule", "Value": "cidr"}])
        self.assertEqual(described["EC2SecurityGroups"][0]["Tags"], [{"Key": "rule", "Value": "ec2"}])

        out = self.rs.revoke_cluster_security_group_ingress(ClusterSecurityGroupName="web", CIDRIP="192.168.0.0/24")
        self.assertEqual(out["ClusterSecurityGroup"]["IPRanges"], [])
        self.assertError(
            "AuthorizationNotFound", 404, self.rs.revoke_cluster_security_group_ingress,
            ClusterSecurityGroupName="web", CIDRIP="192.168.0.0/24",
        )
        self.rs.revoke_cluster_security_group_ingress(
            ClusterSecurityGroupName="web", EC2SecurityGroupName="app-sg", EC2SecurityGroupOwnerId="210987654321"
        )
        self.assertError(
            "ClusterSecurityGroupAlreadyExists", 400, self.rs.create_cluster_security_group,
            ClusterSecurityGroupName="web", Description="x",
        )
        self.assertError(
            "InvalidClusterSecurityGroupState", 400, self.rs.delete_cluster_security_group,
            ClusterSecurityGroupName="default",
        )
        self.rs.delete_cluster_security_group(ClusterSecurityGroupName="web")
        self.assertError(
            "ClusterSecurityGroupNotFound", 404, self.rs.delete_cluster_security_group,
            ClusterSecurityGroupName="web",
        )
        events = self.rs.describe_events(SourceType="cluster-security-group", SourceIdentifier="web")["Events"]
        ids = {e["EventId"] for e in events}
        self.assertTrue({"REDSHIFT-EVENT-4002", "REDSHIFT-EVENT-4003"} <= ids, ids)

    def test_quota_and_in_use(self):
        self.rs.create_cluster_security_group(ClusterSecurityGroupName="sg", Description="x")
        for i in range(20):
            self.rs.authorize_cluster_security_group_ingress(ClusterSecurityGroupName="sg", CIDRIP=f"10.{i}.0.0/16")
        self.assertError(
            "AuthorizationQuotaExceeded", 400, self.rs.authorize_cluster_security_group_ingress,
            ClusterSecurityGroupName="sg", CIDRIP="11.0.0.0/8",
        )
        self.cluster("c1", ClusterSecurityGroups=["sg"])
        self.assertError(
            "InvalidClusterSecurityGroupState", 400, self.rs.delete_cluster_security_group,
            ClusterSecurityGroupName="sg",
        )
        for i in range(19):
            self.rs.create_cluster_security_group(ClusterSecurityGroupName=f"g{i}", Description="x")
        self.assertError(
            "QuotaExceeded.ClusterSecurityGroup", 400, self.rs.create_cluster_security_group,
            ClusterSecurityGroupName="over", Description="x",
        )
        pages = list(
            self.rs.get_paginator("describe_cluster_security_groups").paginate(PaginationConfig={"PageSize": 20})
        )
        self.assertEqual([len(p["ClusterSecurityGroups"]) for p in pages], [20, 1])


class SubnetGroups(Base):
    def test_lifecycle(self):
        out = self.rs.create_cluster_subnet_group(
            ClusterSubnetGroupName="Private",
            Description="private subnets",
            SubnetIds=["subnet-0a1b2c3d", "subnet-0123456789abcdef0"],
            Tags=[{"Key": "net", "Value": "private"}],
        )["ClusterSubnetGroup"]
        self.assertEqual(out["ClusterSubnetGroupName"], "private")
        self.assertEqual(out["SubnetGroupStatus"], "Complete")
        self.assertRegex(out["VpcId"], r"^vpc-[0-9a-f]+$")
        self.assertEqual(out["SupportedClusterIpAddressTypes"], ["ipv4"])
        self.assertEqual([s["SubnetIdentifier"] for s in out["Subnets"]], ["subnet-0a1b2c3d", "subnet-0123456789abcdef0"])
        for subnet in out["Subnets"]:
            self.assertEqual(subnet["SubnetStatus"], "Active")
            self.assertRegex(subnet["SubnetAvailabilityZone"]["Name"], r"^us-east-1[a-f]$")
            self.assertEqual(subnet["SubnetAvailabilityZone"]["SupportedPlatforms"], [{"Name": "VPC"}])
        again = self.rs.describe_cluster_subnet_groups(ClusterSubnetGroupName="private")["ClusterSubnetGroups"][0]
        self.assertEqual(again, out)
#The VPC is the one clusters of this account report.
        cl = self.cluster("c1", ClusterSubnetGroupName="private")
        self.assertEqual(cl["VpcId"], out["VpcId"])
        self.assertEqual(cl["ClusterSubnetGroupName"], "private")
        self.assertError(
            "InvalidClusterSubnetGroupStateFault", 400, self.rs.delete_cluster_subnet_group,
            ClusterSubnetGroupName="private",
        )
        modified = self.rs.modify_cluster_subnet_group(
            ClusterSubnetGroupName="private", SubnetIds=["subnet-11112222"], Description="changed"
        )["ClusterSubnetGroup"]
        self.assertEqual([s["SubnetIdentifier"] for s in modified["Subnets"]], ["subnet-11112222"])
        self.assertEqual(modified["Description"], "changed")
        self.assertEqual(modified["Tags"], [{"Key": "net", "Value": "private"}])
        for bad in ["subnet-12", "subnet-XYZ12345", "vpc-0a1b2c3d"]:
            with self.subTest(bad=bad):
                self.assertError(
                    "InvalidSubnet", 400, self.rs.create_cluster_subnet_group,
                    ClusterSubnetGroupName="x", Description="x", SubnetIds=[bad],
                )
                self.assertError(
                    "InvalidSubnet", 400, self.rs.modify_cluster_subnet_group,
                    ClusterSubnetGroupName="private", SubnetIds=[bad],
                )
        self.assertError(
            "ClusterSubnetQuotaExceededFault", 400, self.rs.create_cluster_subnet_group,
            ClusterSubnetGroupName="x", Description="x", SubnetIds=[f"subnet-{i:08x}" for i in range(21)],
        )
        self.assertError(
            "ClusterSubnetGroupAlreadyExists", 400, self.rs.create_cluster_subnet_group,
            ClusterSubnetGroupName="private", Description="x", SubnetIds=["subnet-11112222"],
        )
        self.assertError(
            "ClusterSubnetGroupAlreadyExists", 400, self.rs.create_cluster_subnet_group,
            ClusterSubnetGroupName="Default", Description="x", SubnetIds=["subnet-11112222"],
        )
        self.assertError(
            "ClusterSubnetGroupNotFoundFault", 400, self.rs.modify_cluster_subnet_group,
            ClusterSubnetGroupName="nope", SubnetIds=["subnet-11112222"],
        )
        self.assertError(
            "ClusterSubnetGroupNotFoundFault", 400, self.rs.describe_cluster_subnet_groups,
            ClusterSubnetGroupName="nope",
        )
        self.delete_cluster("c1")
        self.rs.delete_cluster_subnet_group(ClusterSubnetGroupName="private")
        self.assertError(
            "ClusterSubnetGroupNotFoundFault", 400, self.rs.delete_cluster_subnet_group,
            ClusterSubnetGroupName="private",
        )

    def test_quota_pagination_and_tag_filters(self):
        for i in range(20):
            self.rs.create_cluster_subnet_group(
                ClusterSubnetGroupName=f"s{i:02d}", Description="x", SubnetIds=["subnet-11112222"],
                Tags=[{
  "Key" : "parity", "Value" : "even" if i % 2 == 0 else "odd"}],
            )
        self.assertError(
            "ClusterSubnetGroupQuotaExceeded", 400, self.rs.create_cluster_subnet_group,
            ClusterSubnetGroupName="over", Description="x", SubnetIds=["subnet-11112222"],
        )
        odd = self.rs.describe_cluster_subnet_groups(TagValues=["odd"])["ClusterSubnetGroups"]
        self.assertEqual(len(odd), 10)
        first = self.rs.describe_cluster_subnet_groups(MaxRecords=20)
        self.assertNotIn("Marker", first)
        self.assertEqual(len(first["ClusterSubnetGroups"]), 20)


class EventSubscriptions(Base):
    def test_lifecycle(self):
        self.cluster("c1")
        sub = self.rs.create_event_subscription(
            SubscriptionName="ops-alerts",
            SnsTopicArn=TOPIC,
            SourceType="cluster",
            SourceIds=["c1"],
            EventCategories=["management", "monitoring"],
            Severity="ERROR",
            Enabled=True,
            Tags=[{"Key": "team", "Value": "ops"}],
        )["EventSubscription"]
        self.assertEqual(sub["CustomerAwsId"], ACCOUNT)
        self.assertEqual(sub["CustSubscriptionId"], "ops-alerts")
        self.assertEqual(sub["SnsTopicArn"], TOPIC)
        self.assertEqual(sub["Status"], "active")
        self.assertIsInstance(sub["SubscriptionCreationTime"], datetime.datetime)
        self.assertEqual(sub["SourceType"], "cluster")
        self.assertEqual(sub["SourceIdsList"], ["c1"])
        self.assertEqual(sub["EventCategoriesList"], ["management", "monitoring"])
        self.assertEqual(sub["Severity"], "ERROR")
        self.assertTrue(sub["Enabled"])
        self.assertEqual(sub["Tags"], [{"Key": "team", "Value": "ops"}])
        self.assertError(
            "SubscriptionAlreadyExist", 400, self.rs.create_event_subscription,
            SubscriptionName="ops-alerts", SnsTopicArn=TOPIC,
        )
        self.assertError(
            "SourceNotFound", 404, self.rs.create_event_subscription,
            SubscriptionName="s2", SnsTopicArn=TOPIC, SourceType="cluster", SourceIds=["ghost"],
        )
        self.assertError(
            "SubscriptionCategoryNotFound", 404, self.rs.create_event_subscription,
            SubscriptionName="s2", SnsTopicArn=TOPIC, EventCategories=["availability"],
        )
        self.assertError(
            "SubscriptionSeverityNotFound", 404, self.rs.create_event_subscription,
            SubscriptionName="s2", SnsTopicArn=TOPIC, Severity="CRITICAL",
        )
        self.assertError(
            "SNSInvalidTopic", 400, self.rs.create_event_subscription,
            SubscriptionName="s2", SnsTopicArn="not-an-arn",
        )
        self.assertError(
            "InvalidParameterCombination", 400, self.rs.create_event_subscription,
            SubscriptionName="s2", SnsTopicArn=TOPIC, SourceIds=["c1"],
        )
        modified = self.rs.modify_event_subscription(
            SubscriptionName="ops-alerts", Enabled=False, Severity="INFO", EventCategories=["security"]
        )["EventSubscription"]
        self.assertFalse(modified["Enabled"])
        self.assertEqual(modified["Severity"], "INFO")
        self.assertEqual(modified["EventCategoriesList"], ["security"])
        self.assertEqual(modified["SourceIdsList"], ["c1"])
        self.assertError(
            "SubscriptionNotFound", 404, self.rs.modify_event_subscription, SubscriptionName="ghost", Enabled=True
        )
        listed = self.rs.describe_event_subscriptions()["EventSubscriptionsList"]
        self.assertEqual([s["CustSubscriptionId"] for s in listed], ["ops-alerts"])
        self.assertEqual(self.rs.describe_event_subscriptions(TagKeys=["nope"])["EventSubscriptionsList"], [])
        self.rs.delete_event_subscription(SubscriptionName="ops-alerts")
        self.assertError(
            "SubscriptionNotFound", 404, self.rs.describe_event_subscriptions, SubscriptionName="ops-alerts"
        )
        self.assertError(
            "SubscriptionNotFound", 404, self.rs.delete_event_subscription, SubscriptionName="ops-alerts"
        )

    def test_quota(self):
        for i in range(20):
            self.rs.create_event_subscription(SubscriptionName=f"sub{i}", SnsTopicArn=TOPIC)
        self.assertError(
            "EventSubscriptionQuotaExceeded", 400, self.rs.create_event_subscription,
            SubscriptionName="over", SnsTopicArn=TOPIC,
        )
        pages = list(
            self.rs.get_paginator("describe_event_subscriptions").paginate(PaginationConfig={"PageSize": 20})
        )
        self.assertEqual([len(p["EventSubscriptionsList"]) for p in pages], [20])


class Events(Base):
    def test_categories(self):
        maps = self.rs.describe_event_categories()["EventCategoriesMapList"]
        self.assertEqual(
            [m["SourceType"] for m in maps],
            ["cluster", "cluster-parameter-group", "cluster-security-group", "cluster-snapshot", "scheduled-action"],
        )
        cluster_events = {e["EventId"]: e for e in maps[0]["Events"]}
        self.assertEqual(cluster_events["REDSHIFT-EVENT-2000"]["EventCategories"], ["management"])
        self.assertEqual(cluster_events["REDSHIFT-EVENT-2000"]["Severity"], "INFO")
        only = self.rs.describe_event_categories(SourceType="cluster-parameter-group")["EventCategoriesMapList"]
        self.assertEqual([m["SourceType"] for m in only], ["cluster-parameter-group"])
        self.assertError("InvalidParameterValue", 400, self.rs.describe_event_categories, SourceType="bucket")

    def test_describe_events(self):
        self.rs.create_cluster_parameter_group(
            ParameterGroupName="evt", ParameterGroupFamily="redshift-1.0", Description="x"
        )
        self.rs.create_cluster_security_group(ClusterSecurityGroupName="evt", Description="x")
        self.cluster("evt-cluster")
        events = self.rs.describe_events()["Events"]
        by_type = {(e["SourceType"], e["SourceIdentifier"]) for e in events}
        self.assertIn(("cluster-parameter-group", "evt"), by_type)
        self.assertIn(("cluster-security-group", "evt"), by_type)
        self.assertIn(("cluster", "evt-cluster"), by_type)
        dates = [e["Date"] for e in events]
        self.assertEqual(dates, sorted(dates))
        for e in events:
            self.assertRegex(e["EventId"], r"^REDSHIFT-EVENT-\d{4}$")
            self.assertIn(e["Severity"], ("INFO", "ERROR"))
            self.assertTrue(e["Message"])
        only = self.rs.describe_events(SourceType="cluster-parameter-group", SourceIdentifier="evt")["Events"]
        self.assertEqual([e["EventId"] for e in only], ["REDSHIFT-EVENT-1003"])
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertEqual(self.rs.describe_events(StartTime=now + datetime.timedelta(minutes=5))["Events"], [])
        window = self.rs.describe_events(
            StartTime=now - datetime.timedelta(minutes=5), EndTime=now + datetime.timedelta(minutes=5)
        )["Events"]
        self.assertEqual(len(window), len(events))
        self.assertEqual(len(self.rs.describe_events(Duration=10)["Events"]), len(events))
        self.assertError(
            "InvalidParameterCombination", 400, self.rs.describe_events, SourceIdentifier="evt"
        )
        self.assertError("InvalidParameterValue", 400, self.rs.describe_events, MaxRecords=101)

    def test_pagination(self):
        for i in range(25):
            self.rs.create_cluster_security_group(ClusterSecurityGroupName=f"p{i:02d}", Description="x")
            self.rs.delete_cluster_security_group(ClusterSecurityGroupName=f"p{i:02d}")
        pages = list(self.rs.get_paginator("describe_events").paginate(PaginationConfig={"PageSize": 20}))
        self.assertEqual([len(p["Events"]) for p in pages], [20, 20, 10])
        first = self.rs.describe_events(MaxRecords=20)
        a = self.rs.describe_events(MaxRecords=20, Marker=first["Marker"])["Events"]
        b = self.rs.describe_events(MaxRecords=20, Marker=first["Marker"])["Events"]
        self.assertEqual(a, b)


class Hsm(Base):
    def test_client_certificates(self):
        cert = self.rs.create_hsm_client_certificate(
            HsmClientCertificateIdentifier="hsm-cert", Tags=[{"Key": "k", "Value": "v"}]
        )["HsmClientCertificate"]
        self.assertEqual(cert["HsmClientCertificateIdentifier"], "hsm-cert")
        pem = cert["HsmClientCertificatePublicKey"]
        self.assertRegex(pem, r"^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$")
        self.assertEqual(cert["Tags"], [{"Key": "k", "Value": "v"}])
        self.assertError(
            "HsmClientCertificateAlreadyExistsFault", 400, self.rs.create_hsm_client_certificate,
            HsmClientCertificateIdentifier="hsm-cert",
        )
        self.assertError(
            "InvalidParameterValue", 400, self.rs.create_hsm_client_certificate,
            HsmClientCertificateIdentifier="bad id",
        )
        listed = self.rs.describe_hsm_client_certificates()["HsmClientCertificates"]
        self.assertEqual(listed, [cert])
        self.assertError(
            "HsmClientCertificateNotFoundFault", 400, self.rs.describe_hsm_client_certificates,
            HsmClientCertificateIdentifier="ghost",
        )
        self.rs.create_hsm_configuration(HsmConfigurationIdentifier="hsm-conf", **HSM_CONFIG)
        self.cluster("c1", HsmClientCertificateIdentifier="hsm-cert", HsmConfigurationIdentifier="hsm-conf")
        self.assertError(
            "InvalidHsmClientCertificateStateFault", 400, self.rs.delete_hsm_client_certificate,
            HsmClientCertificateIdentifier="hsm-cert",
        )
        self.assertError(
            "InvalidHsmConfigurationStateFault", 400, self.rs.delete_hsm_configuration,
            HsmConfigurationIdentifier="hsm-conf",
        )
        self.delete_cluster("c1")
        self.rs.delete_hsm_client_certificate(HsmClientCertificateIdentifier="hsm-cert")
        self.rs.delete_hsm_configuration(HsmConfigurationIdentifier="hsm-conf")
        self.assertError(
            "HsmClientCertificateNotFoundFault", 400, self.rs.delete_hsm_client_certificate,
            HsmClientCertificateIdentifier="hsm-cert",
        )

    def test_configurations(self):
        conf = self.rs.create_hsm_configuration(
            HsmConfigurationIdentifier="conf-1", Tags=[{"Key": "k", "Value": "v"}], **HSM_CONFIG
        )["HsmConfiguration"]
        self.assertEqual(
            conf,
            {
                "HsmConfigurationIdentifier": "conf-1",
                "Description": "hsm",
                "HsmIpAddress": "10.0.0.5",
                "HsmPartitionName": "partition-1",
                "Tags": [{"Key": "k", "Value": "v"}],
            },
        )
        self.assertError(
            "HsmConfigurationAlreadyExistsFault", 400, self.rs.create_hsm_configuration,
            HsmConfigurationIdentifier="conf-1", **HSM_CONFIG,
        )
        bad = dict(HSM_CONFIG, HsmIpAddress="10.0.0")
        self.assertError(
            "InvalidParameterValue", 400, self.rs.create_hsm_configuration, HsmConfigurationIdentifier="c2", **bad
        )
        self.assertEqual(self.rs.describe_hsm_configurations()["HsmConfigurations"], [conf])
        self.assertEqual(self.rs.describe_hsm_configurations(TagValues=["v"])["HsmConfigurations"], [conf])
        self.assertError(
            "HsmConfigurationNotFoundFault", 400, self.rs.describe_hsm_configurations,
            HsmConfigurationIdentifier="ghost",
        )
        self.assertError(
            "HsmConfigurationNotFoundFault", 400, self.rs.create_cluster,
            **c.create_kwargs("c9", HsmConfigurationIdentifier="ghost"),
        )
        self.rs.delete_hsm_configuration(HsmConfigurationIdentifier="conf-1")
        self.assertError(
            "HsmConfigurationNotFoundFault", 400, self.rs.delete_hsm_configuration,
            HsmConfigurationIdentifier="conf-1",
        )


class SnapshotCopyGrants(Base):
    def test_lifecycle(self):
        key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        grant = self.rs.create_snapshot_copy_grant(
            SnapshotCopyGrantName="copy-grant", KmsKeyId=key, Tags=[{"Key": "k", "Value": "v"}]
        )["SnapshotCopyGrant"]
        self.assertEqual(grant, {"SnapshotCopyGrantName": "copy-grant", "KmsKeyId": key, "Tags": [{"Key": "k", "Value": "v"}]})
        default_key = self.rs.create_snapshot_copy_grant(SnapshotCopyGrantName="default-key")["SnapshotCopyGrant"]
        self.assertEqual(default_key["KmsKeyId"], f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/redshift")
        self.assertError(
            "SnapshotCopyGrantAlreadyExistsFault", 400, self.rs.create_snapshot_copy_grant,
            SnapshotCopyGrantName="copy-grant",
        )
        self.assertError(
            "InvalidParameterValue", 400, self.rs.create_snapshot_copy_grant, SnapshotCopyGrantName="Upper"
        )
        self.assertError(
            "InvalidParameterValue", 400, self.rs.create_snapshot_copy_grant,
            SnapshotCopyGrantName="g2", KmsKeyId="nonsense",
        )
        names = [g["SnapshotCopyGrantName"] for g in self.rs.describe_snapshot_copy_grants()["SnapshotCopyGrants"]]
        self.assertEqual(names, ["copy-grant", "default-key"])
        one = self.rs.describe_snapshot_copy_grants(SnapshotCopyGrantName="copy-grant")["SnapshotCopyGrants"]
        self.assertEqual(one, [grant])
        self.assertError(
            "SnapshotCopyGrantNotFoundFault", 400, self.rs.describe_snapshot_copy_grants,
            SnapshotCopyGrantName="ghost",
        )
        self.rs.delete_snapshot_copy_grant(SnapshotCopyGrantName="copy-grant")
        self.assertError(
            "SnapshotCopyGrantNotFoundFault", 400, self.rs.delete_snapshot_copy_grant,
            SnapshotCopyGrantName="copy-grant",
        )


class Account(Base):
    def test_attributes(self):
        attrs = self.rs.describe_account_attributes()["AccountAttributes"]
        by_name = {a["AttributeName"]: [v["AttributeValue"] for v in a["AttributeValues"]] for a in attrs}
        self.assertEqual(by_name["max-defer-maintenance-duration"], ["45"])
        self.assertEqual(by_name["supported-platforms"], ["VPC"])
        one = self.rs.describe_account_attributes(AttributeNames=["max-defer-maintenance-duration"])
        self.assertEqual([a["AttributeName"] for a in one["AccountAttributes"]], ["max-defer-maintenance-duration"])


class TagsByResourceType(Base):
    def test_each_type_tagged_and_found(self):
        self.rs.create_cluster_parameter_group(
            ParameterGroupName="tpg", ParameterGroupFamily="redshift-1.0", Description="x", Tags=[{"Key": "t", "Value": "1"}]
        )
        self.rs.create_cluster_security_group(ClusterSecurityGroupName="tsg", Description="x", Tags=[{"Key": "t", "Value": "1"}])
        self.rs.create_cluster_subnet_group(
            ClusterSubnetGroupName="tsn", Description="x", SubnetIds=["subnet-11112222"], Tags=[{"Key": "t", "Value": "1"}]
        )
        self.rs.create_event_subscription(SubscriptionName="tes", SnsTopicArn=TOPIC, Tags=[{"Key": "t", "Value": "1"}])
        self.rs.create_hsm_client_certificate(HsmClientCertificateIdentifier="thc", Tags=[{"Key": "t", "Value": "1"}])
        self.rs.create_hsm_configuration(HsmConfigurationIdentifier="thf", Tags=[{"Key": "t", "Value": "1"}], **HSM_CONFIG)
        self.rs.create_snapshot_copy_grant(SnapshotCopyGrantName="tcg", Tags=[{"Key": "t", "Value": "1"}])
        expected = {
            "parametergroup": arn("parametergroup", "tpg"),
            "securitygroup": arn("securitygroup", "tsg"),
            "subnetgroup": arn("subnetgroup", "tsn"),
            "eventsubscription": arn("eventsubscription", "tes"),
            "hsmclientcertificate": arn("hsmclientcertificate", "thc"),
            "hsmconfiguration": arn("hsmconfiguration", "thf"),
            "snapshotcopygrant": arn("snapshotcopygrant", "tcg"),
        }
        for resource_type, resource_arn in expected.items():
            with self.subTest(resource_type=resource_type):
                found = self.rs.describe_tags(ResourceType=resource_type)["TaggedResources"]
                self.assertEqual(
                    [(t["ResourceName"], t["Tag"]) for t in found], [(resource_arn, {"Key": "t", "Value": "1"})]
                )
                self.rs.create_tags(ResourceName=resource_arn, Tags=[{"Key": "extra", "Value": "2"}])
                mine = self.rs.describe_tags(ResourceName=resource_arn)["TaggedResources"]
                self.assertEqual(sorted(t["Tag"]["Key"] for t in mine), ["extra", "t"])


class IsolationAcrossAccounts(Base):
    def test_other_account_sees_nothing(self):
        self.rs.create_cluster_parameter_group(
            ParameterGroupName="mine", ParameterGroupFamily="redshift-1.0", Description="x"
        )
        self.rs.create_snapshot_copy_grant(SnapshotCopyGrantName="mine")
        other = c.redshift(access_key="210987654321")  # a 12-digit key names that account
        groups = other.describe_cluster_parameter_groups()["ParameterGroups"]
        self.assertEqual([g["ParameterGroupName"] for g in groups], ["default.redshift-1.0"])
        self.assertEqual(other.describe_snapshot_copy_grants()["SnapshotCopyGrants"], [])
        self.assertError(
            "ClusterParameterGroupNotFound", 404, other.delete_cluster_parameter_group, ParameterGroupName="mine"
        )
        other.create_snapshot_copy_grant(SnapshotCopyGrantName="mine")  # same name, other account


@unittest.skipUnless(os.environ.get("RSEMU_PERSIST_PHASE") == "1", "run by boto3_part2.sh")
class PersistPhase1(unittest.TestCase):
    def test_write(self):
        rs = c.redshift()
        rs.create_cluster_parameter_group(
            ParameterGroupName="kept", ParameterGroupFamily="redshift-1.0", Description="x", Tags=[{"Key": "k", "Value": "v"}]
        )
        rs.modify_cluster_parameter_group(
            ParameterGroupName="kept", Parameters=[{"ParameterName": "require_ssl", "ParameterValue": "true"}]
        )
        rs.create_cluster_security_group(ClusterSecurityGroupName="kept", Description="x")
        rs.authorize_cluster_security_group_ingress(ClusterSecurityGroupName="kept", CIDRIP="10.0.0.0/8")
        rs.create_cluster_subnet_group(ClusterSubnetGroupName="kept", Description="x", SubnetIds=["subnet-11112222"])
        rs.create_event_subscription(SubscriptionName="kept", SnsTopicArn=TOPIC)
        rs.create_hsm_client_certificate(HsmClientCertificateIdentifier="kept")
        rs.create_hsm_configuration(HsmConfigurationIdentifier="kept", **HSM_CONFIG)
        rs.create_snapshot_copy_grant(SnapshotCopyGrantName="kept")


@unittest.skipUnless(os.environ.get("RSEMU_PERSIST_PHASE") == "2", "run by boto3_part2.sh")
class PersistPhase2(unittest.TestCase):
    def test_read_after_restart(self):
        rs = c.redshift()
        group = rs.describe_cluster_parameter_groups(ParameterGroupName="kept")["ParameterGroups"][0]
        self.assertEqual(group["Tags"], [{"Key": "k", "Value": "v"}])
        user = rs.describe_cluster_parameters(ParameterGroupName="kept", Source="user")["Parameters"]
        self.assertEqual([(p["ParameterName"], p["ParameterValue"]) for p in user], [("require_ssl", "true")])
        sg = rs.describe_cluster_security_groups(ClusterSecurityGroupName="kept")["ClusterSecurityGroups"][0]
        self.assertEqual([r["CIDRIP"] for r in sg["IPRanges"]], ["10.0.0.0/8"])
        rs.describe_cluster_subnet_groups(ClusterSubnetGroupName="kept")
        rs.describe_event_subscriptions(SubscriptionName="kept")
        rs.describe_hsm_client_certificates(HsmClientCertificateIdentifier="kept")
        rs.describe_hsm_configurations(HsmConfigurationIdentifier="kept")
        rs.describe_snapshot_copy_grants(SnapshotCopyGrantName="kept")
        ids = {e["EventId"] for e in rs.describe_events(Duration=120)["Events"]}
        self.assertIn("REDSHIFT-EVENT-1003", ids)


if __name__ == "__main__":
    unittest.main()
