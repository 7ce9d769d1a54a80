"""E2E (run by durability.sh): Write stores resources of every family, the
emulator is killed and restarted on the same --data-dir, Read finds them all."""

import json
import os
import unittest

import boto3

from e2e_common import ENDPOINT, PASSWORD, client_config

STATE = os.environ.get("RSEMU_DURABILITY_STATE", "/tmp/rsemu-durability.json")
OWNER = "111111111111"
GRANTEE = "222222222222"


def client(service, key="test", secret="test"):
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret,
                                 region_name="us-east-1").client(service, endpoint_url=ENDPOINT,
                                                                 config=client_config())


class Write(unittest.TestCase):
    def test_write_every_family(self):
        rs = client("redshift", OWNER)
        for i in range(30):
            rs.create_cluster(ClusterIdentifier=f"c{i:02d}", NodeType="dc2.large", MasterUsername="awsuser",
                              MasterUserPassword=PASSWORD,
                              Tags=[{"Key": "n", "Value": str(i)}, {"Key": "env", "Value": "durable"}])
        arn = f"arn:aws:redshift:us-east-1:{OWNER}:cluster:c00"
        rs.create_tags(ResourceName=arn, Tags=[{"Key": "added", "Value": "later"}])
        rs.create_cluster_snapshot(SnapshotIdentifier="snap-1", ClusterIdentifier="c01",
                                   Tags=[{"Key": "kind", "Value": "manual"}])
        rs.authorize_snapshot_access(SnapshotIdentifier="snap-1", AccountWithRestoreAccess=GRANTEE)
        rs.create_cluster_parameter_group(ParameterGroupName="pg-1", ParameterGroupFamily="redshift-1.0",
                                          Description="kept")
        rs.delete_cluster(ClusterIdentifier="c29", SkipFinalClusterSnapshot=True)
        iam = client("iam", OWNER)
        iam.create_user(UserName="keeper", Tags=[{"Key": "team", "Value": "data"}])
        iam.put_user_policy(UserName="keeper", PolicyName="read", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "redshift:Describe*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName="keeper")["AccessKey"]
        with open(STATE, "w") as f:
            json.dump({"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}, f)


class Read(unittest.TestCase):
    def test_everything_acknowledged_is_there(self):
        with open(STATE) as f:
            state = json.load(f)
        rs = client("redshift", OWNER)
        clusters = []
        for page in rs.get_paginator("describe_clusters").paginate(PaginationConfig={"PageSize": 20}):
            clusters += page["Clusters"]
        self.assertEqual([c["ClusterIdentifier"] for c in clusters], [f"c{i:02d}" for i in range(29)])
        self.assertTrue(all(c["ClusterStatus"] == "available" for c in clusters))
        c00 = next(c for c in clusters if c["ClusterIdentifier"] == "c00")
        self.assertEqual({t["Key"]: t["Value"] for t in c00["Tags"]},
                         {"n": "0", "env": "durable", "added": "later"})
        tagged = rs.describe_clusters(TagKeys=["env"], TagValues=["durable"])["Clusters"]
        self.assertEqual(len(tagged), 29)
        snapshot = rs.describe_cluster_snapshots(SnapshotIdentifier="snap-1")["Snapshots"][0]
        self.assertEqual(snapshot["ClusterIdentifier"], "c01")
        self.assertEqual(snapshot["Status"], "available")
        self.assertEqual([a["AccountId"] for a in snapshot["AccountsWithRestoreAccess"]], [GRANTEE])
        self.assertEqual({t["Key"]: t["Value"] for t in snapshot["Tags"]}, {"kind": "manual"})
        shared = client("redshift", GRANTEE).describe_cluster_snapshots(OwnerAccount=OWNER)["Snapshots"]
        self.assertEqual([s["SnapshotIdentifier"] for s in shared], ["snap-1"])
        groups = [g["ParameterGroupName"] for g in rs.describe_cluster_parameter_groups()["ParameterGroups"]]
        self.assertIn("pg-1", groups)
        with self.assertRaises(rs.exceptions.ClusterNotFoundFault):
            rs.describe_clusters(ClusterIdentifier="c29")
        iam = client("iam", OWNER)
        user = iam.get_user(UserName="keeper")["User"]
        self.assertEqual(user["Tags"], [{"Key": "team", "Value": "data"}])
        # The stored key still authenticates and its policy still applies.
        as_keeper = client("redshift", state["key"], state["secret"])
        self.assertEqual(len(as_keeper.describe_clusters(ClusterIdentifier="c03")["Clusters"]), 1)
        with self.assertRaises(as_keeper.exceptions.ClientError) as caught:
            as_keeper.delete_cluster(ClusterIdentifier="c03", SkipFinalClusterSnapshot=True)
        self.assertEqual(caught.exception.response["Error"]["Code"], "AccessDenied")
        self.assertEqual(client("sts", state["key"], state["secret"]).get_caller_identity()["Arn"],
                         f"arn:aws:iam::{OWNER}:user/keeper")


if __name__ == "__main__":
    unittest.main()
