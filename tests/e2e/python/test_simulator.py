"""E2E: the IAM policy simulator answers as the gate decides. The seed's example 1
simulated for a user matches what the user can really do to tagged and untagged
clusters; custom policies, context entries, paging, context keys and errors."""

import json
import unittest

import boto3
import botocore

from e2e_common import ENDPOINT, PASSWORD, SEED_EXAMPLE_1, SEED_EXAMPLE_2, client_config, reset

ACCOUNT = "123456789012"
DENY_DELETE = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "NoDelete", "Effect": "Deny", "Action": "redshift:Delete*", "Resource": "*"}],
}
VERBATIM_MISSING_COMMA = """{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "redshift:ModifyCluster",
    "Resource": "*"
    "Condition":{"StringEquals":{"redshift:ResourceTag/environment":"test"}}
  }
}"""


def client(service, key="test", secret="test", region="us-east-1"):
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret,
                                 region_name=region).client(service, endpoint_url=ENDPOINT,
                                                            config=client_config())


def cluster_arn(name, region="us-west-2"):
    return f"arn:aws:redshift:{region}:{ACCOUNT}:cluster:{name}"


def decisions(response):
    return [r["EvalDecision"] for r in response["EvaluationResults"]]


class Simulator(unittest.TestCase):
    def setUp(self):
        reset()
        self.iam = client("iam")
        self.iam.create_user(UserName="alice")
        self.iam.put_user_policy(UserName="alice", PolicyName="example-1",
                                 PolicyDocument=json.dumps(SEED_EXAMPLE_1, indent=2))
        self.iam.create_group(GroupName="guards")
        self.iam.add_user_to_group(GroupName="guards", UserName="alice")
        self.iam.put_group_policy(GroupName="guards", PolicyName="no-delete",
                                  PolicyDocument=json.dumps(DENY_DELETE))
        self.alice_arn = f"arn:aws:iam::{ACCOUNT}:user/alice"

    def assertError(self, code, call):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            call()
        self.assertEqual(caught.exception.response["Error"]["Code"], code)
        return caught.exception.response["Error"]["Message"]

    def test_principal_simulation_matches_the_gate_on_stored_tags(self):
        west = client("redshift", region="us-west-2")
        for name, tags in (("tagged", [{"Key": "environment", "Value": "test"}]), ("plain", [])):
            west.create_cluster(ClusterIdentifier=name, NodeType="dc2.large", MasterUsername="awsuser",
                                MasterUserPassword=PASSWORD, Tags=tags)
        simulated = self.iam.simulate_principal_policy(
            PolicySourceArn=self.alice_arn, ActionNames=["redshift:ModifyCluster", "redshift:DeleteCluster"],
            ResourceArns=[cluster_arn("tagged"), cluster_arn("plain")])
        self.assertEqual(decisions(simulated), ["allowed", "implicitDeny", "explicitDeny", "explicitDeny"])
        allowed = simulated["EvaluationResults"][0]
        self.assertEqual(allowed["EvalActionName"], "redshift:ModifyCluster")
        self.assertEqual(allowed["EvalResourceName"], cluster_arn("tagged"))
        statement = allowed["MatchedStatements"][0]
        self.assertEqual((statement["SourcePolicyId"], statement["SourcePolicyType"]), ("example-1", "user"))
        self.assertEqual(statement["StartPosition"], {"Line": 3, "Column": 16})
        denied = simulated["EvaluationResults"][2]["MatchedStatements"]
        self.assertEqual([(s["SourcePolicyId"], s["SourcePolicyType"]) for s in denied], [("no-delete", "group")])

        # The gate agrees.
        key = self.iam.create_access_key(UserName="alice")["AccessKey"]
        alice = client("redshift", key["AccessKeyId"], key["SecretAccessKey"], region="us-west-2")
        alice.modify_cluster(ClusterIdentifier="tagged", AllowVersionUpgrade=False)
        for call in (lambda: alice.modify_cluster(ClusterIdentifier="plain", AllowVersionUpgrade=False),
                     lambda: alice.delete_cluster(ClusterIdentifier="tagged", SkipFinalClusterSnapshot=True)):
            self.assertError("AccessDenied", call)

    def test_context_entries_and_missing_context_values(self):
        arn = cluster_arn("not-yet")
        missing = self.iam.simulate_principal_policy(
            PolicySourceArn=self.alice_arn, ActionNames=["redshift:ModifyCluster"], ResourceArns=[arn])
        self.assertEqual(decisions(missing), ["implicitDeny"])
        self.assertEqual(missing["EvaluationResults"][0]["MissingContextValues"],
                         ["redshift:resourcetag/environment"])
        given = self.iam.simulate_principal_policy(
            PolicySourceArn=self.alice_arn, ActionNames=["redshift:ModifyCluster"], ResourceArns=[arn],
            ContextEntries=[{"ContextKeyName": "redshift:ResourceTag/environment",
                             "ContextKeyValues": ["test"], "ContextKeyType": "string"}])
        self.assertEqual(decisions(given), ["allowed"])
        self.assertEqual(given["EvaluationResults"][0]["MissingContextValues"], [])

    def test_group_and_policy_input_list(self):
        group = self.iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:group/guards",
            ActionNames=["redshift:DeleteCluster", "redshift:ModifyCluster"])
        self.assertEqual(decisions(group), ["explicitDeny", "implicitDeny"])
        extra = self.iam.simulate_principal_policy(
            PolicySourceArn=self.alice_arn, ActionNames=["redshift:CreateCluster"],
            PolicyInputList=[json.dumps(SEED_EXAMPLE_2)],
            ContextEntries=[{"ContextKeyName": "redshift:RequestTag/usage", "ContextKeyValues": ["production"],
                             "ContextKeyType": "string"}])
        self.assertEqual(decisions(extra), ["allowed"])
        self.assertEqual(extra["EvaluationResults"][0]["MatchedStatements"][0]["SourcePolicyId"],
                         "PolicyInputList.1")

    def test_custom_policy(self):
        kwargs = dict(PolicyInputList=[json.dumps(SEED_EXAMPLE_2), json.dumps(DENY_DELETE)],
                      ActionNames=["redshift:CreateCluster", "redshift:DeleteCluster", "redshift:DescribeClusters"])
        bare = self.iam.simulate_custom_policy(**kwargs)
        self.assertEqual(decisions(bare), ["implicitDeny", "explicitDeny", "implicitDeny"])
        self.assertEqual(bare["EvaluationResults"][0]["MissingContextValues"], ["redshift:requesttag/usage"])
        self.assertEqual(bare["EvaluationResults"][1]["MatchedStatements"][0]["SourcePolicyId"], "PolicyInputList.2")
        tagged = self.iam.simulate_custom_policy(
            ContextEntries=[{"ContextKeyName": "redshift:RequestTag/usage", "ContextKeyValues": ["production"],
                             "ContextKeyType": "string"}], **kwargs)
        self.assertEqual(decisions(tagged), ["allowed", "explicitDeny", "implicitDeny"])
        message = self.assertError("MalformedPolicyDocument", lambda: self.iam.simulate_custom_policy(
            PolicyInputList=[VERBATIM_MISSING_COMMA], ActionNames=["redshift:ModifyCluster"]))
        self.assertIn("line 7", message)

    def test_paging(self):
        paginator = self.iam.get_paginator("simulate_principal_policy")
        pages = list(paginator.paginate(
            PolicySourceArn=self.alice_arn, ActionNames=["redshift:ModifyCluster", "redshift:DeleteCluster"],
            ResourceArns=["*", cluster_arn("a"), cluster_arn("b")], PaginationConfig={"PageSize": 2}))
        self.assertEqual(len(pages), 3)
        results = [r for page in pages for r in page["EvaluationResults"]]
        self.assertEqual([(r["EvalActionName"], r["EvalResourceName"]) for r in results],
                         [(a, r) for a in ("redshift:ModifyCluster", "redshift:DeleteCluster")
                          for r in ("*", cluster_arn("a"), cluster_arn("b"))])

    def test_context_keys(self):
        principal = self.iam.get_context_keys_for_principal_policy(PolicySourceArn=self.alice_arn)
        self.assertEqual(principal["ContextKeyNames"], ["redshift:ResourceTag/environment"])
        custom = self.iam.get_context_keys_for_custom_policy(
            PolicyInputList=[json.dumps(SEED_EXAMPLE_1), json.dumps(SEED_EXAMPLE_2)])
        self.assertEqual(custom["ContextKeyNames"],
                         ["redshift:RequestTag/usage", "redshift:ResourceTag/environment"])

    def test_errors(self):
        self.assertError("NoSuchEntity", lambda: self.iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/nobody", ActionNames=["redshift:DescribeClusters"]))
        self.assertError("NoSuchEntity", lambda: self.iam.get_context_keys_for_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:role/nobody"))
        self.assertError("InvalidInput", lambda: self.iam.simulate_principal_policy(
            PolicySourceArn=self.alice_arn, ActionNames=["DescribeClusters"]))
        self.assertError("InvalidInput", lambda: self.iam.simulate_custom_policy(
            PolicyInputList=[json.dumps(SEED_EXAMPLE_2)], ActionNames=["redshift:CreateCluster"],
            ContextEntries=[{"ContextKeyName": "aws:SecureTransport", "ContextKeyValues": ["maybe"],
                             "ContextKeyType": "boolean"}]))


if __name__ == "__main__":
    unittest.main()
