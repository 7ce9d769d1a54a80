"""End-to-end tests of Redshift snapshots, cross-account snapshot sharing and
tags through boto3: every snapshot and tag operation, the snapshot_available
and cluster_restored waiters, the describe_cluster_snapshots paginator, and the
error classes boto3 raises.

Run through tests/e2e/boto3_snapshots.sh, or by hand against a running emulator:
    RSEMU_ENDPOINT=http://127.0.0.1:PORT python3 -m unittest -v test_snapshots
"""

import datetime
import os
import re
import time
import unittest

from botocore.exceptions import ClientError, WaiterError

import e2e_common as c

OWNER = c.DEFAULT_ACCOUNT
ACCOUNT_B = "111111111111"
ACCOUNT_C = "222222222222"
FAST = {"Delay": 1, "MaxAttempts": 10}


def snapshot_arn(cluster, snapshot, account=OWNER):
    return f"arn:aws:redshift:us-east-1:{account}:snapshot:{cluster}/{snapshot}"


def cluster_arn(cluster, account=OWNER):
    return f"arn:aws:redshift:us-east-1:{account}:cluster:{cluster}"


class Base(unittest.TestCase):
    endpoint = None

    def setUp(self):
        c.reset(endpoint=self.endpoint)
        self.rs = c.redshift(endpoint=self.endpoint)

    def cluster(self, identifier, client=None, **extra):
        # dc2.large without automated backups: listings show only what a test makes.
        kw = dict(NodeType="dc2.large", AutomatedSnapshotRetentionPeriod=0)
        kw.update(extra)
        return (client or self.rs).create_cluster(**c.create_kwargs(identifier, **kw))["Cluster"]

    def snapshot(self, cluster, identifier, client=None, **extra):
        return (client or self.rs).create_cluster_snapshot(
            ClusterIdentifier=cluster, SnapshotIdentifier=identifier, **extra
        )["Snapshot"]

    def ids(self, client=None, **filters):
        out = (client or self.rs).describe_cluster_snapshots(**filters)["Snapshots"]
        return [s["SnapshotIdentifier"] for s in out]

    def assertError(self, ctx, code, status=400):
        err = ctx.exception.response["Error"]
        self.assertEqual(err.get("Code"), code, ctx.exception.response)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
        self.assertTrue(err.get("Message"))


class Snapshots(Base):
    def test_create_describe_and_delete(self):
        self.cluster("c1", NumberOfNodes=2)
        created = self.snapshot(
            "c1", "s1", ManualSnapshotRetentionPeriod=7, Tags=[{"Key": "env", "Value": "dev"}]
        )
        self.assertEqual(created["Status"], "creating")
        self.assertEqual(created["SnapshotType"], "manual")
        self.assertEqual(created["TotalBackupSizeInMegaBytes"], -1.0)
        self.assertEqual(created["OwnerAccount"], OWNER)
        self.assertEqual(created["SnapshotArn"], snapshot_arn("c1", "s1"))
        self.assertEqual(created["Tags"], [{"Key": "env", "Value": "dev"}])
        self.assertIsInstance(created["SnapshotCreateTime"], datetime.datetime)
        self.rs.get_waiter("snapshot_available").wait(SnapshotIdentifier="s1", WaiterConfig=FAST)
        snap = self.rs.describe_cluster_snapshots(SnapshotIdentifier="s1")["Snapshots"][0]
        for key, value in {
            "Status": "available",
            "ClusterIdentifier": "c1",
            "NodeType": "dc2.large",
            "NumberOfNodes": 2,
            "DBName": "dev",
            "MasterUsername": "awsuser",
            "Port": 5439,
            "Encrypted": True,
            "EncryptedWithHSM": False,
            "ManualSnapshotRetentionPeriod": 7,
            "ManualSnapshotRemainingDays": 7,
            "AccountsWithRestoreAccess": [],
            "EstimatedSecondsToCompletion": 0,
        }.items():
            self.assertEqual(snap[key], value, key)
        self.assertGreater(snap["TotalBackupSizeInMegaBytes"], 0)
        self.assertIn("dc2.large", snap["RestorableNodeTypes"])
        self.assertTrue(snap["VpcId"].startswith("vpc-"))
        deleted = self.rs.delete_cluster_snapshot(SnapshotIdentifier="s1")["Snapshot"]
        self.assertEqual(deleted["Status"], "deleted")
        with self.assertRaises(self.rs.exceptions.ClusterSnapshotNotFoundFault) as ctx:
            self.rs.describe_cluster_snapshots(SnapshotIdentifier="s1")
        self.assertError(ctx, "ClusterSnapshotNotFound", 404)

    def test_create_errors(self):
        self.cluster("c1")
        self.snapshot("c1", "taken")
        with self.assertRaises(self.rs.exceptions.ClusterSnapshotAlreadyExistsFault):
            self.snapshot("c1", "taken")
        with self.assertRaises(self.rs.exceptions.ClusterNotFoundFault):
            self.snapshot("missing", "s")
        with self.assertRaises(ClientError) as ctx:
            self.snapshot("c1", "Bad_Name")
        self.assertError(ctx, "InvalidParameterValue")
        with self.assertRaises(self.rs.exceptions.InvalidRetentionPeriodFault):
            self.snapshot("c1", "s", ManualSnapshotRetentionPeriod=0)
        with self.assertRaises(self.rs.exceptions.InvalidTagFault):
            self.snapshot("c1", "s", Tags=[{"Key": "aws:x", "Value": "v"}])
        for i in range(19):
            self.snapshot("c1", f"q{i}")
        with self.assertRaises(self.rs.exceptions.ClusterSnapshotQuotaExceededFault):
            self.snapshot("c1", "over")
        self.assertNotIn("s", self.ids())

    def test_describe_filters_and_paginator(self):
        self.cluster("alpha")
        self.cluster("beta")
        self.snapshot("alpha", "a1", Tags=[{"Key": "env", "Value": "prod"}])
        self.snapshot("alpha", "a2")
        self.snapshot("beta", "b1")
        self.assertEqual(self.ids(), ["a1", "a2", "b1"])
        self.assertEqual(self.ids(ClusterIdentifier="alpha"), ["a1", "a2"])
        self.assertEqual(self.ids(SnapshotType="manual", TagKeys=["env"]), ["a1"])
        self.assertEqual(self.ids(SnapshotType="automated"), [])
        self.assertEqual(self.ids(SnapshotArn=snapshot_arn("beta", "b1")), ["b1"])
        self.assertEqual(self.ids(OwnerAccount=OWNER, ClusterIdentifier="beta"), ["b1"])
        future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        self.assertEqual(self.ids(StartTime=future), [])
        self.assertEqual(len(self.ids(EndTime=future)), 3)
        self.assertEqual(self.ids(ClusterExists=True, ClusterIdentifier="alpha"), ["a1", "a2"])
        self.rs.delete_cluster(ClusterIdentifier="alpha", SkipFinalClusterSnapshot=True)
        self.assertEqual(self.ids(ClusterExists=False), ["a1", "a2"])
        with self.assertRaises(ClientError) as ctx:
            self.rs.describe_cluster_snapshots(MaxRecords=5)
        self.assertError(ctx, "InvalidParameterValue")
        with self.assertRaises(ClientError) as ctx:
            self.rs.describe_cluster_snapshots(SnapshotType="weekly")
        self.assertError(ctx, "InvalidParameterValue")
        for i in range(17):
            self.snapshot("beta", f"p{i:02d}")
        pages = list(
            self.rs.get_paginator("describe_cluster_snapshots").paginate(
                PaginationConfig={"PageSize": 20}
            )
        )
        self.assertEqual([len(p["Snapshots"]) for p in pages], [20])
        for i in range(3):
            self.rs.restore_from_cluster_snapshot(ClusterIdentifier=f"r{i}", SnapshotIdentifier="b1")
        pages = list(
            self.rs.get_paginator("describe_cluster_snapshots").paginate(
                PaginationConfig={"PageSize": 20}
            )
        )
        self.assertEqual([len(p["Snapshots"]) for p in pages], [20, 3])
        marker = pages[0]["Marker"]
        again = self.rs.describe_cluster_snapshots(MaxRecords=20, Marker=marker)["Snapshots"]
        self.assertEqual([s["SnapshotIdentifier"] for s in again], [s["SnapshotIdentifier"] for s in pages[1]["Snapshots"]])
        ordered = self.ids(SortingEntities=[{"Attribute": "SOURCE_TYPE", "SortOrder": "ASC"}])
        self.assertTrue(ordered[0].startswith("rs:r"))

    def test_delete_and_batch_delete(self):
        self.cluster("c")
        for name in ("s1", "s2", "s3"):
            self.snapshot("c", name)
        self.rs.restore_from_cluster_snapshot(ClusterIdentifier="r", SnapshotIdentifier="s1")
        automated = self.ids(SnapshotType="automated")
        self.assertEqual(len(automated), 1)
        self.assertRegex(automated[0], r"^rs:r-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$")
        with self.assertRaises(self.rs.exceptions.InvalidClusterSnapshotStateFault):
            self.rs.delete_cluster_snapshot(SnapshotIdentifier=automated[0])
        out = self.rs.batch_delete_cluster_snapshots(
            Identifiers=[
                {"SnapshotIdentifier": "s1"},
                {"SnapshotIdentifier": "nope"},
                {"SnapshotIdentifier": "s2", "SnapshotClusterIdentifier": "c"},
                {"SnapshotIdentifier": automated[0]},
            ]
        )
        self.assertEqual(out["Resources"], ["s1", "s2"])
        self.assertEqual(
            [e["FailureCode"] for e in out["Errors"]],
            ["ClusterSnapshotNotFound", "InvalidClusterSnapshotState"],
        )
        self.assertEqual(self.ids(SnapshotType="manual"), ["s3"])
        with self.assertRaises(self.rs.exceptions.BatchDeleteRequestSizeExceededFault):
            self.rs.batch_delete_cluster_snapshots(
                Identifiers=[{"SnapshotIdentifier": f"x{i}"} for i in range(101)]
            )

    def test_copy_modify_and_batch_modify(self):
        self.cluster("c")
        self.snapshot("c", "m1")
        self.rs.restore_from_cluster_snapshot(ClusterIdentifier="r", SnapshotIdentifier="m1")
        automated = self.ids(SnapshotType="automated")[0]
        copy = self.rs.copy_cluster_snapshot(
            SourceSnapshotIdentifier=automated,
            TargetSnapshotIdentifier="kept",
            ManualSnapshotRetentionPeriod=30,
        )["Snapshot"]
        self.assertEqual((copy["Status"], copy["SnapshotType"]), ("creating", "manual"))
        self.assertEqual(copy["SnapshotArn"], snapshot_arn("r", "kept"))
        self.rs.get_waiter("snapshot_available").wait(SnapshotIdentifier="kept", WaiterConfig=FAST)
        with self.assertRaises(self.rs.exceptions.ClusterSnapshotAlreadyExistsFault):
            self.rs.copy_cluster_snapshot(SourceSnapshotIdentifier=automated, TargetSnapshotIdentifier="kept")
        with self.assertRaises(self.rs.exceptions.InvalidClusterSnapshotStateFault):
            self.rs.copy_cluster_snapshot(SourceSnapshotIdentifier="m1", TargetSnapshotIdentifier="x")
        with self.assertRaises(self.rs.exceptions.ClusterSnapshotNotFoundFault):
            self.rs.copy_cluster_snapshot(SourceSnapshotIdentifier="nope", TargetSnapshotIdentifier="x")

        modified = self.rs.modify_cluster_snapshot(SnapshotIdentifier="m1", ManualSnapshotRetentionPeriod=10)
        self.assertEqual(modified["Snapshot"]["ManualSnapshotRetentionPeriod"], 10)
        with self.assertRaises(self.rs.exceptions.InvalidRetentionPeriodFault):
            self.rs.modify_cluster_snapshot(SnapshotIdentifier="m1", ManualSnapshotRetentionPeriod=-5)
        with self.assertRaises(self.rs.exceptions.InvalidClusterSnapshotStateFault):
            self.rs.modify_cluster_snapshot(SnapshotIdentifier=automated, ManualSnapshotRetentionPeriod=5)
        out = self.rs.batch_modify_cluster_snapshots(
            SnapshotIdentifierList=["m1", "kept", "gone"], ManualSnapshotRetentionPeriod=90, Force=True
        )
        self.assertEqual(out["Resources"], ["m1", "kept"])
        self.assertEqual(out["Errors"][0]["SnapshotIdentifier"], "gone")
        self.assertEqual(out["Errors"][0]["FailureCode"], "ClusterSnapshotNotFound")
        for snap in self.rs.describe_cluster_snapshots(SnapshotType="manual")["Snapshots"]:
            self.assertEqual(snap["ManualSnapshotRetentionPeriod"], 90)
        with self.assertRaises(self.rs.exceptions.BatchModifyClusterSnapshotsLimitExceededFault):
            self.rs.batch_modify_cluster_snapshots(SnapshotIdentifierList=[f"x{i}" for i in range(101)])


class Restore(Base):
    def test_restore_and_waiter(self):
        self.cluster("src", NumberOfNodes=2, DBName="sales")
        self.snapshot("src", "snap")
        out = self.rs.restore_from_cluster_snapshot(
            ClusterIdentifier="copy", SnapshotIdentifier="snap", PubliclyAccessible=True
        )["Cluster"]
        self.assertEqual(out["ClusterStatus"], "creating")
        self.assertEqual(out["RestoreStatus"]["Status"], "starting")
        self.assertEqual((out["NumberOfNodes"], out["DBName"], out["NodeType"]), (2, "sales", "dc2.large"))
        self.assertTrue(out["PubliclyAccessible"])
        self.rs.get_waiter("cluster_restored").wait(ClusterIdentifier="copy", WaiterConfig=FAST)
        cl = self.rs.describe_clusters(ClusterIdentifier="copy")["Clusters"][0]
        self.assertEqual(cl["ClusterStatus"], "available")
        self.assertEqual(cl["RestoreStatus"]["Status"], "completed")
        self.assertEqual(cl["RestoreStatus"]["EstimatedTimeToCompletionInSeconds"], 0)
        self.assertEqual(len(self.ids(ClusterIdentifier="copy", SnapshotType="automated")), 1)

        by_arn = self.rs.restore_from_cluster_snapshot(
            ClusterIdentifier="bigger", SnapshotArn=snapshot_arn("src", "snap"), NodeType="ra3.xlplus"
        )["Cluster"]
        self.assertEqual(by_arn["NodeType"], "ra3.xlplus")
        with self.assertRaises(self.rs.exceptions.ClusterAlreadyExistsFault):
            self.rs.restore_from_cluster_snapshot(ClusterIdentifier="copy", SnapshotIdentifier="snap")
        with self.assertRaises(self.rs.exceptions.ClusterSnapshotNotFoundFault):
            self.rs.restore_from_cluster_snapshot(ClusterIdentifier="x", SnapshotIdentifier="nope")
        with self.assertRaises(self.rs.exceptions.InvalidRestoreFault) as ctx:
            self.rs.restore_from_cluster_snapshot(ClusterIdentifier="x", SnapshotIdentifier="snap", NodeType="dc2.8xlarge")
        self.assertError(ctx, "InvalidRestore", 406)
        with self.assertRaises(ClientError) as ctx:
            self.rs.restore_from_cluster_snapshot(
                ClusterIdentifier="x", SnapshotIdentifier="snap", SnapshotArn=snapshot_arn("src", "snap")
            )
        self.assertError(ctx, "InvalidParameterCombination")
        with self.assertRaises(ClientError) as ctx:
            self.rs.restore_from_cluster_snapshot(ClusterIdentifier="x")
        self.assertError(ctx, "MissingParameter")
        with self.assertRaises(self.rs.exceptions.ClusterNotFoundFault):
            self.rs.describe_clusters(ClusterIdentifier="x")


class CrossAccount(Base):
    def test_share_restore_and_revoke(self):
        b = c.redshift(access_key=ACCOUNT_B)
        third = c.redshift(access_key=ACCOUNT_C)
        self.cluster("prod")
        self.snapshot("prod", "shared")
        self.snapshot("prod", "private")
        arn = snapshot_arn("prod", "shared")
        granted = self.rs.authorize_snapshot_access(SnapshotIdentifier="shared", AccountWithRestoreAccess=ACCOUNT_B)
        self.assertEqual(granted["Snapshot"]["AccountsWithRestoreAccess"], [{"AccountId": ACCOUNT_B}])
        with self.assertRaises(self.rs.exceptions.AuthorizationAlreadyExistsFault):
            self.rs.authorize_snapshot_access(SnapshotArn=arn, AccountWithRestoreAccess=ACCOUNT_B)

        # B sees the shared snapshot (unfiltered, by owner, by ARN), not the private one.
        self.assertEqual(self.ids(client=b), ["shared"])
        self.assertEqual(self.ids(client=b, OwnerAccount=OWNER), ["shared"])
        seen = b.describe_cluster_snapshots(SnapshotArn=arn)["Snapshots"][0]
        self.assertEqual(seen["OwnerAccount"], OWNER)
        with self.assertRaises(b.exceptions.ClusterSnapshotNotFoundFault):
            b.describe_cluster_snapshots(SnapshotArn=snapshot_arn("prod", "private"))
        # A third account neither sees nor restores it.
        self.assertEqual(self.ids(client=third), [])
        with self.assertRaises(third.exceptions.ClusterSnapshotNotFoundFault):
            third.describe_cluster_snapshots(SnapshotArn=arn)
        with self.assertRaises(third.exceptions.AccessToSnapshotDeniedFault):
            third.restore_from_cluster_snapshot(ClusterIdentifier="stolen", SnapshotArn=arn)
        with self.assertRaises(third.exceptions.AccessToSnapshotDeniedFault):
            third.restore_from_cluster_snapshot(
                ClusterIdentifier="stolen", SnapshotIdentifier="shared", OwnerAccount=OWNER
            )
        # B restores into clusters it owns (by ARN, and by identifier + owner).
        restored = b.restore_from_cluster_snapshot(ClusterIdentifier="mine", SnapshotArn=arn)["Cluster"]
        self.assertEqual(restored["RestoreStatus"]["Status"], "starting")
        b.get_waiter("cluster_restored").wait(ClusterIdentifier="mine", WaiterConfig=FAST)
        b.restore_from_cluster_snapshot(ClusterIdentifier="mine2", SnapshotIdentifier="shared", OwnerAccount=OWNER)
        self.assertEqual(
            sorted(x["ClusterIdentifier"] for x in b.describe_clusters()["Clusters"]), ["mine", "mine2"]
        )
        self.assertEqual([x["ClusterIdentifier"] for x in self.rs.describe_clusters()["Clusters"]], ["prod"])
        # Only the owner grants and revokes.
        with self.assertRaises(b.exceptions.ClusterSnapshotNotFoundFault):
            b.authorize_snapshot_access(SnapshotArn=arn, AccountWithRestoreAccess=ACCOUNT_C)
        with self.assertRaises(b.exceptions.AccessToSnapshotDeniedFault):
            b.revoke_snapshot_access(SnapshotArn=arn, AccountWithRestoreAccess=ACCOUNT_B)

        revoked = self.rs.revoke_snapshot_access(SnapshotArn=arn, AccountWithRestoreAccess=ACCOUNT_B)
        self.assertEqual(revoked["Snapshot"]["AccountsWithRestoreAccess"], [])
        self.assertNotIn("shared", self.ids(client=b))
        with self.assertRaises(b.exceptions.AccessToSnapshotDeniedFault):
            b.restore_from_cluster_snapshot(ClusterIdentifier="again", SnapshotArn=arn)
        with self.assertRaises(self.rs.exceptions.AuthorizationNotFoundFault) as ctx:
            self.rs.revoke_snapshot_access(SnapshotIdentifier="shared", AccountWithRestoreAccess=ACCOUNT_B)
        self.assertError(ctx, "AuthorizationNotFound", 404)

    def test_authorization_limits_and_validation(self):
        self.cluster("prod")
        self.snapshot("prod", "s")
        for i in range(20):
            self.rs.authorize_snapshot_access(SnapshotIdentifier="s", AccountWithRestoreAccess=str(400000000000 + i))
        with self.assertRaises(self.rs.exceptions.AuthorizationQuotaExceededFault):
            self.rs.authorize_snapshot_access(SnapshotIdentifier="s", AccountWithRestoreAccess=ACCOUNT_B)
        with self.assertRaises(ClientError) as ctx:
            self.rs.authorize_snapshot_access(SnapshotIdentifier="s", AccountWithRestoreAccess="not-an-account")
        self.assertError(ctx, "InvalidParameterValue")
        with self.assertRaises(self.rs.exceptions.ClusterSnapshotNotFoundFault):
            self.rs.authorize_snapshot_access(SnapshotIdentifier="nope", AccountWithRestoreAccess=ACCOUNT_B)
        # Deleting the snapshot removes every grant.
        self.rs.delete_cluster_snapshot(SnapshotIdentifier="s")
        self.assertEqual(self.ids(client=c.redshift(access_key="400000000000")), [])


class Tags(Base):
    def test_create_describe_delete(self):
        self.cluster("c1", Tags=[{"Key": "env", "Value": "dev"}])
        self.snapshot("c1", "s1")
        self.rs.create_tags(ResourceName=cluster_arn("c1"), Tags=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "data"}])
        self.rs.create_tags(ResourceName=snapshot_arn("c1", "s1"), Tags=[{"Key": "backup", "Value": "weekly"}])
        out = self.rs.describe_tags(ResourceName=cluster_arn("c1"))["TaggedResources"]
        self.assertEqual(
            out[0], {"Tag": {"Key": "env", "Value": "prod"}, "ResourceName": cluster_arn("c1"), "ResourceType": "cluster"}
        )
        self.assertEqual([t["Tag"]["Key"] for t in out], ["env", "team"])
        snap = self.rs.describe_tags(ResourceType="Snapshot")["TaggedResources"]
        self.assertEqual([(t["Tag"]["Key"], t["ResourceType"]) for t in snap], [("backup", "snapshot")])
        self.assertEqual(len(self.rs.describe_tags(TagKeys=["team", "backup"])["TaggedResources"]), 2)
        self.assertEqual(len(self.rs.describe_tags(TagValues=["prod"])["TaggedResources"]), 1)
        tags = self.rs.describe_clusters(ClusterIdentifier="c1")["Clusters"][0]["Tags"]
        self.assertEqual(tags, [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "data"}])
        self.rs.delete_tags(ResourceName=cluster_arn("c1"), TagKeys=["env", "absent"])
        self.assertEqual(
            [t["Tag"]["Key"] for t in self.rs.describe_tags(ResourceName=cluster_arn("c1"))["TaggedResources"]], ["team"]
        )

    def test_errors_limits_and_pagination(self):
        self.cluster("c1")
        arn = cluster_arn("c1")
        with self.assertRaises(self.rs.exceptions.ResourceNotFoundFault) as ctx:
            self.rs.create_tags(ResourceName=cluster_arn("nope"), Tags=[{"Key": "k", "Value": "v"}])
        self.assertError(ctx, "ResourceNotFoundFault", 404)
        with self.assertRaises(self.rs.exceptions.ResourceNotFoundFault):
            self.rs.create_tags(ResourceName=cluster_arn("c1", ACCOUNT_B), Tags=[{"Key": "k", "Value": "v"}])
        b = c.redshift(access_key=ACCOUNT_B)
        with self.assertRaises(b.exceptions.ResourceNotFoundFault):
            b.describe_tags(ResourceName=arn)
        with self.assertRaises(ClientError) as ctx:
            self.rs.create_tags(ResourceName="not-an-arn", Tags=[{"Key": "k", "Value": "v"}])
        self.assertError(ctx, "InvalidParameterValue")
        with self.assertRaises(self.rs.exceptions.InvalidTagFault):
            self.rs.create_tags(ResourceName=arn, Tags=[{"Key": "aws:k", "Value": "v"}])
        with self.assertRaises(ClientError) as ctx:
            self.rs.describe_tags(ResourceName=arn, ResourceType="cluster")
        self.assertError(ctx, "InvalidParameterCombination")
        with self.assertRaises(ClientError) as ctx:
            self.rs.describe_tags(MaxRecords=100)
        self.assertError(ctx, "InvalidParameterValue")
        fifty = [{"Key": f"k{i:02d}", "Value": "v"} for i in range(50)]
        self.rs.create_tags(ResourceName=arn, Tags=fifty)
        self.rs.create_tags(ResourceName=arn, Tags=[{"Key": "k00", "Value": "changed"}])
        with self.assertRaises(self.rs.exceptions.TagLimitExceededFault):
            self.rs.create_tags(ResourceName=arn, Tags=[{"Key": "k50", "Value": "v"}])
        pages = list(self.rs.get_paginator("describe_tags").paginate(PaginationConfig={"PageSize": 20}))
        self.assertEqual([len(p["TaggedResources"]) for p in pages], [20, 20, 10])
        first = pages[0]["TaggedResources"][0]["Tag"]
        self.assertEqual(first, {"Key": "k00", "Value": "changed"})


@unittest.skipUnless(os.environ.get("RSEMU_SLOW_ENDPOINT"), "needs an emulator with --transition-delay 2")
class SlowTransitions(Base):
    """Against an emulator whose lifecycle transitions take 2 s (--transition-delay 2)."""

    endpoint = os.environ.get("RSEMU_SLOW_ENDPOINT")

    def test_snapshot_creating_until_settled(self):
        self.cluster("slow")
        with self.assertRaises(self.rs.exceptions.InvalidClusterStateFault):
            self.snapshot("slow", "early")
        self.rs.get_waiter("cluster_available").wait(ClusterIdentifier="slow", WaiterConfig=FAST)
        self.assertEqual(self.snapshot("slow", "snap")["Status"], "creating")
        self.assertEqual(self.rs.describe_cluster_snapshots(SnapshotIdentifier="snap")["Snapshots"][0]["Status"], "creating")
        with self.assertRaises(self.rs.exceptions.InvalidClusterSnapshotStateFault):
            self.rs.delete_cluster_snapshot(SnapshotIdentifier="snap")
        start = time.monotonic()
        self.rs.get_waiter("snapshot_available").wait(SnapshotIdentifier="snap", WaiterConfig=FAST)
        self.assertGreaterEqual(time.monotonic() - start, 0.9, "the waiter should have had to poll again")
        self.rs.restore_from_cluster_snapshot(ClusterIdentifier="restored", SnapshotIdentifier="snap")
        self.assertEqual(self.rs.describe_clusters(ClusterIdentifier="restored")["Clusters"][0]["ClusterStatus"], "creating")
        self.rs.get_waiter("cluster_restored").wait(ClusterIdentifier="restored", WaiterConfig=FAST)
        self.rs.get_waiter("cluster_available").wait(ClusterIdentifier="restored", WaiterConfig=FAST)


if __name__ == "__main__":
    unittest.main(verbosity=2)
