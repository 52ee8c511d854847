#!/usr/bin/env bash
# Tests of the Ansible collection (ansible/), run by scripts/test.sh after the build:
#   1. ansible-lint of the whole collection (production profile, .ansible-lint) and a syntax check
#      of every playbook;
#   2. the standalone recovery over SSH: an sshd of its own on loopback addresses, one per host,
#      several clients and a server whose lctl is the simulated Lustre (scripts/lctl-sim, one state
#      file shared by all), two dead clients (one fenced, one merely unreachable), the product's
#      agent jar on every host; then checks that every live client reconnected, that exactly the
#      dead clients' UUIDs were evicted and that the target left recovery;
#   3. when LUSTRE_IR_KUBECONFIG names the kubeconfig of a running API server with the operator
#      (the sandbox's): the operator role twice (the second run changes nothing), and the failover
#      role on a round that completes and on one that fails. LUSTRE_IR_TEST_VARS may name a JSON
#      or YAML file of extra variables for them (test_namespace, test_target, test_server_node,
#      test_server_nids, test_client_selector, test_policy_ref, test_failover_name).
# Needs root (apt-get, an sshd that logs in as root) and the build: target/quarkus-app and the
# fixtures (target/test-classes, target/fixtures.classpath) for lctl-sim.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
collection=$(dirname "$here")
top=$(dirname "$collection")

log() { echo "[ansible-tests] $*" >&2; }

# Debian's packages only: ansible bundles kubernetes.core, which needs the Kubernetes client.
packages=(ansible ansible-lint python3-kubernetes python3-jsonpatch openssh-server openssh-client)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

work=$(mktemp -d -t lustre-ir-ansible-XXXXXX)
sshd_pid=
cleanup() {
    if [[ -n "$sshd_pid" ]]; then kill "$sshd_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# The collection as Ansible finds it: <path>/ansible_collections/lustre_ir/operator -> ansible/.
mkdir -p "$work/collections/ansible_collections/lustre_ir" "$work/tmp" "$work/cp"
ln -s "$collection" "$work/collections/ansible_collections/lustre_ir/operator"
export ANSIBLE_COLLECTIONS_PATH="$work/collections:/usr/share/ansible/collections"
export ANSIBLE_LOCAL_TEMP="$work/tmp" ANSIBLE_SSH_CONTROL_PATH_DIR="$work/cp"
export ANSIBLE_RETRY_FILES_ENABLED=false ANSIBLE_NOCOLOR=1 ANSIBLE_HOST_KEY_CHECKING=false
# Short-lived SSH master connections: none outlives the test's sshd by long.
export ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=10s"

# 1. Lint and syntax.
log "ansible-lint (production profile)"
(cd "$collection" && ansible-lint)
for p in "$collection"/playbooks/*.yml "$collection"/tests/*/*.yml; do
    ansible-playbook --syntax-check -i localhost, "$p" >/dev/null
done
log "syntax check: every playbook passes"

# 2. The standalone recovery over SSH.
jar="$top/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$jar" ]]; then
    log "no $jar: build the operator first (mvn package -DskipTests)"
    exit 1
fi
lctl_sim="$top/scripts/lctl-sim"
sim="$work/sim.json"
target=lustre-OST0001
# Five clients, two of them dead, Lustre's IR off (only the agent's reconnect brings clients back),
# a recovery thread that re-checks every 5 s instead of 60 s.
"$lctl_sim" init --state "$sim" --clients 5 --dead 2 --ir off --failover --recheck 5 --seed 7 >&2
"$lctl_sim" status --state "$sim" >"$work/before.json"
py() { /usr/bin/python3 -c "$@"; }
mapfile -t clients < <(py 'import json,sys
seen=[]
for c in json.load(open(sys.argv[1]))["clients"]:
    if c["node"] not in seen: seen.append(c["node"])
print("\n".join(seen))' "$work/before.json")
mapfile -t dead < <(py 'import json,sys
print("\n".join(sorted({c["node"] for c in json.load(open(sys.argv[1]))["clients"] if not c["alive"]})))' "$work/before.json")
if ((${#dead[@]} != 2)); then log "the simulator made ${#dead[@]} dead clients, not 2"; exit 1; fi
fenced=${dead[0]}
log "clients ${clients[*]}; dead ${dead[*]} ($fenced fenced, ${dead[1]} unreachable)"

# One loopback address per host: the server on .10, live clients from .11, dead clients on
# addresses where nothing listens.
server_addr=127.0.0.10
declare -A addr
listen=("$server_addr")
i=0
for c in "${clients[@]}"; do
    i=$((i + 1))
    if [[ " ${dead[*]} " == *" $c "* ]]; then
        addr[$c]=127.0.0.$((200 + i))
    else
        addr[$c]=127.0.0.$((10 + i))
        listen+=("${addr[$c]}")
    fi
done
port=$(py 'import socket; s=socket.socket(); s.bind(("127.0.0.10", 0)); print(s.getsockname()[1])')

# An sshd of its own: its host key, one client key, logins as the current user by key only.
ssh_dir="$work/ssh"
mkdir -p "$ssh_dir"
ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/client_key"
cp "$ssh_dir/client_key.pub" "$ssh_dir/authorized_keys"
chmod 600 "$ssh_dir/authorized_keys"
{
    echo "Port $port"
    for a in "${listen[@]}"; do echo "ListenAddress $a"; done
    echo "HostKey $ssh_dir/host_key"
    echo "PidFile $ssh_dir/sshd.pid"
    echo "AuthorizedKeysFile $ssh_dir/authorized_keys"
    echo "PubkeyAuthentication yes"
    echo "PasswordAuthentication no"
    echo "KbdInteractiveAuthentication no"
    echo "PermitRootLogin prohibit-password"
    echo "UsePAM no"
    echo "StrictModes no"
    echo "MaxStartups 200:30:400"
    echo "MaxSessions 100"
    echo "Subsystem sftp internal-sftp"
} >"$ssh_dir/sshd_config"
mkdir -p /run/sshd   # sshd's privilege separation directory
/usr/sbin/sshd -D -e -f "$ssh_dir/sshd_config" 2>"$ssh_dir/sshd.log" &
sshd_pid=$!
ssh_opts=(-o BatchMode=yes -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR
          -i "$ssh_dir/client_key" -p "$port")
for _ in $(seq 50); do
    ssh "${ssh_opts[@]}" "$(id -un)@$server_addr" true 2>/dev/null && break
    sleep 0.2
done
ssh "${ssh_opts[@]}" "$(id -un)@$server_addr" true || { cat "$ssh_dir/sshd.log" >&2; exit 1; }
log "sshd on ${listen[*]} port $port"

# Each host's lctl: lctl-sim as that node, over the shared state file (the agent passes it
# --lctl "<wrapper> <node>" and splits it on whitespace; nothing goes through a shell).
cat >"$work/lctl" <<EOF
#!/bin/sh
# The simulated lctl of the node named first.
node=\$1
shift
JAVA_TOOL_OPTIONS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" exec "$lctl_sim" --state "$sim" --node "\$node" "\$@"
EOF
chmod 755 "$work/lctl"

inv="$work/inventory"
mkdir -p "$inv/lustre_ir_facts"
{
    echo "all:"
    echo "  vars:"
    echo "    ansible_port: $port"
    echo "    ansible_user: $(id -un)"
    echo "    ansible_ssh_private_key_file: $ssh_dir/client_key"
    echo "    ansible_ssh_common_args: -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o ConnectTimeout=5"
    echo "    ansible_python_interpreter: /usr/bin/python3"
    echo "    lustre_ir_agent_become: false"
    echo "    lustre_ir_agent_cmd: [java, -XX:TieredStopAtLevel=1, -XX:+UseSerialGC, -jar, $jar, agent]"
    echo "    lustre_ir_lctl: \"$work/lctl {{ inventory_hostname }}\""
    echo "  children:"
    echo "    lustre_ir_servers:"
    echo "      hosts:"
    echo "        oss2: {ansible_host: $server_addr}"
    echo "    lustre_ir_clients:"
    echo "      hosts:"
    for c in "${clients[@]}"; do echo "        $c: {ansible_host: ${addr[$c]}}"; done
} >"$inv/hosts.yml"

# The dead clients' facts as they were before they died (the simulator's dead clients are dead
# from the start, so `agent facts` never saw them): their UUIDs from the simulator's own status.
py 'import json,sys
state=json.load(open(sys.argv[1]))
for node in sys.argv[4:]:
    devices=[{"name": sys.argv[3] + "-osc-ffff000000000001", "type": "osc", "target": sys.argv[3], "uuid": c["uuid"]}
             for c in state["clients"] if c["node"] == node]
    json.dump({"command": "facts", "ok": True, "node": node, "version": "2.16.1",
               "clientDeviceCount": len(devices), "clientDevices": devices, "targets": []},
              open(sys.argv[2] + "/" + node + ".json", "w"), indent=2)' \
    "$work/before.json" "$inv/lustre_ir_facts" "$target" "${dead[@]}"

log "facts: agent facts on every reachable client"
ansible-playbook -i "$inv/hosts.yml" "$collection/playbooks/facts.yml"
for c in "${clients[@]}"; do
    [[ -s "$inv/lustre_ir_facts/$c.json" ]] || { log "no facts for $c"; exit 1; }
done

log "standalone: reconnect, decide, close"
py 'import json,sys
json.dump({"lustre_ir_target": sys.argv[2], "lustre_ir_server": "oss2",
           "lustre_ir_server_nids": ["10.0.0.12@tcp"], "lustre_ir_fenced_hosts": [sys.argv[3]],
           "lustre_ir_policy_file": sys.argv[4], "lustre_ir_report_dir": sys.argv[5]},
          open(sys.argv[1], "w"))' \
    "$work/vars.json" "$target" "$fenced" "$here/standalone/policy.yaml" "$work/report"
ansible-playbook -i "$inv/hosts.yml" "$collection/playbooks/standalone.yml" -e "@$work/vars.json"
"$lctl_sim" status --state "$sim" >"$work/after.json"
py 'import json,sys
json.dump({"test_summary": sys.argv[2], "test_before": sys.argv[3], "test_after": sys.argv[4],
           "test_dead_nodes": sys.argv[5:]}, open(sys.argv[1], "w"))' \
    "$work/verify.json" "$work/report/summary.json" "$work/before.json" "$work/after.json" "${dead[@]}"
ansible-playbook -i localhost, "$here/standalone/verify.yml" -e "@$work/verify.json"
log "standalone: passed"

# 3. Against a real API server with the operator, when there is one.
if [[ -n "${LUSTRE_IR_KUBECONFIG:-}" ]]; then
    extra=(-e "lustre_ir_kubeconfig=$LUSTRE_IR_KUBECONFIG")
    if [[ -n "${LUSTRE_IR_TEST_VARS:-}" ]]; then extra+=(-e "@$LUSTRE_IR_TEST_VARS"); fi
    log "operator role, twice, against $LUSTRE_IR_KUBECONFIG"
    ansible-playbook -i localhost, "$here/k8s/operator.yml" "${extra[@]}"
    log "failover role: a round that completes, a round that fails"
    ansible-playbook -i localhost, "$here/k8s/failover.yml" "${extra[@]}"
    log "against the API server: passed"
else
    log "LUSTRE_IR_KUBECONFIG not set: the operator and failover roles were not run against an API server"
fi
log "all passed"
