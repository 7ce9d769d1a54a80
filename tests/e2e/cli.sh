#!/usr/bin/env bash
# E2E suite: the cluster foundation through the AWS CLI — v1 (pyenv `aws`, endpoint
# taken from AWS_ENDPOINT_URL) and v2 (Debian /usr/bin/aws with --endpoint-url):
# create, describe with --query, waiters, auto-pagination, --max-items/--starting-token,
# delete, and the exit status / stderr of a service error.
# Usage: bash tests/e2e/cli.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
e2e_isolated_aws_env
e2e_start_emulator
export AWS_ENDPOINT_URL="$RSEMU_ENDPOINT"

OUT="" ERR="" RC=0
# run_cli CLI_ARRAY_NAME args... : runs the CLI, sets OUT, ERR and RC (never aborts the suite).
run_cli() {
  local -n cli="$1"; shift
  local errf="$E2E_TMP/cli.$BASHPID.stderr"  # one per concurrent suite
  RC=0
  OUT="$(timeout 60 "${cli[@]}" "$@" 2>"$errf")" || RC=$?
  ERR="$(cat "$errf")"
}

# Creates clusters bulk-0..N-1 quickly through boto3 (the CLI would take ~0.5 s per call).
bulk_create() {
  python3 - "$1" <<'PY'
import sys, boto3
from botocore.config import Config
rs = boto3.client("redshift", config=Config(retries={"max_attempts": 1}))
for i in range(int(sys.argv[1])):
    rs.create_cluster(ClusterIdentifier=f"bulk-{i:02d}", NodeType="ra3.xlplus",
                      MasterUsername="awsuser", MasterUserPassword="Passw0rd!")
PY
}

# json_field EXPR < json : prints EXPR evaluated with d = the parsed JSON (or "unparseable: ...").
json_field() {
  python3 -c '
import json, sys
raw = sys.stdin.read()
try:
    d = json.loads(raw)
except ValueError:
    print("unparseable: " + raw[:200].replace("\n", " ")); sys.exit(0)
print(eval(sys.argv[1], {"d": d}))' "$1"
}

cli_suite() {
  local name="$1" error_rc="$2" cname
  local -n C="$3"
  cname="cli-$name"
  echo "== AWS CLI $name (${C[*]}), account key $AWS_ACCESS_KEY_ID"

  run_cli C redshift create-cluster --cluster-identifier "$cname" --node-type ra3.xlplus \
    --master-username awsuser --master-user-password 'Passw0rd!' --number-of-nodes 2 \
    --tags Key=env,Value=dev "Key=team,Value=data eng" \
    --vpc-security-group-ids sg-0123456789abcdef0 --iam-roles arn:aws:iam::123456789012:role/R1 \
    --query 'Cluster.[ClusterIdentifier,ClusterStatus,NodeType,NumberOfNodes,DBName,Encrypted]' --output text
  e2e_check "$name create-cluster exit status" 0 "$RC"
  e2e_check "$name create-cluster output" "$cname	creating	ra3.xlplus	2	dev	True" "$OUT"
  [[ $RC -eq 0 ]] || echo "$ERR" >&2

  run_cli C redshift describe-clusters --cluster-identifier "$cname" --output text --query \
    'Clusters[0].[ClusterStatus,Endpoint.Port,PendingModifiedValues.MasterUserPassword,Tags[?Key==`team`].Value|[0],Endpoint.Address]'
  local address="${OUT##*	}"
  e2e_check "$name describe-clusters status, port, no pending password, tag with a space" \
    "available	5439	None	data eng" "${OUT%	*}"
  if [[ "$address" =~ ^$cname\.[a-z0-9]+\.us-east-1\.redshift\.amazonaws\.com$ ]]; then
    e2e_pass "$name endpoint address"
  else
    e2e_fail "$name endpoint address" "observed: [$address] $ERR"
  fi

  local t0=$SECONDS
  run_cli C redshift wait cluster-available --cluster-identifier "$cname"
  e2e_check "$name wait cluster-available exit status" 0 "$RC"
  if (( SECONDS - t0 <= 10 )); then e2e_pass "$name wait cluster-available is immediate"
  else e2e_fail "$name wait cluster-available is immediate" "took $((SECONDS - t0)) s"; fi

  # 25 clusters in all: auto-pagination without and with a page size.
  bulk_create 24 || e2e_fail "$name creating 24 more clusters through boto3"
  run_cli C redshift describe-clusters --query 'length(Clusters)'
  e2e_check "$name describe-clusters counts 25" 25 "$OUT"
  run_cli C redshift describe-clusters --page-size 20 --query 'Clusters[].ClusterIdentifier' --output text
  e2e_check "$name describe-clusters --page-size 20 yields 25 (distinct: 25)" 25/25 \
    "$(tr '\t' '\n' <<<"$OUT" | grep -c . | tr -d ' ')/$(tr '\t' '\n' <<<"$OUT" | sort -u | grep -c .)"
  # Raw --max-records turns auto-pagination off: one page of 20 and a server Marker.
  run_cli C redshift describe-clusters --max-records 20 --output json
  e2e_check "$name --max-records 20 gives one page with a Marker" "20 True" \
    "$(json_field '"%d %s" % (len(d["Clusters"]), bool(d.get("Marker")))' <<<"$OUT")"

  # --max-items: client-side truncation with a NextToken, then --starting-token resumes.
  local first rest token
  run_cli C redshift describe-clusters --max-items 5 --output json
  first="$OUT"
  token="$(json_field 'd.get("NextToken", "")' <<<"$first" 2>/dev/null || true)"
  e2e_check "$name --max-items 5 returns 5" 5 "$(json_field 'len(d["Clusters"])' <<<"$first" 2>&1)"
  if [[ -n "$token" ]]; then e2e_pass "$name --max-items 5 gives a NextToken"
  else e2e_fail "$name --max-items 5 gives a NextToken" "output: ${first:0:300} $ERR"; fi
  run_cli C redshift describe-clusters --starting-token "$token" --output json
  rest="$OUT"
  e2e_check "$name --starting-token resumes with the other 20" "20 False" \
    "$(json_field '"%d %s" % (len(d["Clusters"]), "NextToken" in d)' <<<"$rest")"
  e2e_check "$name pages together hold all 25 once" 25 \
    "$( (json_field '"\n".join(x["ClusterIdentifier"] for x in d["Clusters"])' <<<"$first"
         json_field '"\n".join(x["ClusterIdentifier"] for x in d["Clusters"])' <<<"$rest") 2>&1 | sort -u | grep -c .)"

  # Delete, then the cluster is gone.
  run_cli C redshift delete-cluster --cluster-identifier "$cname" --skip-final-cluster-snapshot \
    --query 'Cluster.[ClusterIdentifier,ClusterStatus]' --output text
  e2e_check "$name delete-cluster" "$cname	deleting" "$OUT"
  t0=$SECONDS
  run_cli C redshift wait cluster-deleted --cluster-identifier "$cname"
  e2e_check "$name wait cluster-deleted exit status" 0 "$RC"
  if (( SECONDS - t0 <= 10 )); then e2e_pass "$name wait cluster-deleted is immediate"
  else e2e_fail "$name wait cluster-deleted is immediate" "took $((SECONDS - t0)) s"; fi

  run_cli C redshift describe-clusters --cluster-identifier "$cname"
  e2e_check "$name describe of a deleted cluster exits $error_rc" "$error_rc" "$RC"
  if grep -q "An error occurred (ClusterNotFound) when calling the DescribeClusters operation" <<<"$ERR"; then
    e2e_pass "$name ClusterNotFound on stderr"
  else
    e2e_fail "$name ClusterNotFound on stderr" "stderr: $ERR"
  fi
  run_cli C redshift delete-cluster --cluster-identifier no-such-cluster --skip-final-cluster-snapshot
  e2e_check "$name delete of a missing cluster exits $error_rc" "$error_rc" "$RC"
  grep -q "(ClusterNotFound) when calling the DeleteCluster operation" <<<"$ERR" \
    && e2e_pass "$name delete ClusterNotFound on stderr" \
    || e2e_fail "$name delete ClusterNotFound on stderr" "stderr: $ERR"

  run_cli C redshift create-cluster --cluster-identifier bulk-00 --node-type ra3.xlplus \
    --master-username awsuser --master-user-password 'Passw0rd!'
  e2e_check "$name duplicate create exits $error_rc" "$error_rc" "$RC"
  grep -q "An error occurred (ClusterAlreadyExists) when calling the CreateCluster operation" <<<"$ERR" \
    && e2e_pass "$name ClusterAlreadyExists on stderr" \
    || e2e_fail "$name ClusterAlreadyExists on stderr" "stderr: $ERR"
}

CLI_V1=(aws)
CLI_V2=(/usr/bin/aws --endpoint-url "$RSEMU_ENDPOINT")
# The two CLIs run side by side (each call costs ~1 s of CLI start-up), each as the root
# user of its own account so that neither sees the other's clusters.
run_in_account() {  # run_in_account ACCESS_KEY NAME ERROR_RC CLI_ARRAY
  (
    export AWS_ACCESS_KEY_ID="$1"
    E2E_PASSED=0 E2E_FAILED=0 E2E_FAILURES=()
    cli_suite "$2" "$3" "$4" >"$E2E_TMP/$2.log" 2>&1 || e2e_fail "$2 suite aborted" >>"$E2E_TMP/$2.log"
    echo "$E2E_PASSED $E2E_FAILED" >"$E2E_TMP/$2.counts"
    printf '%s\n' "${E2E_FAILURES[@]}" >"$E2E_TMP/$2.failures"
  ) &
  SUITE_PIDS+=($!)
}
SUITE_PIDS=()
run_in_account 111111111111 v1 255 CLI_V1
run_in_account 222222222222 v2 254 CLI_V2
wait "${SUITE_PIDS[@]}" || true  # not a bare `wait`: that would wait for the emulator too
for name in v1 v2; do
  cat "$E2E_TMP/$name.log"
  if [[ ! -s "$E2E_TMP/$name.counts" ]]; then e2e_fail "$name suite did not finish"; continue; fi
  read -r p f <"$E2E_TMP/$name.counts"
  E2E_PASSED=$((E2E_PASSED + p)); E2E_FAILED=$((E2E_FAILED + f))
  while IFS= read -r line; do [[ -n "$line" ]] && E2E_FAILURES+=("$line"); done <"$E2E_TMP/$name.failures"
done
e2e_finish
