"""End-to-end tests of identity: IAM users, keys, groups, roles and policies,
STS (GetCallerIdentity, AssumeRole within and across accounts), SigV4
verification of known keys (tampered signature, wrong secret, expired
timestamp, deleted and inactive keys), each rejected without changing state.

Run through tests/e2e/boto3_identity.sh, or against a running emulator:
    RSEMU_ENDPOINT=http://127.0.0.1:PORT python3 -m unittest -v test_identity
"""

import datetime
import json
import os
import unittest
from unittest import mock

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

import e2e_common as c

ACCOUNT_A = "111111111111"
ACCOUNT_B = "222222222222"
STRICT_ENDPOINT = os.environ.get("RSEMU_STRICT_ENDPOINT")


def client(service, key="test", secret="test", token=None, endpoint=None, region=c.REGION):
    session = boto3.session.Session(
        aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
        region_name=region)
    return session.client(service, endpoint_url=endpoint or c.ENDPOINT, config=c.client_config())


def trust(principal):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]})


def demo_secret(prefix):
    """The demo fixture's secrets: a prefix padded with zeros to 40 characters."""
    return (prefix + "0" * 40)[:40]


ALLOW_ASSUME = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]})
ALLOW_CREATE_USER = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"}]})
ALLOW_CREATE_CLUSTER = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "redshift:CreateCluster", "Resource": "*"}]})


class Base(unittest.TestCase):
    def setUp(self):
        c.reset()
        self.iam_a = client("iam", ACCOUNT_A, "x")
        self.iam_b = client("iam", ACCOUNT_B, "x")

    def make_user(self, iam, name, policy=None):
        iam.create_user(UserName=name)
        if policy:
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return key["AccessKeyId"], key["SecretAccessKey"]

    def assertCode(self, ctx, code, status):
        err = ctx.exception.response["Error"]
        self.assertEqual(err.get("Code"), code, ctx.exception.response)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)


class Identities(Base):
    def test_user_key_group_role_and_caller_identity(self):
        user = self.iam_a.create_user(UserName="alice", Path="/eng/",
                                      Tags=[{"Key": "team", "Value": "data"}])["User"]
        self.assertEqual(user["Arn"], f"arn:aws:iam::{ACCOUNT_A}:user/eng/alice")
        self.assertRegex(user["UserId"], r"^AIDA[A-Z0-9]{17}$")
        with self.assertRaises(ClientError) as ctx:
            self.iam_a.create_user(UserName="ALICE")
        self.assertCode(ctx, "EntityAlreadyExists", 409)
        key = self.iam_a.create_access_key(UserName="alice")["AccessKey"]
        self.assertRegex(key["AccessKeyId"], r"^AKIA[A-Z0-9]{16}$")
        self.iam_a.create_group(GroupName="admins")
        self.iam_a.add_user_to_group(GroupName="admins", UserName="alice")
        groups = self.iam_a.list_groups_for_user(UserName="alice")["Groups"]
        self.assertEqual([g["GroupName"] for g in groups], ["admins"])
        self.assertEqual(len(self.iam_a.get_group(GroupName="admins")["Users"]), 1)

        sts = client("sts", key["AccessKeyId"], key["SecretAccessKey"])
        me = sts.get_caller_identity()
        self.assertEqual(me["Arn"], user["Arn"])
        self.assertEqual(me["UserId"], user["UserId"])
        self.assertEqual(me["Account"], ACCOUNT_A)
        used = self.iam_a.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
        self.assertEqual(used["AccessKeyLastUsed"]["ServiceName"], "sts")

        root = client("sts", ACCOUNT_B, "x").get_caller_identity()
        self.assertEqual(root["Arn"], f"arn:aws:iam::{ACCOUNT_B}:root")
        self.assertEqual(root["UserId"], ACCOUNT_B)

        role = self.iam_a.create_role(RoleName="reader", AssumeRolePolicyDocument=trust(user["Arn"]),
                                      MaxSessionDuration=7200)["Role"]
        self.assertRegex(role["RoleId"], r"^AROA")
        got = self.iam_a.get_role(RoleName="reader")["Role"]
        self.assertEqual(got["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["AWS"],
                         user["Arn"])
        self.assertEqual(got["MaxSessionDuration"], 7200)

    def test_policies_inline_managed_and_errors(self):
        self.iam_a.create_user(UserName="bob")
        doc = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "redshift:Describe*", "Resource": "*"}]})
        self.iam_a.put_user_policy(UserName="bob", PolicyName="read", PolicyDocument=doc)
        got = self.iam_a.get_user_policy(UserName="bob", PolicyName="read")
        self.assertEqual(got["PolicyDocument"], json.loads(doc))
        with self.assertRaises(ClientError) as ctx:
            self.iam_a.put_user_policy(UserName="bob", PolicyName="bad",
                                       PolicyDocument='{"Version": "2012-10-17" "Statement": []}')
        self.assertCode(ctx, "MalformedPolicyDocument", 400)
        self.assertIn("line", ctx.exception.response["Error"]["Message"])
        policy = self.iam_a.create_policy(PolicyName="P1", PolicyDocument=doc)["Policy"]
        self.iam_a.attach_user_policy(UserName="bob", PolicyArn=policy["Arn"])
        self.iam_a.attach_user_policy(UserName="bob",
                                      PolicyArn="arn:aws:iam::aws:policy/AmazonRedshiftReadOnlyAccess")
        attached = self.iam_a.list_attached_user_policies(UserName="bob")["AttachedPolicies"]
        self.assertEqual(len(attached), 2)
        for _ in range(4):
            self.iam_a.create_policy_version(PolicyArn=policy["Arn"], PolicyDocument=doc)
        with self.assertRaises(ClientError) as ctx:
            self.iam_a.create_policy_version(PolicyArn=policy["Arn"], PolicyDocument=doc)
        self.assertCode(ctx, "LimitExceeded", 409)
        with self.assertRaises(ClientError) as ctx:
            self.iam_a.delete_user(UserName="bob")
        self.assertCode(ctx, "DeleteConflict", 409)
        with self.assertRaises(ClientError) as ctx:
            self.iam_a.get_user(UserName="nobody")
        self.assertCode(ctx, "NoSuchEntity", 404)
        details = self.iam_a.get_account_authorization_details()
        self.assertEqual([u["UserName"] for u in details["UserDetailList"]], ["bob"])
        aws = self.iam_a.list_policies(Scope="AWS")["Policies"]
        self.assertIn("AdministratorAccess", [p["PolicyName"] for p in aws])

    def test_list_pagination(self):
        for i in range(5):
            self.iam_a.create_user(UserName=f"u{i}")
        names = []
        for page in self.iam_a.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2}):
            names += [u["UserName"] for u in page["Users"]]
        self.assertEqual(names, [f"u{i}" for i in range(5)])


class AssumeRole(Base):
    def test_within_account(self):
        key, secret = self.make_user(self.iam_a, "alice")
        arn = self.iam_a.get_user(UserName="alice")["User"]["Arn"]
        self.iam_a.create_role(RoleName="ops", AssumeRolePolicyDocument=trust(arn),
                               Tags=[{"Key": "env", "Value": "test"}])
        sts = client("sts", key, secret)
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_A}:role/ops",
                                RoleSessionName="s1")["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        me = client("sts", creds["AccessKeyId"], creds["SecretAccessKey"],
                    creds["SessionToken"]).get_caller_identity()
        self.assertEqual(me["Arn"], f"arn:aws:sts::{ACCOUNT_A}:assumed-role/ops/s1")
        self.assertTrue(me["UserId"].endswith(":s1"))
        with self.assertRaises(ClientError) as ctx:
            client("sts", creds["AccessKeyId"], creds["SecretAccessKey"], "forged").get_caller_identity()
        self.assertCode(ctx, "InvalidClientTokenId", 403)
        with self.assertRaises(ClientError) as ctx:
            sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_A}:role/ops", RoleSessionName="s1",
                            DurationSeconds=7200)
        self.assertCode(ctx, "ValidationError", 400)
        with self.assertRaises(ClientError) as ctx:
            client("sts", ACCOUNT_A, "x").assume_role(
                RoleArn=f"arn:aws:iam::{ACCOUNT_A}:role/ops", RoleSessionName="s1")
        self.assertCode(ctx, "AccessDenied", 403)

    def test_across_accounts_and_ownership(self):
        self.iam_a.create_role(RoleName="xacct", AssumeRolePolicyDocument=trust(ACCOUNT_B))
        self.iam_a.put_role_policy(RoleName="xacct", PolicyName="create", PolicyDocument=ALLOW_CREATE_CLUSTER)
        key, secret = self.make_user(self.iam_b, "bob", ALLOW_ASSUME)
        nokey, nosecret = self.make_user(self.iam_b, "carol")
        sts = client("sts", key, secret)
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_A}:role/xacct",
                                RoleSessionName="cross")["Credentials"]
        me = client("sts", creds["AccessKeyId"], creds["SecretAccessKey"],
                    creds["SessionToken"]).get_caller_identity()
        self.assertEqual(me["Account"], ACCOUNT_A)
        # Without an identity policy that allows sts:AssumeRole, the cross-account call is denied.
        with self.assertRaises(ClientError) as ctx:
            client("sts", nokey, nosecret).assume_role(
                RoleArn=f"arn:aws:iam::{ACCOUNT_A}:role/xacct", RoleSessionName="cc")
        self.assertCode(ctx, "AccessDenied", 403)
        # A cluster created by the session belongs to the role's account.
        rs = client("redshift", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        cluster = rs.create_cluster(**c.create_kwargs("owned"))["Cluster"]
        self.assertIn(f":{ACCOUNT_A}:", cluster["ClusterNamespaceArn"])
        ids = [x["ClusterIdentifier"] for x in client("redshift", ACCOUNT_A, "x").describe_clusters()["Clusters"]]
        self.assertEqual(ids, ["owned"])


class Authentication(Base):
    def setUp(self):
        super().setUp()
        self.key, self.secret = self.make_user(self.iam_a, "alice", ALLOW_CREATE_USER)

    def users(self):
        return [u["UserName"] for u in self.iam_a.list_users()["Users"]]

    def raw_call(self, key, secret, when=None, tamper=False):
        body = "Action=CreateUser&Version=2010-05-08&UserName=intruder"
        request = AWSRequest(method="POST", url=c.ENDPOINT + "/", data=body,
                             headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        signer = SigV4Auth(Credentials(key, secret), "iam", c.REGION)
        if when is None:
            signer.add_auth(request)
        else:
            with mock.patch("botocore.auth.get_current_datetime", return_value=when):
                signer.add_auth(request)
        headers = dict(request.headers)
        if tamper:
            auth = headers["Authorization"]
            headers["Authorization"] = auth[:-1] + ("0" if auth[-1] != "0" else "1")
        status, _, data = c.http_request("POST", "/", body=body, headers=headers)
        return status, c.parse_error(data)["Code"] if status != 200 else None

    def test_rejections_change_nothing(self):
        before = self.users()
        self.assertEqual(self.raw_call(self.key, self.secret, tamper=True), (403, "SignatureDoesNotMatch"))
        self.assertEqual(self.raw_call(self.key, "wrong-secret"), (403, "SignatureDoesNotMatch"))
        old = datetime.datetime.utcnow() - datetime.timedelta(minutes=30)
        self.assertEqual(self.raw_call(self.key, self.secret, when=old), (403, "SignatureDoesNotMatch"))
        self.iam_a.update_access_key(UserName="alice", AccessKeyId=self.key, Status="Inactive")
        self.assertEqual(self.raw_call(self.key, self.secret), (403, "InvalidClientTokenId"))
        self.iam_a.update_access_key(UserName="alice", AccessKeyId=self.key, Status="Active")
        self.iam_a.delete_access_key(UserName="alice", AccessKeyId=self.key)
        self.assertEqual(self.raw_call(self.key, self.secret), (403, "InvalidClientTokenId"))
        self.assertEqual(self.users(), before)

    def test_good_signature_works(self):
        self.assertEqual(self.raw_call(self.key, self.secret), (200, None))


@unittest.skipUnless(STRICT_ENDPOINT, "needs a --strict-credentials emulator with the demo fixture")
class StrictDemo(unittest.TestCase):
    def test_unknown_keys_are_refused_and_fixture_keys_work(self):
        c.reset(endpoint=STRICT_ENDPOINT)
        with self.assertRaises(ClientError) as ctx:
            client("sts", endpoint=STRICT_ENDPOINT).get_caller_identity()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidClientTokenId")
        status, _, body = c.http_request("POST", "/", body=b"Action=GetCallerIdentity",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"},
                                         endpoint=STRICT_ENDPOINT)
        self.assertEqual((status, c.parse_error(body)["Code"]), (403, "MissingAuthenticationToken"))
        admin = client("sts", "AKIAADMINAEXAMPLE001", demo_secret("adminSecretAEXAMPLE"),
                       endpoint=STRICT_ENDPOINT).get_caller_identity()
        self.assertEqual(admin["Arn"], f"arn:aws:iam::{ACCOUNT_A}:user/admin")
        bob = client("sts", "AKIAANALYSTBEXAMPLE1", demo_secret("analystSecretBEXAMPLE"),
                     endpoint=STRICT_ENDPOINT)
        creds = bob.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_A}:role/CrossAccountRedshiftAdmin",
                                RoleSessionName="demo")["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        rs = client("redshift", "AKIAADMINAEXAMPLE001", demo_secret("adminSecretAEXAMPLE"),
                    endpoint=STRICT_ENDPOINT, region="us-west-2")
        tagged = {c2["ClusterIdentifier"] for c2 in rs.describe_clusters()["Clusters"]}
        self.assertIn("test-cluster", tagged)


if __name__ == "__main__":
    unittest.main()


class PresignedUrls(Base):
    """SigV4 query-string authentication, as botocore's generate_presigned_url signs it."""

    def test_presigned_get_caller_identity(self):
        import time
        import urllib.error
        import urllib.request
        key, secret = self.make_user(self.iam_a, "presigner")
        sts = client("sts", key, secret)
        url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60)
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read().decode()
        self.assertIn(f"<Arn>arn:aws:iam::{ACCOUNT_A}:user/presigner</Arn>", body)
        tampered = url.replace("GetCallerIdentity", "GetSessionToken")
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(tampered, timeout=10)
        self.assertEqual(ctx.exception.code, 403)
        self.assertIn(b"SignatureDoesNotMatch", ctx.exception.read())
        expiring = sts.generate_presigned_url("get_caller_identity", ExpiresIn=1)
        time.sleep(2.1)
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(expiring, timeout=10)
        self.assertEqual(ctx.exception.code, 400)
        self.assertIn(b"RequestExpired", ctx.exception.read())
