"""Helpers shared by the Python end-to-end suites: clients pointed at the running
emulator ($RSEMU_ENDPOINT), state reset, raw HTTP and AWS error-body parsing."""

import http.client
import json
import os
import urllib.parse
import xml.etree.ElementTree as ET

import boto3
from botocore.config import Config

ENDPOINT = os.environ.get("RSEMU_ENDPOINT", "http://127.0.0.1:4599")
RESET_PATH = os.environ.get("RSEMU_RESET_PATH", "/_emulator/reset")
REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"
PASSWORD = "Passw0rd!"

_parsed = urllib.parse.urlsplit(ENDPOINT)
HOST = _parsed.hostname
PORT = _parsed.port


# The seed document's two examples (seeds/redshift-access-management.txt), with
# the missing comma restored.
SEED_EXAMPLE_1 = {
    "Version": "2012-10-17",
    "Statement": {
        "Sid": "AllowModifyTestCluster",
        "Effect": "Allow",
        "Action": "redshift:ModifyCluster",
        "Resource": "arn:aws:redshift:us-west-2:123456789012:cluster:*",
        "Condition": {"StringEquals": {"redshift:ResourceTag/environment": "test"}},
    },
}
SEED_EXAMPLE_2 = {
    "Version": "2012-10-17",
    "Statement": {
        "Sid": "AllowCreateProductionCluster",
        "Effect": "Allow",
        "Action": "redshift:CreateCluster",
        "Resource": "*",
        "Condition": {"StringEquals": {"redshift:RequestTag/usage": "production"}},
    },
}


def client_config():
    return Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30)


def redshift(access_key="test", secret_key="test", endpoint=None, **kw):
    return boto3.session.Session(
        aws_access_key_id=access_key, aws_secret_access_key=secret_key, region_name=REGION
    ).client("redshift", endpoint_url=endpoint or ENDPOINT, config=client_config(), **kw)


def http_request(method, path, body=None, headers=None, timeout=10, endpoint=None):
    """Returns (status, headers as a case-insensitive message, body bytes)."""
    where = urllib.parse.urlsplit(endpoint) if endpoint else _parsed
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def reset(path=None, endpoint=None):
    status, _, body = http_request("POST", path or RESET_PATH, body=b"", endpoint=endpoint)
    if status != 200:
        raise AssertionError(f"reset {path or RESET_PATH} -> HTTP {status}: {body[:300]!r}")


def strip_ns(tag):
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def child(elem, name):
    for c in elem:
        if strip_ns(c.tag) == name:
            return c
    return None


def parse_error(body):
    """Parses an awsQuery ErrorResponse; returns dict(Type, Code, Message, RequestId) or raises."""
    root = ET.fromstring(body)
    if strip_ns(root.tag) != "ErrorResponse":
        raise AssertionError(f"root element is {root.tag}, not ErrorResponse: {body[:300]!r}")
    err = child(root, "Error")
    if err is None:
        raise AssertionError(f"no <Error> in ErrorResponse: {body[:300]!r}")
    out = {}
    for name in ("Type", "Code", "Message"):
        e = child(err, name)
        out[name] = e.text if e is not None else None
    rid = child(root, "RequestId")
    out["RequestId"] = rid.text if rid is not None else None
    return out


def create_kwargs(identifier, **extra):
    kw = dict(
        ClusterIdentifier=identifier,
        NodeType="ra3.xlplus",
        MasterUsername="awsuser",
        MasterUserPassword=PASSWORD,
    )
    kw.update(extra)
    return kw


def health():
    status, headers, body = http_request("GET", "/_emulator/health")
    return status, headers, body, (json.loads(body) if status == 200 else None)
