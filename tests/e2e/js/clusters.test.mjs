// End-to-end tests of the Redshift cluster foundation through the AWS SDK for
// JavaScript v3: CreateCluster / DescribeClusters / DeleteCluster, paginator,
// waiters, modeled exceptions, request ids, and the invalid input only this SDK
// sends (it validates nothing client-side).
// Run through tests/e2e/js_sdk.sh, or: RSEMU_ENDPOINT=http://127.0.0.1:PORT node --test clusters.test.mjs
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  RedshiftClient,
  CreateClusterCommand,
  DescribeClustersCommand,
  DeleteClusterCommand,
  ClusterAlreadyExistsFault,
  ClusterNotFoundFault,
  RedshiftServiceException,
  paginateDescribeClusters,
  waitUntilClusterAvailable,
  waitUntilClusterDeleted,
} from "@aws-sdk/client-redshift";

const ENDPOINT = process.env.RSEMU_ENDPOINT ?? "http://127.0.0.1:4599";
const RESET_PATH = process.env.RSEMU_RESET_PATH ?? "/_emulator/reset";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NAMESPACE_ARN =
  /^arn:aws:redshift:us-east-1:123456789012:namespace:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const rs = new RedshiftClient({
  endpoint: ENDPOINT,
  region: "us-east-1",
  maxAttempts: 1,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

const base = (id, extra = {}) => ({
  ClusterIdentifier: id,
  NodeType: "ra3.xlplus",
  MasterUsername: "awsuser",
  MasterUserPassword: "Passw0rd!",
  ...extra,
});

async function allIdentifiers() {
  const out = await rs.send(new DescribeClustersCommand({}));
  return out.Clusters.map((c) => c.ClusterIdentifier).sort();
}

// Sends the command, expects a rejection, returns the error.
async function rejection(command) {
  try {
    const out = await rs.send(command);
    assert.fail(`expected an error, got ${JSON.stringify(out).slice(0, 300)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    return e;
  }
}

function assertServiceError(e, { name, code, status }) {
  assert.ok(e instanceof RedshiftServiceException, `not a RedshiftServiceException: ${e}`);
  assert.equal(e.name, name, e.message);
  if (code !== undefined) assert.equal(e.Code, code);
  assert.equal(e.$metadata.httpStatusCode, status);
  assert.equal(e.$fault, "client");
  assert.match(e.$metadata.requestId ?? "", UUID);
  assert.ok(e.message && e.message !== "Unknown", `error message: ${e.message}`);
}

beforeEach(async () => {
  const r = await fetch(ENDPOINT + RESET_PATH, { method: "POST" });
  assert.equal(r.status, 200, `reset failed: ${r.status}`);
});

test("CreateCluster returns the creating cluster with AWS defaults", async () => {
  const tags = [
    { Key: "env", Value: "dev" },
    { Key: "team", Value: "data eng" },
  ];
  const out = await rs.send(
    new CreateClusterCommand(
      base("js-cluster", {
        NumberOfNodes: 2,
        Tags: tags,
        VpcSecurityGroupIds: ["sg-0123456789abcdef0"],
        IamRoles: ["arn:aws:iam::123456789012:role/R1"],
      }),
    ),
  );
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.match(out.$metadata.requestId ?? "", UUID, "requestId comes from the x-amzn-requestid header");
  const c = out.Cluster;
  assert.equal(c.ClusterIdentifier, "js-cluster");
  assert.equal(c.ClusterStatus, "creating");
  assert.equal(c.NodeType, "ra3.xlplus");
  assert.equal(c.NumberOfNodes, 2);
  assert.equal(c.DBName, "dev");
  assert.equal(c.Encrypted, true);
  assert.equal(c.Endpoint, undefined);
  assert.deepEqual(
    [...c.Tags].sort((a, b) => a.Key.localeCompare(b.Key)),
    tags,
  );
  assert.equal(c.PendingModifiedValues?.MasterUserPassword, "****");
  assert.deepEqual(
    c.ClusterParameterGroups.map((g) => [g.ParameterGroupName, g.ParameterApplyStatus]),
    [["default.redshift-1.0", "in-sync"]],
  );
  assert.deepEqual(c.VpcSecurityGroups, [{ VpcSecurityGroupId: "sg-0123456789abcdef0", Status: "active" }]);
  assert.deepEqual(c.IamRoles.map((r) => r.IamRoleArn), ["arn:aws:iam::123456789012:role/R1"]);
  assert.match(c.ClusterNamespaceArn ?? "", NAMESPACE_ARN);
});

test("DescribeClusters shows the cluster available with an endpoint", async () => {
  await rs.send(new CreateClusterCommand(base("js-cluster")));
  const out = await rs.send(new DescribeClustersCommand({ ClusterIdentifier: "js-cluster" }));
  assert.match(out.$metadata.requestId ?? "", UUID);
  assert.equal(out.Clusters.length, 1);
  const c = out.Clusters[0];
  assert.equal(c.ClusterStatus, "available");
  assert.equal(c.Endpoint?.Port, 5439);
  assert.match(c.Endpoint?.Address ?? "", /^js-cluster\.[a-z0-9]+\.us-east-1\.redshift\.amazonaws\.com$/);
  assert.ok(c.ClusterCreateTime instanceof Date, `ClusterCreateTime: ${c.ClusterCreateTime}`);
  assert.ok(Math.abs(Date.now() - c.ClusterCreateTime.getTime()) < 300_000);
  assert.equal(c.PendingModifiedValues?.MasterUserPassword, undefined);
  assert.deepEqual(c.Tags, []);
  assert.equal(out.Marker, undefined);
});

test("waitUntilClusterAvailable and waitUntilClusterDeleted", async () => {
  await rs.send(new CreateClusterCommand(base("js-wait")));
  const ok = await waitUntilClusterAvailable(
    { client: rs, maxWaitTime: 20, minDelay: 1, maxDelay: 2 },
    { ClusterIdentifier: "js-wait" },
  );
  assert.equal(ok.state, "SUCCESS");
  const del = await rs.send(new DeleteClusterCommand({ ClusterIdentifier: "js-wait", SkipFinalClusterSnapshot: true }));
  assert.equal(del.Cluster.ClusterStatus, "deleting");
  const gone = await waitUntilClusterDeleted(
    { client: rs, maxWaitTime: 20, minDelay: 1, maxDelay: 2 },
    { ClusterIdentifier: "js-wait" },
  );
  assert.equal(gone.state, "SUCCESS");
});

test("DeleteCluster then DescribeClusters raises ClusterNotFoundFault", async () => {
  await rs.send(new CreateClusterCommand(base("js-del")));
  await rs.send(new CreateClusterCommand(base("js-keep")));
  const out = await rs.send(new DeleteClusterCommand({ ClusterIdentifier: "js-del", SkipFinalClusterSnapshot: true }));
  assert.equal(out.Cluster.ClusterIdentifier, "js-del");
  assert.equal(out.Cluster.ClusterStatus, "deleting");
  const e = await rejection(new DescribeClustersCommand({ ClusterIdentifier: "js-del" }));
  assert.ok(e instanceof ClusterNotFoundFault, `${e.name}: ${e.message}`);
  assertServiceError(e, { name: "ClusterNotFoundFault", code: "ClusterNotFound", status: 404 });
  assert.match(e.message, /js-del/);
  assert.deepEqual(await allIdentifiers(), ["js-keep"]);
});

test("ClusterNotFoundFault on DeleteCluster of a missing cluster", async () => {
  const e = await rejection(new DeleteClusterCommand({ ClusterIdentifier: "nope", SkipFinalClusterSnapshot: true }));
  assert.ok(e instanceof ClusterNotFoundFault, `${e.name}: ${e.message}`);
  assertServiceError(e, { name: "ClusterNotFoundFault", code: "ClusterNotFound", status: 404 });
});

test("ClusterAlreadyExistsFault on a duplicate CreateCluster", async () => {
  await rs.send(new CreateClusterCommand(base("js-dup")));
  const e = await rejection(new CreateClusterCommand(base("js-dup")));
  assert.ok(e instanceof ClusterAlreadyExistsFault, `${e.name}: ${e.message}`);
  assertServiceError(e, { name: "ClusterAlreadyExistsFault", code: "ClusterAlreadyExists", status: 400 });
  assert.deepEqual(await allIdentifiers(), ["js-dup"]);
});

test("paginateDescribeClusters with pageSize 20 over 45 clusters", async () => {
  const ids = Array.from({ length: 45 }, (_, i) => `js-page-${String(i).padStart(2, "0")}`);
  for (const id of ids) await rs.send(new CreateClusterCommand(base(id)));
  const sizes = [];
  const seen = [];
  for await (const page of paginateDescribeClusters({ client: rs, pageSize: 20 }, {})) {
    sizes.push(page.Clusters.length);
    seen.push(...page.Clusters.map((c) => c.ClusterIdentifier));
  }
  assert.deepEqual(sizes, [20, 20, 5]);
  assert.equal(new Set(seen).size, 45);
  assert.deepEqual([...seen].sort(), ids);
});

test("a client configured only through AWS_ENDPOINT_URL and the environment", async () => {
  await rs.send(new CreateClusterCommand(base("js-env")));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: ENDPOINT,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
  });
  const envClient = new RedshiftClient({ maxAttempts: 1 });
  const out = await envClient.send(new DescribeClustersCommand({}));
  assert.deepEqual(out.Clusters.map((c) => c.ClusterIdentifier), ["js-env"]);
});

test("a 12-digit access key is another account", async () => {
  await rs.send(new CreateClusterCommand(base("js-mine")));
  const other = new RedshiftClient({
    endpoint: ENDPOINT,
    region: "us-east-1",
    maxAttempts: 1,
    credentials: { accessKeyId: "111111111111", secretAccessKey: "test" },
  });
  const none = await other.send(new DescribeClustersCommand({}));
  assert.deepEqual(none.Clusters, []);
  const created = await other.send(new CreateClusterCommand(base("js-mine")));
  assert.match(created.Cluster.ClusterNamespaceArn, /^arn:aws:redshift:us-east-1:111111111111:namespace:/);
});

// --- invalid input the JS SDK sends as is ------------------------------------------------------

test("CreateCluster with no parameters is MissingParameter", async () => {
  const e = await rejection(new CreateClusterCommand({}));
  assertServiceError(e, { name: "MissingParameter", status: 400 });
  assert.deepEqual(await allIdentifiers(), []);
});

test("CreateCluster with NumberOfNodes 'abc' is InvalidParameterValue", async () => {
  const e = await rejection(new CreateClusterCommand(base("js-bad", { NumberOfNodes: "abc" })));
  assertServiceError(e, { name: "InvalidParameterValue", status: 400 });
  assert.match(e.message, /NumberOfNodes/);
  assert.deepEqual(await allIdentifiers(), []);
});

test("CreateCluster with Encrypted 'maybe' is InvalidParameterValue", async () => {
  const e = await rejection(new CreateClusterCommand(base("js-bad", { Encrypted: "maybe" })));
  assertServiceError(e, { name: "InvalidParameterValue", status: 400 });
  assert.match(e.message, /Encrypted/);
  assert.deepEqual(await allIdentifiers(), []);
});

test("CreateCluster missing only NodeType is MissingParameter naming it", async () => {
  const { NodeType, ...rest } = base("js-bad");
  const e = await rejection(new CreateClusterCommand(rest));
  assertServiceError(e, { name: "MissingParameter", status: 400 });
  assert.match(e.message, /NodeType/);
  assert.deepEqual(await allIdentifiers(), []);
});

test("DescribeClusters with MaxRecords 10 is InvalidParameterValue", async () => {
  const e = await rejection(new DescribeClustersCommand({ MaxRecords: 10 }));
  assertServiceError(e, { name: "InvalidParameterValue", status: 400 });
});
