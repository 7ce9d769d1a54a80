#!/usr/bin/env python3
"""Regenerates the seed corpora under fuzz/corpus/ (except the captured boto3
requests in corpus/http_session/boto3-*.http, which are their source).

Sources: the raw requests boto3 1.43 sent for 22 Redshift/IAM/STS calls
(captured once with a recording socket server), the SigV4 captures of
tests/api/sigv4_test.cpp, the policies and cases of fixtures/authz/, and
hand-written edge cases. Usage: python3 fuzz/make_corpus.py (from anywhere).
"""
import glob
import json
import os
import random
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
MODELS = ["iam-2010-05-08", "redshift-2012-12-01", "sts-2011-06-15"]  # sorted by service

# botocore's presigned GetCallerIdentity URL, captured with the requests.
PRESIGNED = ("/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
             "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261203%2Fus-east-1%2Fsts%2Faws4_request"
             "&X-Amz-Date=20261203T184037Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
             "&X-Amz-Signature=507c2f012faccfc48621491cf421a879c1f9f7a4131b486d4d466de3fd48e8d9")


def write(target, name, data):
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def reset(target):
    shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)


def captures():
    """(name, raw bytes) of the boto3 captures plus the sigv4_test.cpp ones (CRLF)."""
    out = []
    for path in sorted(glob.glob(os.path.join(CORPUS, "http_session", "boto3-*.http"))):
        with open(path, "rb") as f:
            out.append((os.path.basename(path)[:-5], f.read()))
    with open(os.path.join(ROOT, "tests", "api", "sigv4_test.cpp")) as f:
        source = f.read()
    for i, text in enumerate(re.findall(r'R"http\((.*?)\)http"', source, re.S)):
        head, _, body = text.partition("\n\n")
        head = re.sub(r"(?im)^content-length: *\d+$", "Content-Length: %d" % len(body.encode()), head)
        out.append(("sigv4test-%02d" % i, (head.replace("\n", "\r\n") + "\r\n\r\n" + body).encode()))
    return out


def split(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    return lines[0], lines[1:], body


def operation_index():
    names = []
    for model in MODELS:
        with open(os.path.join(ROOT, "api", "models", model + ".json")) as f:
            names += [(model, name) for name in sorted(json.load(f)["operations"])]
    return {name: i for i, (_, name) in enumerate(names)}, len(names)


def http_session(raw_captures):
    # The boto3 captures are kept; add hand-written edge cases.
    target = "http_session"
    for path in glob.glob(os.path.join(CORPUS, target, "*")):
        if not os.path.basename(path).startswith("boto3-"):
            os.remove(path)
    crlf = lambda s: s.replace("\n", "\r\n")
    form = "Action=DescribeClusters&Version=2012-12-01"
    seeds = {
        "get-query": crlf("GET /?Action=DescribeClusters&Version=2012-12-01 HTTP/1.1\nHost: x\n\n"),
        "health": crlf("GET /_emulator/health HTTP/1.1\nHost: x\n\n"),
        "reset": crlf("POST /_emulator/reset HTTP/1.1\nHost: x\nContent-Length: 0\n\n"),
        "decisions": crlf("GET /_emulator/decisions?decision=Deny&limit=5&since=2026-01-01T00:00:00Z"
                          " HTTP/1.1\nHost: x\n\n"),
        "presigned-get": crlf("GET %s HTTP/1.1\nHost: 127.0.0.1:41623\n\n" % PRESIGNED),
        "pipelined": crlf("POST / HTTP/1.1\nHost: x\nContent-Type: application/x-www-form-urlencoded\n"
                          "Content-Length: %d\n\n%sGET /?Action=GetCallerIdentity HTTP/1.1\nHost: x\n"
                          "Connection: close\n\n" % (len(form), form)),
        "expect-continue": crlf("POST / HTTP/1.1\nHost: x\nExpect: 100-continue\nContent-Length: %d\n\n%s"
                                % (len(form), form)),
        "chunked": crlf("POST / HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n%x\n%s\n0\n\n"
                        % (len(form), form)),
        "http10": "GET /?Action=ListUsers&Version=2010-05-08 HTTP/1.0\r\n\r\n",
        "bad-method": "G@T / HTTP/1.1\r\nHost: x\r\n\r\n",
        "not-http": "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",
        "header-too-large": crlf("GET / HTTP/1.1\nHost: x\nX-Big: %s\n\n" % ("a" * 1100)),
        "body-too-large": crlf("POST / HTTP/1.1\nHost: x\nContent-Length: 4096\n\n") + "Action=" + "a" * 100,
        "wrong-media-type": crlf("POST / HTTP/1.1\nHost: x\nContent-Type: application/json\n"
                                 "Content-Length: 2\n\n{}"),
        "delete-verb": crlf("DELETE /?Action=DeleteCluster HTTP/1.1\nHost: x\n\n"),
        "bad-percent": crlf("GET /?Action=Describe%ZZ HTTP/1.1\nHost: x\n\n"),
    }
    for name, data in seeds.items():
        write(target, name + ".http", data.encode("latin-1"))
    # A signed request followed by a keep-alive second one on the same connection.
    first = raw_captures[0][1]
    write(target, "keepalive-two-signed.http", first + raw_captures[1][1])


def form_decoder(raw_captures):
    target = "form_decoder"
    reset(target)
    index, total = operation_index()
    for name, raw in raw_captures:
        _, _, body = split(raw)
        action = re.search(rb"Action=([A-Za-z]+)", body)
        selector = index.get(action.group(1).decode(), 0) if action else 0
        write(target, name, bytes([selector >> 8, selector & 0xFF]) + body)
    # Query-string forms and malformed ones, with other operations selected.
    extra = [
        (b"", b"Action=DescribeClusters&Version=2012-12-01&MaxRecords=20&Marker=abc%2Fdef%2B%3D"),
        (b"Action=ListUsers&Version=2010-05-08&PathPrefix=%2F&MaxItems=5", b""),
        (b"Action=CreateCluster&Action=DeleteCluster", b""),
        (b"Action=Describe%ZZ", b""),
        (b"a=1&&b=2&c&=d&e=f+g%20h", b"x=1"),
        (b"Action=ModifyCluster&ClusterIdentifier=c1&NumberOfNodes=99999999999", b"Version=2012-12-01"),
        (b"Action=DescribeClusters&TagKeys.TagKey.1=a&TagKeys.TagKey.3=c&TagKeys=", b""),
        (b"Action=CreateUser&UserName=" + b"u" * 80 + b"&Tags.member.1.Key=k", b""),
        (b"Action=AssumeRole&RoleArn=arn&RoleSessionName=s&DurationSeconds=1e3", b""),
        (b"Action=SimulateCustomPolicy&PolicyInputList.member.1=%7B%7D&ActionNames.member.1=a"
         b"&ContextEntries.member.1.ContextKeyValues.member.1=v", b""),
        (b"Action=CreateClusterParameterGroup&Tags.Tag.1.Key=k&Tags.Tag.1.Value=%C3%A9", b""),
        (b"Action=DescribeEvents&StartTime=2026-01-01T00%3A00%3A00Z&Duration=60", b""),
    ]
    rng = random.Random(7)
    for i, (body, query) in enumerate(extra):
        selector = rng.randrange(total)
        write(target, "form-%02d" % i, bytes([selector >> 8, selector & 0xFF]) + body + b"\n" + query)


def sigv4(raw_captures):
    target = "sigv4"
    reset(target)
    for name, raw in raw_captures:
        request_line, headers, body = split(raw)
        method, target_path, _ = request_line.split(b" ")
        write(target, name, method + b" " + target_path + b"\n" + b"\n".join(headers) + b"\n\n" + body)
    write(target, "presigned", "GET %s\nhost: 127.0.0.1:41623\n\n" % PRESIGNED)
    write(target, "presigned-expired", "GET %s\nhost: h\n\n" % PRESIGNED.replace("Expires=300", "Expires=0"))
    write(target, "no-auth", "POST /\nhost: h\n\nAction=GetCallerIdentity")
    write(target, "bad-algorithm", "POST /\nhost: h\nauthorization: AWS4-HMAC-SHA1 Credential=a\n\n")
    write(target, "missing-date",
          "POST /\nhost: h\nauthorization: AWS4-HMAC-SHA256 Credential=AKIA/20261203/us-east-1/sts/"
          "aws4_request, SignedHeaders=host, Signature=" + "0" * 64 + "\n\n")


def policies():
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "authz", "*.json"))):
        with open(path) as f:
            data = json.load(f)
        for name, policy in data.get("policies", {}).items():
            text = policy if isinstance(policy, str) else json.dumps(policy, indent=1)
            out.append((os.path.basename(path)[:-5], name, text, data))
    return out


def policy_parser(all_policies):
    target = "policy_parser"
    reset(target)
    rng = random.Random(1)
    by_file = {}
    for file, name, text, _ in all_policies:
        by_file.setdefault(file, []).append((name, text))
    # Every parse-error example, and a sample of the others from each file.
    for file, entries in by_file.items():
        chosen = rng.sample(entries, min(16 if file == "parse_errors" else 4, len(entries)))
        for name, text in chosen:
            write(target, "%s-%s" % (file, re.sub(r"[^A-Za-z0-9_.-]", "_", name)), text)


def request_lines(defaults, request):
    context = dict(defaults.get("context", {}))
    context.update(request.get("context", {}))
    lines = [request.get("action", ""), request.get("resource", "*"),
             request.get("principal", defaults.get("principal", "")),
             request.get("account", defaults.get("account", "")),
             "root" if request.get("root") or request.get("principal_is_root") else ""]
    for key, value in context.items():
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        lines.append("%s=%s" % (key, "|".join(str(v) for v in values)))
    return "\n".join(lines)


def condition_evaluator(all_policies):
    target = "condition_evaluator"
    reset(target)
    rng = random.Random(2)
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "authz", "*.json"))):
        with open(path) as f:
            data = json.load(f)
        cases = data.get("cases", [])
        if "parse_errors" in path or not cases:
            continue
        texts = {name: (p if isinstance(p, str) else json.dumps(p))
                 for name, p in data.get("policies", {}).items()}
        for case in rng.sample(cases, min(7, len(cases))):
            names = case.get("policies", []) + case.get("session", [])
            if case.get("trust"):
                names = [case["trust"]] + names
            a = texts.get(names[0], "{}") if names else "{}"
            b = texts.get(names[1], "{}") if len(names) > 1 else "{}"
            data_text = a + "\n%%\n" + b + "\n%%\n" + request_lines(data.get("defaults", {}),
                                                                     case.get("request", {}))
            name = re.sub(r"[^A-Za-z0-9_.-]", "_", case.get("name", "case"))[:60]
            write(target, "%s-%s" % (os.path.basename(path)[:-5], name), data_text)


def wildcard():
    target = "wildcard"
    reset(target)
    seeds = [
        (0, "redshift:Describe*", "redshift:DescribeClusters"),
        (1, "REDSHIFT:describe*", "redshift:DescribeClusters"),
        (1, "redshift:?escribeClusters", "Redshift:DescribeClusters"),
        (0, "arn:aws:redshift:*:111122223333:cluster:prod*",
         "arn:aws:redshift:us-east-1:111122223333:cluster:prod-1"),
        (0, "arn:aws:redshift:us-east-1:111122223333:snapshot:c1/*",
         "arn:aws:redshift:us-east-1:111122223333:snapshot:c1/s1"),
        (0, "arn:aws:iam::*:role/ops/*", "arn:aws:iam::111122223333:role/ops/Ops"),
        (0, "arn:aws:redshift", "arn:aws:redshift:us-east-1:1:cluster:c"),
        (0, "*", "anything at all"),
        (0, "a*b*c*d*e*f", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"),
        (0, "*?*?*?", "ab"),
        (0, "??", "abc"),
        (0, "", ""),
        (0, "*:*:*:*:*:*", "a:b:c:d:e:f:g"),
        (1, "ÀB*", "àbc"),
        (2, "a*b?c", "a*b?c\n00100"),
        (2, "arn:aws:s3:::${*}*", "arn:aws:s3:::x*y\n0000000000000011110"),
        (3, "Bucket-?-*", "bucket-1-x\n1111111111"),
        (0, "env-*-prod", "env--prod"),
        (1, "iam:*User*", "IAM:ListUsers"),
        (0, "ec2:Describe Instances", "ec2:Describe Instances"),
    ]
    for i, (flags, pattern, text) in enumerate(seeds):
        write(target, "w%02d" % i, bytes([flags]) + ("%s\n%s" % (pattern, text)).encode("utf-8"))


def xml_encoder():
    # FuzzedDataProvider input: the last 2 bytes pick the operation; strings come
    # from the front. Pseudo-random bytes with readable text mixed in.
    target = "xml_encoder"
    reset(target)
    rng = random.Random(3)
    words = [b"my-cluster", b"arn:aws:redshift:us-east-1:123456789012:cluster:c1", b"<&>\"'",
             b"ra3.xlplus", b"2026-12-03T18:40:37.000Z", b"\xc3\xa9t\xc3\xa9", b"InvalidParameterValue",
             b"ClusterNotFound", b"AccessDenied", b"dev", b"]]>"]
    for i in range(24):
        data = bytearray()
        while len(data) < rng.randrange(16, 600):
            if rng.random() < 0.5:
                data += rng.choice(words)
            data += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        write(target, "x%02d" % i, bytes(data))


def main():
    raw_captures = captures()
    http_session(raw_captures)
    form_decoder(raw_captures)
    sigv4(raw_captures)
    all_policies = policies()
    policy_parser(all_policies)
    condition_evaluator(all_policies)
    wildcard()
    xml_encoder()
    for target in sorted(os.listdir(CORPUS)):
        files = os.listdir(os.path.join(CORPUS, target))
        size = sum(os.path.getsize(os.path.join(CORPUS, target, f)) for f in files)
        print("%-20s %3d files %7d bytes" % (target, len(files), size))


if __name__ == "__main__":
    main()
