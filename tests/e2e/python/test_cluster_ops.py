"""End-to-end tests of the cluster operations beyond create/describe/delete
through boto3: ModifyCluster (settings, password, rename, resize), RebootCluster,
PauseCluster/ResumeCluster, ResizeCluster/DescribeResize/CancelResize,
ModifyClusterIamRoles, ModifyClusterMaintenance, RotateEncryptionKey,
Enable/Disable/DescribeLoggingStatus, snapshot copy, GetClusterCredentials(+WithIAM),
the describe-only catalogs, ModifyClusterDbRevision and the node quota; plus
waiters against an emulator with --transition-delay 2.

Run through tests/e2e/boto3_cluster_ops.sh, or by hand against a running emulator:
    RSEMU_ENDPOINT=http://127.0.0.1:PORT python3 -m unittest -v test_cluster_ops
"""

import datetime
import os
import time
import unittest

from botocore.exceptions import ClientError, WaiterError

import e2e_common as c

ROLE_A = "arn:aws:iam::123456789012:role/RoleA"
ROLE_B = "arn:aws:iam::123456789012:role/RoleB"


class Base(unittest.TestCase):
    def setUp(self):
        c.reset()
        self.rs = c.redshift()

    def create(self, identifier, **extra):
        return self.rs.create_cluster(**c.create_kwargs(identifier, **extra))["Cluster"]

    def describe(self, identifier):
        return self.rs.describe_clusters(ClusterIdentifier=identifier)["Clusters"][0]

    def assertError(self, code, fn, *args, status=400, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            fn(*args, **kwargs)
        err = ctx.exception.response["Error"]
        self.assertEqual(err.get("Code"), code, ctx.exception.response)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
        self.assertTrue(err.get("Message"))
        return ctx.exception


class ModifyCluster(Base):
    def test_immediate_settings(self):
        self.create("mod-cluster")
        cl = self.rs.modify_cluster(
            ClusterIdentifier="mod-cluster",
            AutomatedSnapshotRetentionPeriod=7,
            ManualSnapshotRetentionPeriod=30,
            PreferredMaintenanceWindow="Sun:23:15-Mon:01:15",
            AllowVersionUpgrade=False,
        )["Cluster"]
        self.assertEqual(cl["ClusterStatus"], "available")
        self.assertEqual(cl["AutomatedSnapshotRetentionPeriod"], 7)
        self.assertEqual(cl["ManualSnapshotRetentionPeriod"], 30)
        self.assertEqual(cl["PreferredMaintenanceWindow"], "sun:23:15-mon:01:15")
        self.assertIs(cl["AllowVersionUpgrade"], False)
        self.assertEqual(self.describe("mod-cluster")["AutomatedSnapshotRetentionPeriod"], 7)

    def test_password_is_pending_then_gone(self):
        self.create("pw-cluster")
        cl = self.rs.modify_cluster(ClusterIdentifier="pw-cluster", MasterUserPassword="NewPassw0rd")["Cluster"]
        self.assertEqual(cl["ClusterStatus"], "modifying")
        self.assertEqual(cl["PendingModifiedValues"], {"MasterUserPassword": "****"})
        cl = self.describe("pw-cluster")
        self.assertEqual(cl["ClusterStatus"], "available")
        self.assertEqual(cl["PendingModifiedValues"], {})

    def test_pending_settings_apply(self):
        self.create("pend-cluster")
        cl = self.rs.modify_cluster(
            ClusterIdentifier="pend-cluster",
            PubliclyAccessible=True,
            EnhancedVpcRouting=True,
            MaintenanceTrackName="trailing",
            Port=5440,
            VpcSecurityGroupIds=["sg-0aaa"],
            KmsKeyId="arn:aws:kms:us-east-1:123456789012:key/k1",
            AvailabilityZoneRelocation=True,
            AvailabilityZone="us-east-1b",
            IpAddressType="dualstack",
            MultiAZ=True,
            ElasticIp="52.1.2.3",
        )["Cluster"]
        self.assertEqual(cl["ClusterStatus"], "modifying")
        pending = cl["PendingModifiedValues"]
        self.assertIs(pending["PubliclyAccessible"], True)
        self.assertIs(pending["EnhancedVpcRouting"], True)
        self.assertEqual(pending["MaintenanceTrackName"], "trailing")
        self.assertEqual(pending["EncryptionType"], "KMS")
        cl = self.describe("pend-cluster")
        self.assertEqual(cl["ClusterStatus"], "available")
        self.assertIs(cl["PubliclyAccessible"], True)
        self.assertIs(cl["EnhancedVpcRouting"], True)
        self.assertEqual(cl["MaintenanceTrackName"], "trailing")
        self.assertEqual(cl["Endpoint"]["Port"], 5440)
        self.assertEqual(cl["VpcSecurityGroups"], [{"VpcSecurityGroupId": "sg-0aaa", "Status": "active"}])
        self.assertEqual(cl["KmsKeyId"], "arn:aws:kms:us-east-1:123456789012:key/k1")
        self.assertEqual(cl["AvailabilityZone"], "us-east-1b")
        self.assertEqual(cl["AvailabilityZoneRelocationStatus"], "enabled")
        self.assertEqual(cl["IpAddressType"], "dualstack")
        self.assertEqual(cl["MultiAZ"], "Enabled")
        self.assertEqual(cl["ElasticIpStatus"]["ElasticIp"], "52.1.2.3")

    def test_validation_uses_create_rules_and_changes_nothing(self):
        self.create("val-cluster")
        before = self.describe("val-cluster")
        cases = [
            ("InvalidParameterValue", dict(Port=80)),
            ("InvalidParameterValue", dict(NodeType="ds2.xlarge")),
            ("NumberOfNodesPerClusterLimitExceeded", dict(NumberOfNodes=40)),
            ("InvalidParameterCombination", dict(ClusterType="single-node", NumberOfNodes=3)),
            ("InvalidRetentionPeriodFault", dict(AutomatedSnapshotRetentionPeriod=36)),
            ("InvalidRetentionPeriodFault", dict(ManualSnapshotRetentionPeriod=0)),
            ("InvalidParameterValue", dict(PreferredMaintenanceWindow="sat:03:30-sat:03:45")),
            ("InvalidParameterValue", dict(MasterUserPassword="weak")),
            ("InvalidParameterCombination", dict(MasterUserPassword="Passw0rd1", ManageMasterPassword=True)),
            ("InvalidParameterValue", dict(ClusterVersion="2.0")),
            ("InvalidClusterTrack", dict(MaintenanceTrackName="preview")),
            ("InvalidParameterValue", dict(Encrypted=False)),
            ("InvalidParameterValue", dict(AvailabilityZone="eu-west-1a")),
            ("InvalidElasticIpFault", dict(ElasticIp="999.0.0.1")),
            ("InvalidParameterValue", dict(NewClusterIdentifier="Bad_Name")),
        ]
        for code, kwargs in cases:
            with self.subTest(**{k: str(v) for k, v in kwargs.items()}):
                self.assertError(code, self.rs.modify_cluster, ClusterIdentifier="val-cluster", MultiAZ=True, **kwargs)
        self.assertError(
            "ClusterParameterGroupNotFound",
            self.rs.modify_cluster,
            ClusterIdentifier="val-cluster",
            ClusterParameterGroupName="missing-pg",
            status=404,
        )
        self.assertError(
            "ClusterNotFound", self.rs.modify_cluster, ClusterIdentifier="nope", AllowVersionUpgrade=True, status=404
        )
        after = self.describe("val-cluster")
        self.assertEqual(after, before)

    def test_rename(self):
        self.create("old-name", Tags=[{"Key": "env", "Value": "dev"}])
        self.create("taken-name")
        self.assertError(
            "ClusterAlreadyExists", self.rs.modify_cluster, ClusterIdentifier="old-name", NewClusterIdentifier="taken-name"
        )
        cl = self.rs.modify_cluster(ClusterIdentifier="old-name", NewClusterIdentifier="new-name")["Cluster"]
        self.assertEqual(cl["ClusterStatus"], "renaming")
        self.assertEqual(cl["PendingModifiedValues"].get("ClusterIdentifier"), "new-name")
        with self.assertRaises(self.rs.exceptions.ClusterNotFoundFault):
            self.rs.describe_clusters(ClusterIdentifier="old-name")
        cl = self.describe("new-name")
        self.assertEqual(cl["ClusterStatus"], "available")
        self.assertTrue(cl["Endpoint"]["Address"].startswith("new-name."))
        self.assertEqual(cl["Tags"], [{"Key": "env", "Value": "dev"}])
        snapshots = self.rs.describe_cluster_snapshots(ClusterIdentifier="new-name")["Snapshots"]
        for snapshot in snapshots:
            self.assertEqual(snapshot["ClusterIdentifier"], "new-name")

    def test_resize_through_modify(self):
        self.create("grow-cluster")
        cl = self.rs.modify_cluster(ClusterIdentifier="grow-cluster", NumberOfNodes=3)["Cluster"]
        self.assertEqual(cl["ClusterStatus"], "resizing")
        self.assertEqual(cl["PendingModifiedValues"]["NumberOfNodes"], 3)
        self.assertEqual(cl["PendingModifiedValues"]["ClusterType"], "multi-node")
        self.assertEqual(cl["ResizeInfo"], {"ResizeType": "ClassicResize", "AllowCancelResize": True})
        cl = self.describe("grow-cluster")
        self.assertEqual(cl["NumberOfNodes"], 3)
        self.assertEqual(len(cl["ClusterNodes"]), 4)
        self.assertEqual(self.rs.describe_resize(ClusterIdentifier="grow-cluster")["Status"], "SUCCEEDED")

    def test_parameter_group_applying_then_pending_reboot_then_in_sync(self):
        try:
            self.rs.create_cluster_parameter_group(
                ParameterGroupName="custom-pg", ParameterGroupFamily="redshift-1.0", Description="custom"
            )
        except ClientError as e:
            self.skipTest(f"parameter groups not available: {e}")
        self.create("pg-cluster")
        cl = self.rs.modify_cluster(ClusterIdentifier="pg-cluster", ClusterParameterGroupName="custom-pg")["Cluster"]
        self.assertEqual(cl["ClusterParameterGroups"][0]["ParameterApplyStatus"], "applying")
        cl = self.describe("pg-cluster")
        self.assertEqual(cl["ClusterParameterGroups"][0]["ParameterGroupName"], "custom-pg")
        self.assertEqual(cl["ClusterParameterGroups"][0]["ParameterApplyStatus"], "pending-reboot")
        self.assertEqual(self.rs.reboot_cluster(ClusterIdentifier="pg-cluster")["Cluster"]["ClusterStatus"], "rebooting")
        self.assertEqual(self.describe("pg-cluster")["ClusterParameterGroups"][0]["ParameterApplyStatus"], "in-sync")


class Lifecycle(Base):
    def test_reboot(self):
        self.create("rb-cluster")
        cl = self.rs.reboot_cluster(ClusterIdentifier="rb-cluster")["Cluster"]
        self.assertEqual(cl["ClusterStatus"], "rebooting")
        self.assertEqual(self.describe("rb-cluster")["ClusterStatus"], "available")
        self.assertError("ClusterNotFound", self.rs.reboot_cluster, ClusterIdentifier="nope", status=404)

    def test_pause_and_resume(self):
        self.create("pz-cluster")
        self.assertError("InvalidClusterState", self.rs.resume_cluster, ClusterIdentifier="pz-cluster")
        self.assertEqual(self.rs.pause_cluster(ClusterIdentifier="pz-cluster")["Cluster"]["ClusterStatus"], "pausing")
        cl = self.describe("pz-cluster")
        self.assertEqual(cl["ClusterStatus"], "paused")
        self.assertEqual(cl["ClusterAvailabilityStatus"], "Unavailable")
        self.assertError("InvalidClusterState", self.rs.pause_cluster, ClusterIdentifier="pz-cluster")
        self.assertError("InvalidClusterState", self.rs.reboot_cluster, ClusterIdentifier="pz-cluster")
        self.assertEqual(self.rs.resume_cluster(ClusterIdentifier="pz-cluster")["Cluster"]["ClusterStatus"], "resuming")
        self.assertEqual(self.describe("pz-cluster")["ClusterStatus"], "available")
        self.assertError("ClusterNotFound", self.rs.pause_cluster, ClusterIdentifier="nope", status=404)

    def test_rotate_encryption_key(self):
        self.create("key-cluster")
        cl = self.rs.rotate_encryption_key(ClusterIdentifier="key-cluster")["Cluster"]
        self.assertEqual(cl["ClusterStatus"], "rotating-keys")
        self.assertEqual(self.describe("key-cluster")["ClusterStatus"], "available")
        self.assertError("ClusterNotFound", self.rs.rotate_encryption_key, ClusterIdentifier="nope", status=404)

    def test_resize_cluster_and_describe_resize(self):
        self.create("rs-cluster", NumberOfNodes=2)
        self.assertError("ResizeNotFound", self.rs.describe_resize, ClusterIdentifier="rs-cluster", status=404)
        cl = self.rs.resize_cluster(ClusterIdentifier="rs-cluster", NumberOfNodes=4)["Cluster"]
        self.assertEqual(cl["ClusterStatus"], "resizing")
        self.assertEqual(cl["ResizeInfo"], {"ResizeType": "ElasticResize", "AllowCancelResize": False})
        progress = self.rs.describe_resize(ClusterIdentifier="rs-cluster")
        self.assertEqual(progress["Status"], "SUCCEEDED")
        self.assertEqual(progress["TargetNumberOfNodes"], 4)
        self.assertEqual(progress["TargetNodeType"], "ra3.xlplus")
        self.assertEqual(progress["TargetClusterType"], "multi-node")
        self.assertEqual(progress["ResizeType"], "ElasticResize")
        self.assertEqual(self.describe("rs-cluster")["NumberOfNodes"], 4)
        self.assertError("ResizeNotFound", self.rs.cancel_resize, ClusterIdentifier="rs-cluster", status=404)
        self.assertError("InvalidParameterValue", self.rs.resize_cluster, ClusterIdentifier="rs-cluster", NumberOfNodes=4)
        self.assertError(
            "NumberOfNodesPerClusterLimitExceeded", self.rs.resize_cluster, ClusterIdentifier="rs-cluster", NumberOfNodes=99
        )
        self.assertError("ClusterNotFound", self.rs.resize_cluster, ClusterIdentifier="nope", NumberOfNodes=2, status=404)

    def test_iam_roles(self):
        self.create("iam-cluster", IamRoles=[ROLE_A])
        cl = self.rs.modify_cluster_iam_roles(
            ClusterIdentifier="iam-cluster", AddIamRoles=[ROLE_B], RemoveIamRoles=[ROLE_A], DefaultIamRoleArn=ROLE_B
        )["Cluster"]
        statuses = {r["IamRoleArn"]: r["ApplyStatus"] for r in cl["IamRoles"]}
        self.assertEqual(statuses, {ROLE_A: "removing", ROLE_B: "adding"})
        self.assertEqual(cl["DefaultIamRoleArn"], ROLE_B)
        cl = self.describe("iam-cluster")
        self.assertEqual(cl["IamRoles"], [{"IamRoleArn": ROLE_B, "ApplyStatus": "in-sync"}])
        self.assertError(
            "InvalidParameterValue", self.rs.modify_cluster_iam_roles, ClusterIdentifier="iam-cluster", AddIamRoles=[ROLE_B]
        )
        self.assertError(
            "InvalidParameterValue", self.rs.modify_cluster_iam_roles, ClusterIdentifier="iam-cluster", RemoveIamRoles=[ROLE_A]
        )
        self.assertError(
            "InvalidParameterValue", self.rs.modify_cluster_iam_roles, ClusterIdentifier="iam-cluster", AddIamRoles=["nope"]
        )
        self.assertError(
            "ClusterNotFound", self.rs.modify_cluster_iam_roles, ClusterIdentifier="nope", AddIamRoles=[ROLE_A], status=404
        )

    def test_defer_maintenance(self):
        self.create("mnt-cluster", PreferredMaintenanceWindow="sat:03:30-sat:04:00")
        start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        cl = self.rs.modify_cluster_maintenance(
            ClusterIdentifier="mnt-cluster", DeferMaintenance=True, DeferMaintenanceStartTime=start, DeferMaintenanceDuration=10
        )["Cluster"]
        [window] = cl["DeferredMaintenanceWindows"]
        self.assertTrue(window["DeferMaintenanceIdentifier"])
        self.assertEqual(window["DeferMaintenanceStartTime"], start)
        self.assertEqual(window["DeferMaintenanceEndTime"], start + datetime.timedelta(days=10))
        self.assertGreater(cl["NextMaintenanceWindowStartTime"], window["DeferMaintenanceEndTime"])
        self.assertError(
            "InvalidParameterValue",
            self.rs.modify_cluster_maintenance,
            ClusterIdentifier="mnt-cluster",
            DeferMaintenance=True,
            DeferMaintenanceDuration=61,
        )
        self.assertError(
            "InvalidParameterCombination",
            self.rs.modify_cluster_maintenance,
            ClusterIdentifier="mnt-cluster",
            DeferMaintenance=True,
            DeferMaintenanceDuration=5,
            DeferMaintenanceEndTime=start + datetime.timedelta(days=3),
        )
        cl = self.rs.modify_cluster_maintenance(ClusterIdentifier="mnt-cluster", DeferMaintenance=False)["Cluster"]
        self.assertEqual(cl["DeferredMaintenanceWindows"], [])
        self.assertError(
            "ClusterNotFound", self.rs.modify_cluster_maintenance, ClusterIdentifier="nope", DeferMaintenance=False, status=404
        )

    def test_db_revisions(self):
        self.create("rev-cluster")
        [rev] = self.rs.describe_cluster_db_revisions(ClusterIdentifier="rev-cluster")["ClusterDbRevisions"]
        self.assertEqual(rev["ClusterIdentifier"], "rev-cluster")
        [target] = rev["RevisionTargets"]
        self.assertIsInstance(target["DatabaseRevisionReleaseDate"], datetime.datetime)
        self.assertError(
            "InvalidParameterValue", self.rs.modify_cluster_db_revision, ClusterIdentifier="rev-cluster", RevisionTarget="1"
        )
        cl = self.rs.modify_cluster_db_revision(ClusterIdentifier="rev-cluster", RevisionTarget=target["DatabaseRevision"])[
            "Cluster"
        ]
        self.assertEqual(cl["ClusterStatus"], "modifying")
        self.assertEqual(self.describe("rev-cluster")["ClusterRevisionNumber"], target["DatabaseRevision"])
        self.assertError(
            "ClusterOnLatestRevision",
            self.rs.modify_cluster_db_revision,
            ClusterIdentifier="rev-cluster",
            RevisionTarget=target["DatabaseRevision"],
        )
        self.assertError(
            "ClusterNotFound", self.rs.describe_cluster_db_revisions, ClusterIdentifier="nope", status=404
        )

    def test_node_quota(self):
        for i in range(6):
            self.create(f"q-{i}", NumberOfNodes=32)
        self.assertError("NumberOfNodesQuotaExceeded", self.create, "q-over", NumberOfNodes=9)
        self.assertError(
            "NumberOfNodesQuotaExceeded", self.rs.resize_cluster, ClusterIdentifier="q-0", NodeType="ra3.16xlarge", NumberOfNodes=41
        )
        self.create("q-fit", NumberOfNodes=8)
        self.rs.delete_cluster(ClusterIdentifier="q-fit", SkipFinalClusterSnapshot=True)
        self.create("q-again", NumberOfNodes=8)


class LoggingAndCopy(Base):
    def test_logging(self):
        self.create("log-cluster")
        self.assertEqual(self.rs.describe_logging_status(ClusterIdentifier="log-cluster")["LoggingEnabled"], False)
        out = self.rs.enable_logging(ClusterIdentifier="log-cluster", BucketName="my-logs", S3KeyPrefix="audit/")
        self.assertIs(out["LoggingEnabled"], True)
        self.assertEqual(out["BucketName"], "my-logs")
        self.assertEqual(out["S3KeyPrefix"], "audit/")
        self.assertEqual(out["LogDestinationType"], "s3")
        status = self.rs.describe_logging_status(ClusterIdentifier="log-cluster")
        self.assertEqual(status["BucketName"], "my-logs")
        out = self.rs.enable_logging(
            ClusterIdentifier="log-cluster", LogDestinationType="cloudwatch", LogExports=["connectionlog", "userlog"]
        )
        self.assertEqual(out["LogExports"], ["connectionlog", "userlog"])
        self.assertNotIn("BucketName", out)
        self.assertIs(self.rs.disable_logging(ClusterIdentifier="log-cluster")["LoggingEnabled"], False)
        self.assertIs(self.rs.describe_logging_status(ClusterIdentifier="log-cluster")["LoggingEnabled"], False)
        self.assertError("InvalidS3BucketNameFault", self.rs.enable_logging, ClusterIdentifier="log-cluster", BucketName="Bad_B")
        self.assertError(
            "InvalidParameterValue",
            self.rs.enable_logging,
            ClusterIdentifier="log-cluster",
            BucketName="my-logs",
            LogExports=["bogus"],
        )
        self.assertError("ClusterNotFound", self.rs.describe_logging_status, ClusterIdentifier="nope", status=404)

    def test_snapshot_copy(self):
        self.create("copy-cluster")
        self.assertError("SnapshotCopyAlreadyDisabledFault", self.rs.disable_snapshot_copy, ClusterIdentifier="copy-cluster")
        self.assertError(
            "UnknownSnapshotCopyRegionFault",
            self.rs.enable_snapshot_copy,
            ClusterIdentifier="copy-cluster",
            DestinationRegion="mars-1",
            status=404,
        )
        self.assertError(
            "SnapshotCopyGrantNotFoundFault",
            self.rs.enable_snapshot_copy,
            ClusterIdentifier="copy-cluster",
            DestinationRegion="us-west-2",
            SnapshotCopyGrantName="missing-grant",
        )
        cl = self.rs.enable_snapshot_copy(ClusterIdentifier="copy-cluster", DestinationRegion="us-west-2", RetentionPeriod=5)[
            "Cluster"
        ]
        self.assertEqual(
            cl["ClusterSnapshotCopyStatus"],
            {"DestinationRegion": "us-west-2", "RetentionPeriod": 5, "ManualSnapshotRetentionPeriod": -1},
        )
        self.assertError(
            "SnapshotCopyAlreadyEnabledFault",
            self.rs.enable_snapshot_copy,
            ClusterIdentifier="copy-cluster",
            DestinationRegion="us-west-1",
        )
        cl = self.rs.modify_snapshot_copy_retention_period(ClusterIdentifier="copy-cluster", RetentionPeriod=10)["Cluster"]
        self.assertEqual(cl["ClusterSnapshotCopyStatus"]["RetentionPeriod"], 10)
        cl = self.rs.modify_snapshot_copy_retention_period(ClusterIdentifier="copy-cluster", RetentionPeriod=30, Manual=True)[
            "Cluster"
        ]
        self.assertEqual(cl["ClusterSnapshotCopyStatus"]["ManualSnapshotRetentionPeriod"], 30)
        self.assertError(
            "InvalidRetentionPeriodFault",
            self.rs.modify_snapshot_copy_retention_period,
            ClusterIdentifier="copy-cluster",
            RetentionPeriod=36,
        )
        cl = self.rs.disable_snapshot_copy(ClusterIdentifier="copy-cluster")["Cluster"]
        self.assertNotIn("ClusterSnapshotCopyStatus", cl)
        self.assertError(
            "SnapshotCopyDisabledFault",
            self.rs.modify_snapshot_copy_retention_period,
            ClusterIdentifier="copy-cluster",
            RetentionPeriod=3,
        )

    def test_snapshot_copy_with_existing_grant(self):
        try:
            self.rs.create_snapshot_copy_grant(SnapshotCopyGrantName="my-grant")
        except ClientError as e:
            self.skipTest(f"snapshot copy grants not available: {e}")
        self.create("grant-cluster")
        cl = self.rs.enable_snapshot_copy(
            ClusterIdentifier="grant-cluster", DestinationRegion="us-west-2", SnapshotCopyGrantName="my-grant"
        )["Cluster"]
        self.assertEqual(cl["ClusterSnapshotCopyStatus"]["SnapshotCopyGrantName"], "my-grant")


class Credentials(Base):
    def test_get_cluster_credentials(self):
        self.create("cred-cluster")
        before = datetime.datetime.now(datetime.timezone.utc)
        out = self.rs.get_cluster_credentials(
            ClusterIdentifier="cred-cluster", DbUser="alice", DbName="dev", DurationSeconds=1800, DbGroups=["analysts"]
        )
        self.assertEqual(out["DbUser"], "IAM:alice")
        self.assertGreaterEqual(len(out["DbPassword"]), 40)
        delta = (out["Expiration"] - before).total_seconds()
        self.assertTrue(1790 <= delta <= 1810, delta)
        out = self.rs.get_cluster_credentials(ClusterIdentifier="cred-cluster", DbUser="bob", AutoCreate=True)
        self.assertEqual(out["DbUser"], "IAMA:bob")
        for duration in (899, 3601):
            self.assertError(
                "InvalidParameterValue",
                self.rs.get_cluster_credentials,
                ClusterIdentifier="cred-cluster",
                DbUser="alice",
                DurationSeconds=duration,
            )
        self.assertError("InvalidParameterValue", self.rs.get_cluster_credentials, ClusterIdentifier="cred-cluster", DbUser="public")
        self.assertError("ClusterNotFound", self.rs.get_cluster_credentials, ClusterIdentifier="nope", DbUser="a", status=404)

    def test_get_cluster_credentials_with_iam(self):
        self.create("iamcred-cluster")
        out = self.rs.get_cluster_credentials_with_iam(ClusterIdentifier="iamcred-cluster", DurationSeconds=900)
        self.assertTrue(out["DbUser"].startswith("IAM"))
        self.assertTrue(out["DbPassword"])
        self.assertIsInstance(out["NextRefreshTime"], datetime.datetime)
        self.assertError(
            "ClusterNotFound", self.rs.get_cluster_credentials_with_iam, ClusterIdentifier="nope", status=404
        )


class Catalogs(Base):
    def test_cluster_versions(self):
        versions = self.rs.describe_cluster_versions()["ClusterVersions"]
        self.assertEqual(
            versions,
            [
                {
                    "ClusterVersion": "1.0",
                    "ClusterParameterGroupFamily": "redshift-1.0",
                    "Description": "Redshift Cluster Version 1.0",
                }
            ],
        )

    def test_orderable_options_paginate(self):
        pages = list(
            self.rs.get_paginator("describe_orderable_cluster_options").paginate(PaginationConfig={"PageSize": 20})
        )
        options = [o for p in pages for o in p["OrderableClusterOptions"]]
        self.assertEqual(len(options), 12)
        self.assertIn({"NodeType": "ra3.xlplus", "ClusterType": "single-node"},
                      [{"NodeType": o["NodeType"], "ClusterType": o["ClusterType"]} for o in options])
        zones = [z["Name"] for z in options[0]["AvailabilityZones"]]
        self.assertEqual(zones, [f"us-east-1{x}" for x in "abcdef"])
        only = self.rs.describe_orderable_cluster_options(NodeType="dc2.8xlarge")["OrderableClusterOptions"]
        self.assertEqual([(o["NodeType"], o["ClusterType"]) for o in only], [("dc2.8xlarge", "multi-node")])

    def test_cluster_tracks(self):
        tracks = self.rs.describe_cluster_tracks()["MaintenanceTracks"]
        self.assertEqual(sorted(t["MaintenanceTrackName"] for t in tracks), ["current", "trailing"])
        self.assertTrue(all(t["UpdateTargets"] for t in tracks))
        self.assertError("InvalidClusterTrack", self.rs.describe_cluster_tracks, MaintenanceTrackName="beta")


@unittest.skipUnless(os.environ.get("RSEMU_SLOW_ENDPOINT"), "needs an emulator with --transition-delay 2")
class SlowTransitions(unittest.TestCase):
    """Against an emulator whose lifecycle transitions take 2 s (--transition-delay 2)."""

    def setUp(self):
        self.endpoint = os.environ["RSEMU_SLOW_ENDPOINT"]
        c.reset(endpoint=self.endpoint)
        self.rs = c.redshift(endpoint=self.endpoint)
        self.rs.create_cluster(**c.create_kwargs("slow-ops", NumberOfNodes=2))
        self.wait_available()

    def status(self):
        return self.rs.describe_clusters(ClusterIdentifier="slow-ops")["Clusters"][0]["ClusterStatus"]

    def wait_available(self):
        start = time.monotonic()
        self.rs.get_waiter("cluster_available").wait(
            ClusterIdentifier="slow-ops", WaiterConfig={"Delay": 1, "MaxAttempts": 10}
        )
        return time.monotonic() - start

    def test_each_transition_is_visible_then_the_waiter_sees_available(self):
        steps = [
            (self.rs.modify_cluster, dict(MasterUserPassword="Passw0rd9"), "modifying"),
            (self.rs.reboot_cluster, {}, "rebooting"),
            (self.rs.rotate_encryption_key, {}, "rotating-keys"),
            (self.rs.resize_cluster, dict(NumberOfNodes=4), "resizing"),
        ]
        for call, kwargs, during in steps:
            with self.subTest(step=call.__name__):
                self.assertEqual(call(ClusterIdentifier="slow-ops", **kwargs)["Cluster"]["ClusterStatus"], during)
                self.assertEqual(self.status(), during)
                with self.assertRaises(ClientError) as ctx:
                    self.rs.modify_cluster(ClusterIdentifier="slow-ops", AllowVersionUpgrade=False)
                self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidClusterState")
                self.assertGreaterEqual(self.wait_available(), 0.9)
                self.assertEqual(self.status(), "available")

    def test_pause_resume_and_deleted_waiter(self):
        self.assertEqual(self.rs.pause_cluster(ClusterIdentifier="slow-ops")["Cluster"]["ClusterStatus"], "pausing")
        self.assertEqual(self.status(), "pausing")
        time.sleep(2.1)
        self.assertEqual(self.status(), "paused")
        self.assertEqual(self.rs.resume_cluster(ClusterIdentifier="slow-ops")["Cluster"]["ClusterStatus"], "resuming")
        self.assertGreaterEqual(self.wait_available(), 0.9)
        self.rs.delete_cluster(ClusterIdentifier="slow-ops", SkipFinalClusterSnapshot=True)
        self.assertEqual(self.status(), "deleting")
        self.rs.get_waiter("cluster_deleted").wait(ClusterIdentifier="slow-ops", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
        with self.assertRaises(self.rs.exceptions.ClusterNotFoundFault):
            self.rs.describe_clusters(ClusterIdentifier="slow-ops")

    def test_rename_then_waiter_on_new_name(self):
        cl = self.rs.modify_cluster(ClusterIdentifier="slow-ops", NewClusterIdentifier="slow-renamed")["Cluster"]
        self.assertEqual(cl["ClusterStatus"], "renaming")
        renamed = self.rs.describe_clusters(ClusterIdentifier="slow-renamed")["Clusters"][0]
        self.assertEqual(renamed["ClusterStatus"], "renaming")
        self.rs.get_waiter("cluster_available").wait(
            ClusterIdentifier="slow-renamed", WaiterConfig={"Delay": 1, "MaxAttempts": 10}
        )
        with self.assertRaises(self.rs.exceptions.ClusterNotFoundFault):
            self.rs.describe_clusters(ClusterIdentifier="slow-ops")

    def test_cancel_classic_resize(self):
        cl = self.rs.resize_cluster(ClusterIdentifier="slow-ops", NumberOfNodes=4, Classic=True)["Cluster"]
        self.assertEqual(cl["ResizeInfo"]["ResizeType"], "ClassicResize")
        self.assertEqual(self.rs.describe_resize(ClusterIdentifier="slow-ops")["Status"], "IN_PROGRESS")
        self.assertEqual(self.rs.cancel_resize(ClusterIdentifier="slow-ops")["Status"], "CANCELLING")
        self.assertEqual(self.status(), "cancelling-resize")
        self.wait_available()
        self.assertEqual(self.rs.describe_clusters(ClusterIdentifier="slow-ops")["Clusters"][0]["NumberOfNodes"], 2)

    def test_cluster_deleted_waiter_fails_on_modifying(self):
        self.rs.modify_cluster(ClusterIdentifier="slow-ops", MasterUserPassword="Passw0rd8")
        with self.assertRaises(WaiterError):
            self.rs.get_waiter("cluster_deleted").wait(
                ClusterIdentifier="slow-ops", WaiterConfig={"Delay": 1, "MaxAttempts": 2}
            )


if __name__ == "__main__":
    unittest.main()
