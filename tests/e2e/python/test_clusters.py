"""End-to-end tests of the Redshift cluster foundation (CreateCluster,
DescribeClusters, DeleteCluster) through boto3, plus account isolation, the
AWS_ENDPOINT_URL override and the emulator's admin API.

Run through tests/e2e/boto3_clusters.sh, or by hand against a running emulator:
    RSEMU_ENDPOINT=http://127.0.0.1:PORT python3 -m unittest -v test_clusters
"""

import datetime
import json
import os
import re
import subprocess
import sys
import time
import unittest

from botocore.exceptions import ClientError, WaiterError

import e2e_common as c

NAMESPACE_ARN = re.compile(
    r"^arn:aws:redshift:us-east-1:(\d{12}):namespace:"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)


def endpoint_re(identifier):
    return re.compile(r"^" + re.escape(identifier) + r"\.([a-z0-9]+)\.us-east-1\.redshift\.amazonaws\.com$")


class Base(unittest.TestCase):
    def setUp(self):
        c.reset()
        self.rs = c.redshift()

    def create(self, identifier, client=None, **extra):
        return (client or self.rs).create_cluster(**c.create_kwargs(identifier, **extra))["Cluster"]

    def describe_one(self, identifier, client=None):
        clusters = (client or self.rs).describe_clusters(ClusterIdentifier=identifier)["Clusters"]
        self.assertEqual(len(clusters), 1, clusters)
        return clusters[0]

    def all_identifiers(self, client=None):
        return [x["ClusterIdentifier"] for x in (client or self.rs).describe_clusters()["Clusters"]]

    def assertClientError(self, ctx, code, status=400):
        err = ctx.exception.response["Error"]
        meta = ctx.exception.response["ResponseMetadata"]
        self.assertEqual(err.get("Code"), code, ctx.exception.response)
        self.assertEqual(meta.get("HTTPStatusCode"), status, ctx.exception.response)
        self.assertTrue(err.get("Message"), "error without a message")
        self.assertEqual(err.get("Type"), "Sender")
        self.assertRegex(meta.get("RequestId") or "", r"^[0-9a-f-]{36}$")


class CreateCluster(Base):
    def test_create_response_fields(self):
        tags = [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "data eng"}]
        role = "arn:aws:iam::123456789012:role/RedshiftRole1"
        resp = self.rs.create_cluster(
            **c.create_kwargs(
                "my-cluster",
                NumberOfNodes=2,
                Tags=tags,
                VpcSecurityGroupIds=["sg-0123456789abcdef0"],
                IamRoles=[role],
            )
        )
        self.assertRegex(resp["ResponseMetadata"]["RequestId"], r"^[0-9a-f-]{36}$")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 200)
        cl = resp["Cluster"]
        self.assertEqual(cl["ClusterIdentifier"], "my-cluster")
        self.assertEqual(cl["ClusterStatus"], "creating")
        self.assertEqual(cl["NodeType"], "ra3.xlplus")
        self.assertEqual(cl["NumberOfNodes"], 2)
        self.assertEqual(cl["MasterUsername"], "awsuser")
        self.assertEqual(cl["DBName"], "dev")
        # No endpoint while the cluster is still being created (AWS's own sample).
        self.assertNotIn("Endpoint", cl)
        self.assertEqual(
            [
                {k: g.get(k) for k in ("ParameterGroupName", "ParameterApplyStatus")}
                for g in cl["ClusterParameterGroups"]
            ],
            [{"ParameterGroupName": "default.redshift-1.0", "ParameterApplyStatus": "in-sync"}],
        )
        self.assertIs(cl["Encrypted"], True)
        self.assertEqual(sorted(cl["Tags"], key=lambda t: t["Key"]), tags)
        self.assertEqual(cl["PendingModifiedValues"].get("MasterUserPassword"), "****")
        m = NAMESPACE_ARN.match(cl.get("ClusterNamespaceArn", ""))
        self.assertIsNotNone(m, cl.get("ClusterNamespaceArn"))
        self.assertEqual(m.group(1), c.DEFAULT_ACCOUNT)
        self.assertEqual(
            cl["VpcSecurityGroups"], [{"VpcSecurityGroupId": "sg-0123456789abcdef0", "Status": "active"}]
        )
        self.assertEqual([r["IamRoleArn"] for r in cl["IamRoles"]], [role])
        self.assertIn(cl["IamRoles"][0]["ApplyStatus"], ("adding", "in-sync"))
        self.assertNotIn(c.PASSWORD, json.dumps(resp, default=str))

    def test_create_defaults(self):
        cl = self.create("defaults-cluster")
        self.assertEqual(cl["NumberOfNodes"], 1)
        self.assertEqual(cl["ClusterVersion"], "1.0")
        self.assertIs(cl["AllowVersionUpgrade"], True)
        self.assertEqual(cl["AutomatedSnapshotRetentionPeriod"], 1)
        self.assertEqual(cl["ManualSnapshotRetentionPeriod"], -1)
        self.assertIs(cl["PubliclyAccessible"], False)
        self.assertIs(cl["EnhancedVpcRouting"], False)
        self.assertEqual(cl["ClusterSubnetGroupName"], "default")
        self.assertEqual(cl["MaintenanceTrackName"], "current")
        self.assertEqual(cl["Tags"], [])
        self.assertEqual(cl["ClusterSecurityGroups"], [])

    def test_describe_after_create_is_available_with_endpoint(self):
        self.create("my-cluster", NumberOfNodes=2, Tags=[{"Key": "env", "Value": "dev"}])
        cl = self.describe_one("my-cluster")
        self.assertEqual(cl["ClusterStatus"], "available")
        self.assertRegex(cl["Endpoint"]["Address"], endpoint_re("my-cluster"))
        self.assertEqual(cl["Endpoint"]["Port"], 5439)
        self.assertIsInstance(cl["ClusterCreateTime"], datetime.datetime)
        self.assertIsNotNone(cl["ClusterCreateTime"].tzinfo)
        age = datetime.datetime.now(datetime.timezone.utc) - cl["ClusterCreateTime"]
        self.assertLess(abs(age.total_seconds()), 300, cl["ClusterCreateTime"])
        self.assertNotIn("MasterUserPassword", cl.get("PendingModifiedValues", {}))
        self.assertEqual(cl["Tags"], [{"Key": "env", "Value": "dev"}])
        self.assertEqual(cl["NumberOfNodes"], 2)
        self.assertEqual(cl["DBName"], "dev")

    def test_endpoint_uid_is_shared_by_clusters_of_one_account(self):
        self.create("first-cluster")
        self.create("second-cluster")
        a = endpoint_re("first-cluster").match(self.describe_one("first-cluster")["Endpoint"]["Address"])
        b = endpoint_re("second-cluster").match(self.describe_one("second-cluster")["Endpoint"]["Address"])
        self.assertIsNotNone(a)
        self.assertIsNotNone(b)
        self.assertEqual(a.group(1), b.group(1))

    def test_custom_port_and_dbname(self):
        self.create("port-cluster", Port=5440, DBName="analytics")
        cl = self.describe_one("port-cluster")
        self.assertEqual(cl["Endpoint"]["Port"], 5440)
        self.assertEqual(cl["DBName"], "analytics")

    def test_cluster_available_waiter(self):
        self.create("wait-cluster")
        self.rs.get_waiter("cluster_available").wait(
            ClusterIdentifier="wait-cluster", WaiterConfig={"Delay": 1, "MaxAttempts": 5}
        )
        self.assertEqual(self.describe_one("wait-cluster")["ClusterStatus"], "available")

    def test_duplicate_create_is_cluster_already_exists(self):
        self.create("dup-cluster")
        with self.assertRaises(self.rs.exceptions.ClusterAlreadyExistsFault) as ctx:
            self.create("dup-cluster")
        self.assertClientError(ctx, "ClusterAlreadyExists", 400)
        self.assertEqual(self.all_identifiers(), ["dup-cluster"])


class ConcurrentCreates(Base):
    def test_exactly_one_of_concurrent_identical_creates_wins(self):
        import threading

        results = []
        lock = threading.Lock()
        barrier = threading.Barrier(8)

        def worker():
            client = c.redshift()
            barrier.wait()
            try:
                client.create_cluster(**c.create_kwargs("race-cluster"))
                outcome = "ok"
            except ClientError as e:
                outcome = e.response["Error"]["Code"]
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        self.assertEqual(sorted(results), ["ClusterAlreadyExists"] * 7 + ["ok"])
        self.assertEqual(self.all_identifiers(), ["race-cluster"])


class Pagination(Base):
    def setUp(self):
        super().setUp()
        self.ids = [f"page-cluster-{i:02d}" for i in range(45)]
        for ident in self.ids:
            self.create(ident)

    def test_paginator_page_size_20(self):
        pages = list(self.rs.get_paginator("describe_clusters").paginate(PaginationConfig={"PageSize": 20}))
        self.assertEqual([len(p["Clusters"]) for p in pages], [20, 20, 5])
        self.assertNotIn("Marker", pages[-1])
        seen = [x["ClusterIdentifier"] for p in pages for x in p["Clusters"]]
        self.assertEqual(sorted(seen), sorted(self.ids))
        self.assertEqual(len(set(seen)), 45)

    def test_default_page_holds_all_45(self):
        resp = self.rs.describe_clusters()
        self.assertEqual(len(resp["Clusters"]), 45)
        self.assertNotIn("Marker", resp)

    def test_max_items_and_starting_token_resume(self):
        pag = self.rs.get_paginator("describe_clusters")
        first = pag.paginate(PaginationConfig={"PageSize": 20, "MaxItems": 30}).build_full_result()
        self.assertEqual(len(first["Clusters"]), 30)
        self.assertIn("NextToken", first)
        rest = pag.paginate(
            PaginationConfig={"PageSize": 20, "StartingToken": first["NextToken"]}
        ).build_full_result()
        self.assertNotIn("NextToken", rest)
        a = [x["ClusterIdentifier"] for x in first["Clusters"]]
        b = [x["ClusterIdentifier"] for x in rest["Clusters"]]
        self.assertEqual(len(b), 15)
        self.assertEqual(sorted(a + b), sorted(self.ids))

    def test_server_marker_is_reusable(self):
        p1 = self.rs.describe_clusters(MaxRecords=20)
        marker = p1["Marker"]
        p2a = self.rs.describe_clusters(MaxRecords=20, Marker=marker)
        p2b = self.rs.describe_clusters(MaxRecords=20, Marker=marker)
        ids_a = [x["ClusterIdentifier"] for x in p2a["Clusters"]]
        ids_b = [x["ClusterIdentifier"] for x in p2b["Clusters"]]
        self.assertEqual(ids_a, ids_b)
        self.assertEqual(len(ids_a), 20)
        self.assertFalse(set(ids_a) & {x["ClusterIdentifier"] for x in p1["Clusters"]})

    def test_cluster_identifier_with_marker_is_invalid_combination(self):
        marker = self.rs.describe_clusters(MaxRecords=20)["Marker"]
        with self.assertRaises(ClientError) as ctx:
            self.rs.describe_clusters(ClusterIdentifier="page-cluster-00", Marker=marker)
        self.assertClientError(ctx, "InvalidParameterCombination")

    def test_max_records_out_of_range(self):
        for value in (10, 19, 101):
            with self.subTest(MaxRecords=value):
                with self.assertRaises(ClientError) as ctx:
                    self.rs.describe_clusters(MaxRecords=value)
                self.assertClientError(ctx, "InvalidParameterValue")


class NotFoundAndDelete(Base):
    def test_describe_missing_cluster(self):
        with self.assertRaises(self.rs.exceptions.ClusterNotFoundFault) as ctx:
            self.rs.describe_clusters(ClusterIdentifier="no-such-cluster")
        self.assertClientError(ctx, "ClusterNotFound", 404)
        self.assertIn("no-such-cluster", ctx.exception.response["Error"]["Message"])

    def test_delete_missing_cluster(self):
        with self.assertRaises(self.rs.exceptions.ClusterNotFoundFault) as ctx:
            self.rs.delete_cluster(ClusterIdentifier="no-such-cluster", SkipFinalClusterSnapshot=True)
        self.assertClientError(ctx, "ClusterNotFound", 404)

    def test_describe_is_case_sensitive_exact_match(self):
        self.create("exact-cluster")
        with self.assertRaises(self.rs.exceptions.ClusterNotFoundFault):
            self.rs.describe_clusters(ClusterIdentifier="exact-cluste")

    def test_delete_then_gone(self):
        self.create("del-cluster")
        self.create("keep-cluster")
        cl = self.rs.delete_cluster(ClusterIdentifier="del-cluster", SkipFinalClusterSnapshot=True)["Cluster"]
        self.assertEqual(cl["ClusterIdentifier"], "del-cluster")
        self.assertEqual(cl["ClusterStatus"], "deleting")
        with self.assertRaises(self.rs.exceptions.ClusterNotFoundFault) as ctx:
            self.rs.describe_clusters(ClusterIdentifier="del-cluster")
        self.assertClientError(ctx, "ClusterNotFound", 404)
        self.assertEqual(self.all_identifiers(), ["keep-cluster"])
        # The identifier is free again once the cluster is gone.
        self.assertEqual(self.create("del-cluster")["ClusterStatus"], "creating")

    def test_cluster_deleted_waiter(self):
        self.create("waitdel-cluster")
        self.rs.delete_cluster(ClusterIdentifier="waitdel-cluster", SkipFinalClusterSnapshot=True)
        self.rs.get_waiter("cluster_deleted").wait(
            ClusterIdentifier="waitdel-cluster", WaiterConfig={"Delay": 1, "MaxAttempts": 5}
        )

    def test_delete_without_final_snapshot_choice(self):
        self.create("keep-me")
        with self.assertRaises(ClientError) as ctx:
            self.rs.delete_cluster(ClusterIdentifier="keep-me")
        self.assertClientError(ctx, "InvalidParameterCombination")
        self.assertEqual(self.describe_one("keep-me")["ClusterStatus"], "available")

    def test_delete_with_skip_and_final_snapshot_identifier(self):
        self.create("keep-me")
        with self.assertRaises(ClientError) as ctx:
            self.rs.delete_cluster(
                ClusterIdentifier="keep-me", SkipFinalClusterSnapshot=True, FinalClusterSnapshotIdentifier="snap-1"
            )
        self.assertClientError(ctx, "InvalidParameterCombination")
        self.assertEqual(self.describe_one("keep-me")["ClusterStatus"], "available")


class Validation(Base):
    """Invalid input boto3 is willing to send; each must be rejected and create nothing."""

    def assertRejected(self, code_or_codes, **kwargs):
        codes = (code_or_codes,) if isinstance(code_or_codes, str) else code_or_codes
        c.reset()  # independent sub-tests even when an earlier one leaked a cluster
        with self.assertRaises(ClientError) as ctx:
            self.rs.create_cluster(**kwargs)
        err = ctx.exception.response["Error"]
        self.assertIn(err.get("Code"), codes, ctx.exception.response)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertTrue(err.get("Message"))
        self.assertEqual(self.all_identifiers(), [], "a rejected CreateCluster left a cluster behind")
        return err

    def test_bad_identifiers(self):
        for ident in ("My_Cluster", "1cluster", "cluster-", "clu--ster", "a" * 64, "has space"):
            with self.subTest(identifier=ident):
                err = self.assertRejected("InvalidParameterValue", **c.create_kwargs(ident))
                self.assertIn("ClusterIdentifier", err["Message"])

    def test_upper_case_identifier_is_lower_cased(self):
        # Redshift stores identifiers lower-cased (a mixed-case create echoes lower case).
        self.assertEqual(self.create("MyCluster")["ClusterIdentifier"], "mycluster")
        found = self.rs.describe_clusters(ClusterIdentifier="MYCLUSTER")["Clusters"]
        self.assertEqual([cl["ClusterIdentifier"] for cl in found], ["mycluster"])

    def test_longest_identifier_accepted(self):
        ident = "a" + "b" * 62
        self.assertEqual(self.create(ident)["ClusterIdentifier"], ident)

    def test_weak_passwords(self):
        for pw in ("password", "PASSWORD1", "password1", "Pass1", "Passw0rd'x", "Pass w0rd", "Passw0rd@x",
                   "P" + "a" * 62 + "1x"):
            with self.subTest(password=pw):
                self.assertRejected("InvalidParameterValue", **c.create_kwargs("pw-cluster", MasterUserPassword=pw))

    def test_unknown_node_type(self):
        for nt in ("ra3.huge", "ds2.xlarge", "dc1.large", ""):
            with self.subTest(node_type=nt):
                self.assertRejected("InvalidParameterValue", **c.create_kwargs("nt-cluster", NodeType=nt))

    def test_multi_node_with_one_node(self):
        self.assertRejected(
            ("InvalidParameterValue", "InvalidParameterCombination"),
            **c.create_kwargs("mn-cluster", ClusterType="multi-node", NumberOfNodes=1),
        )

    def test_single_node_with_two_nodes(self):
        self.assertRejected(
            "InvalidParameterCombination",
            **c.create_kwargs("sn-cluster", ClusterType="single-node", NumberOfNodes=2),
        )

    def test_unknown_cluster_type(self):
        self.assertRejected("InvalidParameterValue", **c.create_kwargs("ct-cluster", ClusterType="triple-node"))

    def test_port_out_of_range_for_ra3(self):
        self.assertRejected("InvalidParameterValue", **c.create_kwargs("port-cluster", Port=1234))

    def test_bad_master_username(self):
        for user in ("public", "1admin", "ad:min"):
            with self.subTest(user=user):
                self.assertRejected("InvalidParameterValue", **c.create_kwargs("user-cluster", MasterUsername=user))


class TagFilters(Base):
    def setUp(self):
        super().setUp()
        self.create("tag-a", Tags=[{"Key": "env", "Value": "dev"}])
        self.create("tag-b", Tags=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "data"}])
        self.create("tag-c", Tags=[{"Key": "team", "Value": "web"}])
        self.create("tag-d")

    def ids(self, **kw):
        return sorted(x["ClusterIdentifier"] for x in self.rs.describe_clusters(**kw)["Clusters"])

    def test_tag_keys(self):
        self.assertEqual(self.ids(TagKeys=["env"]), ["tag-a", "tag-b"])
        self.assertEqual(self.ids(TagKeys=["env", "team"]), ["tag-a", "tag-b", "tag-c"])

    def test_tag_values(self):
        self.assertEqual(self.ids(TagValues=["web"]), ["tag-c"])
        self.assertEqual(self.ids(TagValues=["dev", "data"]), ["tag-a", "tag-b"])

    def test_tag_keys_and_values(self):
        self.assertEqual(self.ids(TagKeys=["team"], TagValues=["web"]), ["tag-c"])
        self.assertEqual(self.ids(TagKeys=["env"], TagValues=["dev"]), ["tag-a"])

    def test_no_match_is_an_empty_list(self):
        self.assertEqual(self.ids(TagKeys=["nope"]), [])


@unittest.skipUnless(os.environ.get("RSEMU_SLOW_ENDPOINT"), "needs an emulator with --transition-delay 2")
class SlowTransitions(unittest.TestCase):
    """Against an emulator whose lifecycle transitions take 2 s (--transition-delay 2)."""

    def setUp(self):
        self.endpoint = os.environ["RSEMU_SLOW_ENDPOINT"]
        c.reset(endpoint=self.endpoint)
        self.rs = c.redshift(endpoint=self.endpoint)

    def status(self, identifier):
        return self.rs.describe_clusters(ClusterIdentifier=identifier)["Clusters"][0]["ClusterStatus"]

    def test_creating_until_settled_and_waiter_polls(self):
        self.rs.create_cluster(**c.create_kwargs("slow-cluster"))
        cl = self.rs.describe_clusters(ClusterIdentifier="slow-cluster")["Clusters"][0]
        self.assertEqual(cl["ClusterStatus"], "creating")
        self.assertNotIn("Endpoint", cl)
        start = time.monotonic()
        self.rs.get_waiter("cluster_available").wait(
            ClusterIdentifier="slow-cluster", WaiterConfig={"Delay": 1, "MaxAttempts": 10}
        )
        self.assertGreaterEqual(time.monotonic() - start, 0.9, "the waiter should have had to poll again")
        cl = self.rs.describe_clusters(ClusterIdentifier="slow-cluster")["Clusters"][0]
        self.assertEqual(cl["ClusterStatus"], "available")
        self.assertEqual(cl["Endpoint"]["Port"], 5439)

    def test_delete_while_creating_is_invalid_cluster_state(self):
        self.rs.create_cluster(**c.create_kwargs("slow-cluster"))
        with self.assertRaises(ClientError) as ctx:
            self.rs.delete_cluster(ClusterIdentifier="slow-cluster", SkipFinalClusterSnapshot=True)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidClusterState")
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(self.status("slow-cluster"), "creating")

    def test_cluster_deleted_waiter_fails_on_creating(self):
        self.rs.create_cluster(**c.create_kwargs("slow-cluster"))
        with self.assertRaises(WaiterError) as ctx:
            self.rs.get_waiter("cluster_deleted").wait(
                ClusterIdentifier="slow-cluster", WaiterConfig={"Delay": 1, "MaxAttempts": 3}
            )
        self.assertIn("terminal failure", str(ctx.exception))

    def test_deleting_cluster_keeps_its_name_until_gone(self):
        self.rs.create_cluster(**c.create_kwargs("slow-cluster"))
        self.rs.get_waiter("cluster_available").wait(
            ClusterIdentifier="slow-cluster", WaiterConfig={"Delay": 1, "MaxAttempts": 10}
        )
        out = self.rs.delete_cluster(ClusterIdentifier="slow-cluster", SkipFinalClusterSnapshot=True)
        self.assertEqual(out["Cluster"]["ClusterStatus"], "deleting")
        self.assertEqual(self.status("slow-cluster"), "deleting")
        with self.assertRaises(self.rs.exceptions.ClusterAlreadyExistsFault):
            self.rs.create_cluster(**c.create_kwargs("slow-cluster"))
        with self.assertRaises(ClientError) as ctx:
            self.rs.delete_cluster(ClusterIdentifier="slow-cluster", SkipFinalClusterSnapshot=True)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidClusterState")
        with self.assertRaises(WaiterError) as ctx:
            self.rs.get_waiter("cluster_available").wait(
                ClusterIdentifier="slow-cluster", WaiterConfig={"Delay": 1, "MaxAttempts": 3}
            )
        self.assertIn("deleting", str(ctx.exception))
        self.rs.get_waiter("cluster_deleted").wait(
            ClusterIdentifier="slow-cluster", WaiterConfig={"Delay": 1, "MaxAttempts": 10}
        )
        with self.assertRaises(self.rs.exceptions.ClusterNotFoundFault):
            self.rs.describe_clusters(ClusterIdentifier="slow-cluster")


class AccountIsolation(Base):
    def test_other_account_sees_nothing_and_can_reuse_identifier(self):
        other = c.redshift(access_key="111111111111")
        self.create("shared-name", Tags=[{"Key": "owner", "Value": "default"}])
        self.assertEqual(self.all_identifiers(other), [])
        with self.assertRaises(other.exceptions.ClusterNotFoundFault):
            other.describe_clusters(ClusterIdentifier="shared-name")
        created = self.create("shared-name", client=other)
        m = NAMESPACE_ARN.match(created["ClusterNamespaceArn"])
        self.assertIsNotNone(m, created["ClusterNamespaceArn"])
        self.assertEqual(m.group(1), "111111111111")
        self.assertEqual(created["Tags"], [])
        mine = self.describe_one("shared-name")
        theirs = self.describe_one("shared-name", client=other)
        self.assertEqual(mine["Tags"], [{"Key": "owner", "Value": "default"}])
        self.assertEqual(theirs["Tags"], [])
        self.assertNotEqual(mine["ClusterNamespaceArn"], theirs["ClusterNamespaceArn"])
        # Deleting in one account leaves the other's cluster alone.
        other.delete_cluster(ClusterIdentifier="shared-name", SkipFinalClusterSnapshot=True)
        self.assertEqual(self.all_identifiers(other), [])
        self.assertEqual(self.all_identifiers(), ["shared-name"])

    def test_other_account_cannot_delete(self):
        other = c.redshift(access_key="111111111111")
        self.create("mine-only")
        with self.assertRaises(other.exceptions.ClusterNotFoundFault):
            other.delete_cluster(ClusterIdentifier="mine-only", SkipFinalClusterSnapshot=True)
        self.assertEqual(self.describe_one("mine-only")["ClusterStatus"], "available")

    def test_any_non_numeric_key_is_the_default_account(self):
        self.create("default-acct")
        other_key = c.redshift(access_key="AKIAIOSFODNN7EXAMPLE", secret_key="whatever")
        self.assertEqual(self.all_identifiers(other_key), ["default-acct"])


class EndpointFromEnvironment(Base):
    def test_aws_endpoint_url_env_without_endpoint_url(self):
        self.create("env-cluster")
        code = (
            "import boto3, json\n"
            "from botocore.config import Config\n"
            "rs = boto3.client('redshift', config=Config(retries={'max_attempts': 1}))\n"
            "print(json.dumps([x['ClusterIdentifier'] for x in rs.describe_clusters()['Clusters']]))\n"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            AWS_ENDPOINT_URL=c.ENDPOINT,
            AWS_ACCESS_KEY_ID="test",
            AWS_SECRET_ACCESS_KEY="test",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_REGION="us-east-1",
            AWS_CONFIG_FILE="/dev/null",
            AWS_SHARED_CREDENTIALS_FILE="/dev/null",
        )
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout), ["env-cluster"])


class AdminApi(Base):
    def test_health(self):
        status, headers, body, doc = c.health()
        self.assertEqual(status, 200, body)
        self.assertIn("json", headers.get("Content-Type", ""))
        self.assertIsInstance(doc, dict)
        self.assertIn("status", doc)
        self.assertIn("version", doc)
        self.assertIsInstance(doc["version"], str)
        self.assertTrue(doc["version"])

    def _check_reset(self, path):
        self.create("reset-me")
        other = c.redshift(access_key="111111111111")
        self.create("reset-me-too", client=other)
        c.reset(path)
        self.assertEqual(self.all_identifiers(), [])
        self.assertEqual(self.all_identifiers(other), [])
        # After a reset the same identifier can be created again.
        self.assertEqual(self.create("reset-me")["ClusterStatus"], "creating")

    def test_emulator_reset(self):
        self._check_reset("/_emulator/reset")

    def test_moto_api_reset(self):
        self._check_reset("/moto-api/reset")


if __name__ == "__main__":
    unittest.main(verbosity=2)
