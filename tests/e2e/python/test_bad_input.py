"""End-to-end tests of bad HTTP input: every malformed request gets an AWS-shaped
XML ErrorResponse (Type/Code/Message + RequestId, x-amzn-RequestId header equal
to the body's RequestId) with the right status, and leaves no trace in state.
Also: oversized bodies, stalled clients, GET requests, signed and unsigned calls.

Run through tests/e2e/bad_input.sh (which starts rsemu with --read-timeout 1),
or by hand: RSEMU_ENDPOINT=http://127.0.0.1:PORT python3 -m unittest -v test_bad_input
"""

import http.client
import socket
import threading
import time
import unittest
import xml.etree.ElementTree as ET

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import e2e_common as c

FORM = "application/x-www-form-urlencoded; charset=utf-8"
CREATE_BASE = (
    "Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=leak-check"
    "&MasterUsername=awsuser&MasterUserPassword=Passw0rd%21"
)


def signed_headers(body, service="redshift", access_key="test"):
    req = AWSRequest(method="POST", url=c.ENDPOINT + "/", data=body, headers={"Content-Type": FORM})
    SigV4Auth(Credentials(access_key, "test"), service, c.REGION).add_auth(req)
    return dict(req.headers.items())


class BadInput(unittest.TestCase):
    def setUp(self):
        c.reset()
        self.rs = c.redshift()

    def tearDown(self):
        # Whatever was sent, nothing may have been created, and the server must still answer.
        clusters = self.rs.describe_clusters()["Clusters"]
        self.assertEqual([x["ClusterIdentifier"] for x in clusters], [], "bad request left state behind")

    def send(self, body, method="POST", path="/", headers=None, content_type=FORM):
        hdrs = {"Content-Type": content_type} if content_type else {}
        hdrs.update(headers or {})
        if isinstance(body, str):
            body = body.encode()
        return c.http_request(method, path, body=body, headers=hdrs)

    def assertAwsError(self, response, status, codes):
        code_list = (codes,) if isinstance(codes, str) else tuple(codes or ())
        got_status, headers, body = response
        self.assertEqual(got_status, status, f"HTTP {got_status}, body {body[:400]!r}")
        self.assertIn("xml", headers.get("Content-Type", ""), headers)
        try:
            err = c.parse_error(body)
        except ET.ParseError as e:
            self.fail(f"error body is not XML ({e}): {body[:400]!r}")
        print(f"  -> HTTP {got_status} {err['Code']}: {err['Message']}")
        if code_list:
            self.assertIn(err["Code"], code_list, err)
        else:
            self.assertTrue(err["Code"], err)
        self.assertEqual(err["Type"], "Sender" if status < 500 else "Receiver", err)
        self.assertTrue(err["Message"], err)
        self.assertRegex(err["RequestId"] or "", r"^[0-9a-f-]{36}$", err)
        self.assertEqual(headers.get("x-amzn-RequestId"), err["RequestId"], dict(headers))
        return err

    # --- framing and encoding ------------------------------------------------------------------

    def test_empty_body(self):
        self.assertAwsError(self.send(b""), 400, "MissingAction")

    def test_json_body(self):
        err = self.assertAwsError(
            self.send(b'{"Action":"CreateCluster"}', content_type="application/json"), 400, None
        )
        print(f"  (code for a JSON body: {err['Code']})")

    def test_bad_percent_encoding(self):
        self.assertAwsError(
            self.send("Action=DescribeClusters&Version=2012-12-01&Marker=%G1"), 400, "MalformedQueryString"
        )

    def test_truncated_percent_encoding(self):
        self.assertAwsError(
            self.send("Action=DescribeClusters&Version=2012-12-01&Marker=ab%2"), 400, "MalformedQueryString"
        )

    def test_repeated_key(self):
        body = (
            "Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=a&ClusterIdentifier=b"
            "&NodeType=ra3.xlplus&MasterUsername=awsuser&MasterUserPassword=Passw0rd%21"
        )
        self.assertAwsError(self.send(body), 400, "MalformedQueryString")

    # --- parameters ----------------------------------------------------------------------------

    def test_missing_required_parameter(self):
        err = self.assertAwsError(self.send(CREATE_BASE), 400, "MissingParameter")
        self.assertIn("NodeType", err["Message"])

    def test_number_of_nodes_not_an_integer(self):
        err = self.assertAwsError(
            self.send(CREATE_BASE + "&NodeType=ra3.xlplus&NumberOfNodes=abc"), 400, "InvalidParameterValue"
        )
        self.assertIn("NumberOfNodes", err["Message"])

    def test_encrypted_not_a_boolean(self):
        err = self.assertAwsError(
            self.send(CREATE_BASE + "&NodeType=ra3.xlplus&Encrypted=maybe"), 400, "InvalidParameterValue"
        )
        self.assertIn("Encrypted", err["Message"])

    def test_max_records_out_of_range(self):
        err = self.assertAwsError(
            self.send("Action=DescribeClusters&Version=2012-12-01&MaxRecords=10"), 400, "InvalidParameterValue"
        )
        self.assertIn("MaxRecords", err["Message"])

    # --- actions and methods -------------------------------------------------------------------

    def test_unknown_action(self):
        self.assertAwsError(self.send("Action=FooBar&Version=2012-12-01"), 400, "InvalidAction")

    def test_modeled_but_unimplemented_action(self):
        body = "Action=DescribeReservedNodes&Version=2012-12-01"
        err = self.assertAwsError(self.send(body, headers=signed_headers(body)), 501, "NotImplemented")
        self.assertIn("DescribeReservedNodes", err["Message"])

    def test_put_method(self):
        self.assertAwsError(self.send("Action=DescribeClusters&Version=2012-12-01", method="PUT"), 400, None)

    # --- connection-level limits ---------------------------------------------------------------

    def test_oversized_body(self):
        body = (CREATE_BASE + "&NodeType=ra3.xlplus&Padding=").encode()
        body += b"x" * (1536 * 1024 - len(body))
        sock = socket.create_connection((c.HOST, c.PORT), timeout=10)
        head = (
            f"POST / HTTP/1.1\r\nHost: {c.HOST}:{c.PORT}\r\nContent-Type: {FORM}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()

        def writer():
            try:
                sock.sendall(head)
                for i in range(0, len(body), 65536):
                    sock.sendall(body[i : i + 65536])
            except OSError:
                pass  # the server may stop reading once it has seen Content-Length

        t = threading.Thread(target=writer, daemon=True)
        t.start()
        try:
            resp = http.client.HTTPResponse(sock)
            resp.begin()
            payload = resp.read()
            result = (resp.status, resp.headers, payload)
        finally:
            t.join(timeout=10)
            sock.close()
        self.assertEqual(result[1].get("Connection", "").lower(), "close", dict(result[1]))
        self.assertAwsError(result, 413, None)

    def _assert_server_closes(self, sock, deadline_s=5.0):
        start = time.monotonic()
        sock.settimeout(deadline_s)
        received = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
                if time.monotonic() - start > deadline_s:
                    self.fail("server kept the stalled connection open")
        except socket.timeout:
            self.fail(f"server did not close a stalled connection within {deadline_s} s (got {received[:200]!r})")
        except ConnectionResetError:
            pass
        finally:
            sock.close()
        elapsed = time.monotonic() - start
        print(f"  -> closed after {elapsed:.2f} s, sent back {received[:60]!r}")
        return received

    def test_stalled_headers(self):
        sock = socket.create_connection((c.HOST, c.PORT), timeout=10)
        sock.sendall(f"POST / HTTP/1.1\r\nHost: {c.HOST}:{c.PORT}\r\nContent-Type: app".encode())
        self._assert_server_closes(sock)

    def test_stalled_body(self):
        sock = socket.create_connection((c.HOST, c.PORT), timeout=10)
        sock.sendall(
            f"POST / HTTP/1.1\r\nHost: {c.HOST}:{c.PORT}\r\nContent-Type: {FORM}\r\n"
            f"Content-Length: 200\r\n\r\nAction=CreateCluster&".encode()
        )
        self._assert_server_closes(sock)

    def test_slow_but_complete_request_is_served(self):
        # Counterpart of the stall tests: a client that pauses briefly (well inside the
        # 1 s read timeout) and then finishes its request gets a normal answer.
        body = b"Action=DescribeClusters&Version=2012-12-01"
        sock = socket.create_connection((c.HOST, c.PORT), timeout=10)
        try:
            sock.sendall(f"POST / HTTP/1.1\r\nHost: {c.HOST}:{c.PORT}\r\n".encode())
            time.sleep(0.3)
            sock.sendall(f"Content-Type: {FORM}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
            resp = http.client.HTTPResponse(sock)
            resp.begin()
            self.assertOk((resp.status, resp.headers, resp.read()), "DescribeClustersResponse")
        finally:
            sock.close()

    def test_oversized_chunked_body(self):
        sock = socket.create_connection((c.HOST, c.PORT), timeout=10)
        chunk = b"x" * 65536

        def writer():
            try:
                sock.sendall(
                    f"POST / HTTP/1.1\r\nHost: {c.HOST}:{c.PORT}\r\nContent-Type: {FORM}\r\n"
                    f"Transfer-Encoding: chunked\r\n\r\n".encode()
                )
                first = b"Action=DescribeClusters&Version=2012-12-01&Marker="
                sock.sendall(b"%x\r\n%s\r\n" % (len(first), first))
                for _ in range(24):  # 1.5 MiB in all
                    sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sock.sendall(b"0\r\n\r\n")
            except OSError:
                pass

        t = threading.Thread(target=writer, daemon=True)
        t.start()
        try:
            resp = http.client.HTTPResponse(sock)
            resp.begin()
            result = (resp.status, resp.headers, resp.read())
        finally:
            t.join(timeout=10)
            sock.close()
        self.assertEqual(result[1].get("Connection", "").lower(), "close", dict(result[1]))
        self.assertAwsError(result, 413, None)

    def test_oversized_headers(self):
        big = "a" * (20 * 1024)
        result = c.http_request(
            "POST", "/", body=b"Action=DescribeClusters&Version=2012-12-01",
            headers={"Content-Type": FORM, "X-Padding": big},
        )
        self.assertIn(result[0], (400, 431), result[2][:300])
        self.assertAwsError(result, result[0], None)

    def test_garbage_instead_of_http(self):
        sock = socket.create_connection((c.HOST, c.PORT), timeout=5)
        try:
            sock.sendall(b"\x16\x03\x01\x00\xa5GARBAGE / NOT-HTTP\r\n\r\n")
            data = b""
            try:
                while chunk := sock.recv(65536):
                    data += chunk
            except (socket.timeout, ConnectionResetError):
                pass
        finally:
            sock.close()
        print(f"  -> answered {data[:40]!r}")
        self.assertTrue(data == b"" or data.startswith(b"HTTP/1.1 400"), data[:200])
        status, _, body, doc = c.health()
        self.assertEqual(status, 200, body)

    # --- requests that must work ---------------------------------------------------------------

    def assertOk(self, response, root):
        status, headers, body = response
        self.assertEqual(status, 200, body[:400])
        doc = ET.fromstring(body)
        self.assertEqual(c.strip_ns(doc.tag), root)
        meta = c.child(doc, "ResponseMetadata")
        self.assertIsNotNone(meta, body[:400])
        rid = c.child(meta, "RequestId").text
        self.assertEqual(headers.get("x-amzn-RequestId"), rid)
        return doc

    def test_get_with_query_string(self):
        self.assertOk(
            c.http_request("GET", "/?Action=DescribeClusters&Version=2012-12-01"), "DescribeClustersResponse"
        )

    def test_signed_and_unsigned_requests(self):
        body = "Action=DescribeClusters&Version=2012-12-01"
        self.assertOk(self.send(body, headers=signed_headers(body)), "DescribeClustersResponse")
        self.assertOk(self.send(body), "DescribeClustersResponse")
        signed_create = CREATE_BASE.replace("leak-check", "signed-one") + "&NodeType=ra3.xlplus"
        unsigned_create = CREATE_BASE.replace("leak-check", "unsigned-one") + "&NodeType=ra3.xlplus"
        self.assertOk(self.send(signed_create, headers=signed_headers(signed_create)), "CreateClusterResponse")
        self.assertOk(self.send(unsigned_create), "CreateClusterResponse")
        ids = sorted(x["ClusterIdentifier"] for x in self.rs.describe_clusters()["Clusters"])
        self.assertEqual(ids, ["signed-one", "unsigned-one"])
        c.reset()  # tearDown checks for an empty state


if __name__ == "__main__":
    unittest.main(verbosity=2)
