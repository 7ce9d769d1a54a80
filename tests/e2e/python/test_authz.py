"""E2E: every call passes the IAM gate. The seed's examples act as the seed says,
explicit denies win, cross-account roles work through their trust policy, every
decision is explained in /_emulator/decisions, and soft mode only records."""

import json
import os
import unittest

import boto3
import botocore

from e2e_common import (ENDPOINT, PASSWORD, SEED_EXAMPLE_1, SEED_EXAMPLE_2, client_config,
                        http_request, reset)

ACCOUNT = "123456789012"
SEED_EXAMPLE_1_VERBATIM = """{
  "Version": "2012-10-17",
  "Statement": {
    "Sid":"AllowModifyTestCluster",
    "Effect": "Allow",
    "Action": "redshift:ModifyCluster",
    "Resource": "arn:aws:redshift:us-west-2:123456789012:cluster:*"
    "Condition":{"StringEquals":{"redshift:ResourceTag/environment":"test"}
  }
}"""


def session(key, secret="test", token=None, region="us-east-1"):
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret,
                                 aws_session_token=token, region_name=region)


def client(service, key="test", secret="test", token=None, region="us-east-1", endpoint=None):
    return session(key, secret, token, region).client(service, endpoint_url=endpoint or ENDPOINT,
                                                      config=client_config())


def create_cluster(rs, name, tags=None):
    kwargs = dict(ClusterIdentifier=name, NodeType="dc2.large", MasterUsername="awsuser",
                  MasterUserPassword=PASSWORD)
    if tags:
        kwargs["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    return rs.create_cluster(**kwargs)


def user_with_policy(iam, name, document):
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName=f"{name}-policy", PolicyDocument=json.dumps(document))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def decisions(query="", endpoint=None):
    status, _, body = http_request("GET", "/_emulator/decisions" + query, endpoint=endpoint)
    assert status == 200, body
    return json.loads(body)["decisions"]


class SeedExamples(unittest.TestCase):
    def setUp(self):
        reset()
        self.iam = client("iam")

    def assertDenied(self, call, action, resource=None, explicit=False):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            call()
        error = caught.exception.response["Error"]
        self.assertEqual(error["Code"], "AccessDenied")
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)
        message = error["Message"]
        self.assertIn(f"is not authorized to perform: {action}", message)
        if resource:
            self.assertIn(f"on resource: {resource}", message)
        if explicit:
            self.assertIn("with an explicit deny in an identity-based policy", message)
        else:
            self.assertIn(f"because no identity-based policy allows the {action} action", message)
        return caught.exception

    def test_example_1_modify_only_test_tagged_clusters_in_us_west_2(self):
        key, secret = user_with_policy(self.iam, "alice", SEED_EXAMPLE_1)
        west_root = client("redshift", region="us-west-2")
        east_root = client("redshift", region="us-east-1")
        create_cluster(west_root, "test-cluster", {"environment": "test"})
        create_cluster(west_root, "plain-cluster")
        create_cluster(east_root, "east-test", {"environment": "test"})
        alice_west = client("redshift", key, secret, region="us-west-2")
        alice_east = client("redshift", key, secret, region="us-east-1")

        alice_west.modify_cluster(ClusterIdentifier="test-cluster", AllowVersionUpgrade=False)
        described = west_root.describe_clusters(ClusterIdentifier="test-cluster")["Clusters"][0]
        self.assertFalse(described["AllowVersionUpgrade"])

        denied = self.assertDenied(
            lambda: alice_west.modify_cluster(ClusterIdentifier="plain-cluster", AllowVersionUpgrade=False),
            "redshift:ModifyCluster", f"arn:aws:redshift:us-west-2:{ACCOUNT}:cluster:plain-cluster")
        self.assertIn(f"User: arn:aws:iam::{ACCOUNT}:user/alice", denied.response["Error"]["Message"])
        self.assertIn("ImplicitDeny", denied.response["ResponseMetadata"]["HTTPHeaders"].get("x-rsemu-decision", ""))
        self.assertTrue(west_root.describe_clusters(ClusterIdentifier="plain-cluster")["Clusters"][0]
                        ["AllowVersionUpgrade"], "a denied call must change nothing")
        self.assertDenied(
            lambda: alice_east.modify_cluster(ClusterIdentifier="east-test", AllowVersionUpgrade=False),
            "redshift:ModifyCluster", f"arn:aws:redshift:us-east-1:{ACCOUNT}:cluster:east-test")
        # Not granted at all: describe.
        self.assertDenied(lambda: alice_west.describe_clusters(), "redshift:DescribeClusters")

        log = decisions(f"?principal=arn:aws:iam::{ACCOUNT}:user/alice")
        allowed = [d for d in log if d["decision"] == "Allow"]
        denied_log = [d for d in log if d["decision"] == "ImplicitDeny"]
        self.assertTrue(any("AllowModifyTestCluster" in s for d in allowed for s in d["deciding_statements"]))
        self.assertGreaterEqual(len(denied_log), 3)
        self.assertTrue(all(d["principal"].endswith(":user/alice") for d in log))
        self.assertEqual(len(decisions(f"?principal=arn:aws:iam::{ACCOUNT}:user/alice&decision=Allow")),
                         len(allowed))

    def test_example_2_create_only_with_usage_production(self):
        key, secret = user_with_policy(self.iam, "bob", SEED_EXAMPLE_2)
        bob = client("redshift", key, secret)
        create_cluster(bob, "prod-1", {"usage": "production"})
        self.assertDenied(lambda: create_cluster(bob, "untagged"), "redshift:CreateCluster")
        self.assertDenied(lambda: create_cluster(bob, "wrong-tag", {"usage": "test"}), "redshift:CreateCluster")
        names = [c["ClusterIdentifier"] for c in client("redshift").describe_clusters()["Clusters"]]
        self.assertEqual(names, ["prod-1"], "denied creates must leave nothing behind")

    def test_seed_example_pasted_verbatim_is_malformed_with_its_position(self):
        self.iam.create_user(UserName="paste")
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            self.iam.put_user_policy(UserName="paste", PolicyName="p", PolicyDocument=SEED_EXAMPLE_1_VERBATIM)
        error = caught.exception.response["Error"]
        self.assertEqual(error["Code"], "MalformedPolicyDocument")
        self.assertIn("line 8, column 5", error["Message"])  # the "Condition" after the missing comma
        self.assertIn("column", error["Message"])

    def test_explicit_deny_wins(self):
        key, secret = user_with_policy(self.iam, "carol", {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "redshift:*", "Resource": "*"},
                {"Sid": "NoDeletes", "Effect": "Deny", "Action": "redshift:Delete*", "Resource": "*"},
            ],
        })
        carol = client("redshift", key, secret)
        create_cluster(carol, "kept")
        self.assertDenied(lambda: carol.delete_cluster(ClusterIdentifier="kept", SkipFinalClusterSnapshot=True),
                          "redshift:DeleteCluster", f"arn:aws:redshift:us-east-1:{ACCOUNT}:cluster:kept",
                          explicit=True)
        self.assertEqual(len(carol.describe_clusters(ClusterIdentifier="kept")["Clusters"]), 1)
        denial = decisions("?decision=ExplicitDeny")[-1]
        self.assertTrue(any("NoDeletes" in s for s in denial["deciding_statements"]))

    def test_unauthorized_call_on_missing_cluster_is_access_denied_not_not_found(self):
        key, secret = user_with_policy(self.iam, "dora", SEED_EXAMPLE_2)
        dora = client("redshift", key, secret)
        self.assertDenied(lambda: dora.delete_cluster(ClusterIdentifier="nope", SkipFinalClusterSnapshot=True),
                          "redshift:DeleteCluster")

    def test_get_caller_identity_needs_no_permission(self):
        key, secret = user_with_policy(self.iam, "erin", SEED_EXAMPLE_2)
        identity = client("sts", key, secret).get_caller_identity()
        self.assertEqual(identity["Arn"], f"arn:aws:iam::{ACCOUNT}:user/erin")


class CrossAccount(unittest.TestCase):
    """The seed's delegation: account A's role trusts account B; B's admin lets a user assume it."""

    ACCOUNT_A = "111111111111"
    ACCOUNT_B = "222222222222"

    def setUp(self):
        reset()

    def test_role_of_account_a_assumed_from_account_b(self):
        iam_a = client("iam", self.ACCOUNT_A)
        role = iam_a.create_role(RoleName="RedshiftReaders", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.ACCOUNT_B}:root"},
                           "Action": "sts:AssumeRole"}],
        }))["Role"]
        iam_a.put_role_policy(RoleName="RedshiftReaders", PolicyName="read", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "redshift:Describe*", "Resource": "*"}],
        }))
        create_cluster(client("redshift", self.ACCOUNT_A), "a-cluster")

        iam_b = client("iam", self.ACCOUNT_B)
        key, secret = user_with_policy(iam_b, "dev", {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role["Arn"]}],
        })
        no_key, no_secret = user_with_policy(iam_b, "intern", {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "redshift:Describe*", "Resource": "*"}],
        })

        credentials = client("sts", key, secret).assume_role(RoleArn=role["Arn"], RoleSessionName="s1")[
            "Credentials"]
        as_role = client("redshift", credentials["AccessKeyId"], credentials["SecretAccessKey"],
                         credentials["SessionToken"])
        names = [c["ClusterIdentifier"] for c in as_role.describe_clusters()["Clusters"]]
        self.assertEqual(names, ["a-cluster"], "the session acts in the role's account")
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            create_cluster(as_role, "not-allowed")
        self.assertEqual(caught.exception.response["Error"]["Code"], "AccessDenied")
        self.assertIn(f"arn:aws:sts::{self.ACCOUNT_A}:assumed-role/RedshiftReaders/s1",
                      caught.exception.response["Error"]["Message"])

        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            client("sts", no_key, no_secret).assume_role(RoleArn=role["Arn"], RoleSessionName="s2")
        self.assertEqual(caught.exception.response["Error"]["Code"], "AccessDenied")


@unittest.skipUnless(os.environ.get("RSEMU_SOFT_ENDPOINT"), "needs the --iam soft emulator")
class SoftMode(unittest.TestCase):
    def test_soft_mode_records_but_never_denies(self):
        endpoint = os.environ["RSEMU_SOFT_ENDPOINT"]
        reset(endpoint=endpoint)
        iam = client("iam", endpoint=endpoint)
        key, secret = user_with_policy(iam, "sam", SEED_EXAMPLE_2)
        sam = client("redshift", key, secret, endpoint=endpoint)
        create_cluster(sam, "untagged")  # enforce mode would deny this
        self.assertEqual(len(sam.describe_clusters()["Clusters"]), 1)
        recorded = decisions(f"?principal=arn:aws:iam::{ACCOUNT}:user/sam&decision=Deny", endpoint=endpoint)
        self.assertTrue(any(d["action"] == "redshift:CreateCluster" and not d["enforced"] for d in recorded))


if __name__ == "__main__":
    unittest.main()
