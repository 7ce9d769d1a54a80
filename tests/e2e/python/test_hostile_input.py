"""End-to-end tests of the security review's hostile inputs, through boto3 and
raw sockets:

* A: a 900-character many-star policy resource against a 500 KB cluster
  identifier, and a StringLike condition against a 500 KB tag value, answer
  promptly (the elapsed time is printed, not asserted).
* B: control characters and invalid UTF-8 in input are refused with the
  service's own 400 error, every error body is well-formed XML, a control
  character never gets stored (later listings stay parseable), the models'
  patterns are enforced (IAM ValidationError wording), and tag values / ARNs
  are bounded before authorization.
* C: an HTTP/1.1 request without Host gets an AWS-shaped 400.

Run through tests/e2e/hostile_input.sh, or by hand:
RSEMU_ENDPOINT=http://127.0.0.1:PORT python3 -m unittest -v test_hostile_input
"""

import json
import socket
import time
import unittest
import xml.etree.ElementTree as ET

import boto3
import botocore.exceptions

import e2e_common as c

FORM = "application/x-www-form-urlencoded; charset=utf-8"
ACCOUNT = c.DEFAULT_ACCOUNT
HUGE = 500_000


def client(service, key="test", secret="test"):
    return boto3.session.Session(
        aws_access_key_id=key, aws_secret_access_key=secret, region_name=c.REGION
    ).client(service, endpoint_url=c.ENDPOINT, config=c.client_config())


def many_star_resource():
    """A 900-character policy resource: many stars, then a long last segment."""
    tail = "cluster:*" + "a*" * 300 + "a" * 290 + "b"
    return f"arn:aws:redshift:*:{ACCOUNT}:" + tail


class HostileInput(unittest.TestCase):
    def setUp(self):
        c.reset()
        self.rs = c.redshift()
        self.iam = client("iam")

    def assertClientError(self, call, code, status=400):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            call()
        error = caught.exception.response["Error"]
        self.assertEqual(error["Code"], code, error)
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
        return error["Message"]

    def raw_post(self, body):
        status, headers, data = c.http_request("POST", "/", body=body.encode(), headers={"Content-Type": FORM})
        try:
            ET.fromstring(data)
        except ET.ParseError as e:
            self.fail(f"response is not well-formed XML ({e}): {data[:300]!r}")
        return status, data

    def user(self, name, document):
        self.iam.create_user(UserName=name)
        self.iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(document))
        key = self.iam.create_access_key(UserName=name)["AccessKey"]
        return c.redshift(key["AccessKeyId"], key["SecretAccessKey"])

    # --- A: wildcard matching is linear -----------------------------------------------------------

    def test_many_star_resource_against_a_huge_identifier(self):
        rs = self.user("stars", {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "redshift:DescribeClusters",
                           "Resource": many_star_resource()}],
        })
        started = time.monotonic()
        message = self.assertClientError(
            lambda: rs.describe_clusters(ClusterIdentifier="a" * HUGE), "AccessDenied", 403)
        print(f"  -> denied in {time.monotonic() - started:.2f} s")
        self.assertIn("redshift:DescribeClusters", message)
        # The same pattern still allows what it matches.
        started = time.monotonic()
        self.assertClientError(
            lambda: rs.describe_clusters(ClusterIdentifier="a" * HUGE + "b"), "ClusterNotFound", 404)
        print(f"  -> allowed (and not found) in {time.monotonic() - started:.2f} s")

    def test_string_like_against_a_huge_value(self):
        self.rs.create_cluster(**c.create_kwargs("c1", NodeType="dc2.large"))
        rs = self.user("liker", {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "redshift:CreateTags", "Resource": "*",
                           "Condition": {"StringLike": {"aws:RequestTag/k": "*a*a*a*" + "a" * 200 + "b"}}}],
        })
        arn = f"arn:aws:redshift:{c.REGION}:{ACCOUNT}:cluster:c1"
        started = time.monotonic()
        # Bounded before authorization: a tag value is at most 256 characters.
        self.assertClientError(
            lambda: rs.create_tags(ResourceName=arn, Tags=[{"Key": "k", "Value": "a" * HUGE}]),
            "InvalidTagFault")
        print(f"  -> refused in {time.monotonic() - started:.2f} s")
        self.assertClientError(
            lambda: rs.create_tags(ResourceName=arn + "x" * HUGE, Tags=[{"Key": "k", "Value": "v"}]),
            "InvalidParameterValue")
        rs.create_tags(ResourceName=arn, Tags=[{"Key": "k", "Value": "a" * 210 + "b"}])
        self.assertClientError(
            lambda: rs.create_tags(ResourceName=arn, Tags=[{"Key": "k", "Value": "a" * 255}]),
            "AccessDenied", 403)

    # --- B: well-formed XML, refused control characters, model patterns ---------------------------

    def test_nul_in_identifier(self):
        message = self.assertClientError(
            lambda: self.rs.describe_clusters(ClusterIdentifier="ab\x00cd"), "InvalidParameterValue")
        self.assertIn("ClusterIdentifier", message)
        status, _ = self.raw_post("Action=DescribeClusters&Version=2012-12-01&ClusterIdentifier=ab%00cd")
        self.assertEqual(status, 400)

    def test_control_character_in_action(self):
        status, data = self.raw_post("Action=Describe%01Clusters&Version=2012-12-01")
        self.assertEqual(status, 400)
        self.assertEqual(c.parse_error(data)["Code"], "InvalidAction")

    def test_invalid_utf8(self):
        for value in ("%C3", "%ED%A0%80", "%EF%BF%BE", "%C0%AF", "%FF"):
            with self.subTest(value=value):
                status, data = self.raw_post(
                    "Action=CreateClusterParameterGroup&Version=2012-12-01&ParameterGroupName=pg"
                    "&ParameterGroupFamily=redshift-1.0&Description=x" + value)
                self.assertEqual(status, 400)
                self.assertEqual(c.parse_error(data)["Code"], "InvalidParameterValue")

    def test_control_character_is_never_stored(self):
        self.assertClientError(lambda: self.rs.create_cluster_parameter_group(
            ParameterGroupName="pg1", ParameterGroupFamily="redshift-1.0", Description="bad\x01"),
            "InvalidParameterValue")
        self.rs.create_cluster_parameter_group(
            ParameterGroupName="pg2", ParameterGroupFamily="redshift-1.0",
            Description="tab\tnewline\nand caf\u00e9 \u6f22 \U0001F600")
        groups = self.rs.describe_cluster_parameter_groups()["ParameterGroups"]
        names = [g["ParameterGroupName"] for g in groups]
        self.assertIn("pg2", names)
        self.assertNotIn("pg1", names)
        pg2 = next(g for g in groups if g["ParameterGroupName"] == "pg2")
        self.assertEqual(pg2["Description"], "tab\tnewline\nand caf\u00e9 \u6f22 \U0001F600")

    def test_iam_patterns(self):
        message = self.assertClientError(lambda: self.iam.create_user(UserName="a b"), "ValidationError")
        self.assertEqual(
            message,
            "1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [\\w+=,.@-]+")
        self.assertClientError(lambda: self.iam.create_user(UserName="a\x01b"), "ValidationError")
        self.iam.create_user(UserName="bob")
        document = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
        message = self.assertClientError(lambda: self.iam.put_user_policy(
            UserName="bob", PolicyName="p", PolicyDocument=document.replace('"*"}', '"\u201c*\u201d"}')),
            "ValidationError")
        self.assertIn("at 'policyDocument' failed to satisfy constraint: Member must satisfy regular "
                      "expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+", message)
        self.assertClientError(lambda: self.iam.tag_user(
            UserName="bob", Tags=[{"Key": "bad#key", "Value": "v"}]), "ValidationError")
        self.iam.tag_user(UserName="bob", Tags=[{"Key": "caf\u00e9 k", "Value": "\u6f22"}])

    def test_sts_patterns(self):
        sts = client("sts")
        self.assertClientError(lambda: sts.assume_role(
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/r", RoleSessionName="a b"), "ValidationError")

    # --- C: HTTP framing --------------------------------------------------------------------------

    def test_http11_request_without_host(self):
        body = b"Action=DescribeClusters&Version=2012-12-01"
        request = (f"POST / HTTP/1.1\r\nContent-Type: {FORM}\r\nContent-Length: {len(body)}\r\n"
                   "Connection: close\r\n\r\n").encode() + body
        with socket.create_connection((c.HOST, c.PORT), timeout=10) as sock:
            sock.sendall(request)
            data = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        head, _, payload = data.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 400 "), head)
        error = c.parse_error(payload)
        self.assertEqual(error["Code"], "BadRequest")
        self.assertIn("Host", error["Message"])


if __name__ == "__main__":
    unittest.main()
