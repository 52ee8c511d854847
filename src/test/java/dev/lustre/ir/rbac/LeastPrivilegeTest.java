package dev.lustre.ir.rbac;

import static dev.lustre.ir.rbac.RbacApiServer.ADMIN;
import static dev.lustre.ir.rbac.RbacApiServer.AGENT;
import static dev.lustre.ir.rbac.RbacApiServer.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The installed RBAC as the API server enforces it ({@link RbacApiServer}: RBAC authorisation, the
 * manifests applied with kubectl): for each identity, what it needs allowed and a list of what it
 * must not do refused, asked as {@code kubectl auth can-i --as=…} asks. A resource written {@code kind/sub} is a
 * subresource, {@code kind:name} one object by name.
 */
class LeastPrivilegeTest {
    private static final String NS = RbacApiServer.OPERATOR_NAMESPACE;
    private static final String OTHER = RbacApiServer.OTHER_NAMESPACE;
    /** A namespace granted through manifests/rbac/extra-namespace-example, as a site adds one. */
    private static final String EXTRA = "hpc-example";
    private static final String CLUSTER = null;
    private static final String LFO = "lustrefailovers.ir.lustre.dev";

    private static RbacApiServer api;

    private record Check(String user, boolean allowed, String verb, String resource, String namespace) {
        @Override
        public String toString() {
            return user + (allowed ? " may " : " may not ") + verb + " " + resource + (namespace == null ? " (cluster)" : " in " + namespace);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        api = RbacApiServer.get();
        api.kubectl("create", "namespace", EXTRA);
        api.kubectl("apply", "-k", "manifests/rbac/extra-namespace-example");
    }

    /**
     * Every check through a SubjectAccessReview (the API server's answer, a few milliseconds each),
     * and every eighth also through {@code kubectl auth can-i --as=… --as-group=…}, which must agree:
     * a kubectl process per check would take a minute.
     */
    @Test
    void eachIdentityMayDoWhatItNeedsAndNothingOnTheListOfWhatItMustNot() throws Exception {
        long t0 = System.nanoTime();
        List<Check> checks = new ArrayList<>();
        operator(checks);
        agent(checks);
        admin(checks);
        List<String> wrong = new ArrayList<>();
        int allowed = 0;
        int byKubectl = 0;
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            boolean answer = reviewed(c);
            allowed += answer ? 1 : 0;
            if (answer != c.allowed()) {
                wrong.add(c + ", but RBAC says " + (answer ? "yes" : "no"));
            }
            if (i % 8 == 0) {
                byKubectl++;
                boolean kubectl = byKubectl(c);
                if (kubectl != answer) {
                    wrong.add(c + ": kubectl auth can-i says " + (kubectl ? "yes" : "no") + ", the review " + (answer ? "yes" : "no"));
                }
            }
        }
        System.out.printf("[least-privilege] %d checks (%d of them also by kubectl auth can-i): %d allowed, %d refused,"
                + " %d not as expected (%.1f s)%n", checks.size(), byKubectl, allowed, checks.size() - allowed, wrong.size(),
                (System.nanoTime() - t0) / 1e9);
        assertEquals(List.of(), wrong);
        assertTrue(allowed > 40 && checks.size() - allowed > 60, "both lists are long: " + allowed + " allowed");
    }

    /** A service account's token carries its groups; a user here has only system:authenticated. */
    private static List<String> groups(String user) {
        if (user.startsWith("system:serviceaccount:")) {
            String ns = user.split(":")[2];
            return List.of("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
        }
        return List.of("system:authenticated");
    }

    private static boolean reviewed(Check c) {
        String resource = c.resource();
        String name = null;
        String sub = null;
        int colon = resource.indexOf(':');
        if (colon > 0) {
            name = resource.substring(colon + 1);
            resource = resource.substring(0, colon);
        }
        int slash = resource.indexOf('/');
        if (slash > 0) {
            sub = resource.substring(slash + 1);
            resource = resource.substring(0, slash);
        }
        int dot = resource.indexOf('.');
        String group = "*".equals(resource) ? "*" : dot < 0 ? "" : resource.substring(dot + 1);
        resource = dot < 0 ? resource : resource.substring(0, dot);
        return api.reviewed(c.user(), groups(c.user()), c.verb(), group, resource, sub, name, c.namespace());
    }

    private static boolean byKubectl(Check c) throws IOException, InterruptedException {
        String resource = c.resource();
        List<String> extra = new ArrayList<>();
        for (String g : groups(c.user())) {
            extra.add("--as-group=" + g);
        }
        int slash = resource.indexOf('/');
        if (slash > 0) {
            extra.add("--subresource=" + resource.substring(slash + 1));
            resource = resource.substring(0, slash);
        }
        resource = resource.replace(':', '/');
        return api.canI(c.user(), c.verb(), resource, c.namespace(), extra);
    }

    private static void yes(List<Check> to, String user, String ns, String resource, String... verbs) {
        for (String v : verbs) {
            to.add(new Check(user, true, v, resource, ns));
        }
    }

    private static void no(List<Check> to, String user, String ns, String resource, String... verbs) {
        for (String v : verbs) {
            to.add(new Check(user, false, v, resource, ns));
        }
    }

    /** Exactly what the code calls (see manifests/rbac), in its namespace; Nodes read cluster-wide. */
    private static void operator(List<Check> c) {
        String op = OPERATOR;
        for (String ns : List.of(NS, EXTRA)) {
            yes(c, op, ns, LFO, "get", "list", "watch");
            yes(c, op, ns, LFO + "/status", "patch", "update");
            yes(c, op, ns, LFO + "/finalizers", "update");
            yes(c, op, ns, "lustrerounds.ir.lustre.dev/finalizers", "update");
            yes(c, op, ns, "lustrerecoverypolicies.ir.lustre.dev", "get");
            yes(c, op, ns, "lustrerounds.ir.lustre.dev", "get", "list", "watch", "create", "patch");
            yes(c, op, ns, "lustrecloses.ir.lustre.dev", "get", "list", "watch", "create");
            yes(c, op, ns, "lustreroundresults.ir.lustre.dev", "list", "watch");
            yes(c, op, ns, "lustrenodes.ir.lustre.dev", "list", "watch");
            yes(c, op, ns, "leases.coordination.k8s.io", "list", "watch");
            yes(c, op, ns, "jobs.batch", "get", "list", "watch", "create", "deletecollection");
            yes(c, op, ns, "pods", "list", "watch");
            yes(c, op, ns, "configmaps", "get", "create", "patch");
            yes(c, op, ns, "events", "create");
        }
        yes(c, op, NS, "leases.coordination.k8s.io", "create");
        yes(c, op, NS, "leases.coordination.k8s.io:lustre-ir-operator-leader", "get", "patch");
        no(c, op, NS, "leases.coordination.k8s.io:lustre-ir-operator-leader", "update", "delete");
        yes(c, op, CLUSTER, "nodes", "get", "list", "watch");

        // No Secrets anywhere, nothing outside the watched namespaces, no pods of its own, no exec.
        for (String ns : List.of(NS, "default", "kube-system", OTHER)) {
            no(c, op, ns, "secrets", "get", "list", "watch");
        }
        no(c, op, CLUSTER, "secrets", "list");
        for (String ns : List.of("default", "kube-system", OTHER)) {
            no(c, op, ns, "jobs.batch", "create", "list");
            no(c, op, ns, "pods", "create", "list");
            no(c, op, ns, "configmaps", "create", "get");
            no(c, op, ns, "events", "create");
            no(c, op, ns, LFO, "get", "list", "create");
            no(c, op, ns, LFO + "/status", "patch");
            no(c, op, ns, "lustrerounds.ir.lustre.dev", "create");
        }
        no(c, op, CLUSTER, LFO, "list", "watch");
        no(c, op, NS, "pods", "create", "delete", "get");
        no(c, op, NS, "pods/exec", "create", "get");
        no(c, op, NS, "pods/attach", "create");
        no(c, op, NS, "jobs.batch", "delete", "update", "patch");
        no(c, op, NS, "daemonsets.apps", "create");
        no(c, op, "kube-system", "daemonsets.apps", "create");
        no(c, op, NS, "deployments.apps", "create", "patch");
        no(c, op, NS, "serviceaccounts", "create");
        no(c, op, NS, "serviceaccounts/token", "create");
        no(c, op, CLUSTER, "nodes", "patch", "update", "delete", "create");
        no(c, op, CLUSTER, "nodes/proxy", "get");
        no(c, op, CLUSTER, "customresourcedefinitions.apiextensions.k8s.io", "create", "update");
        no(c, op, CLUSTER, "clusterroles.rbac.authorization.k8s.io", "create", "bind", "escalate");
        no(c, op, CLUSTER, "clusterrolebindings.rbac.authorization.k8s.io", "create");
        no(c, op, NS, "roles.rbac.authorization.k8s.io", "create", "bind", "escalate");
        no(c, op, NS, "rolebindings.rbac.authorization.k8s.io", "create");
        no(c, op, CLUSTER, "users", "impersonate");
        no(c, op, CLUSTER, "namespaces", "create", "delete");
        no(c, op, NS, "*", "*");
        no(c, op, CLUSTER, "*", "*");
        // Its own kinds: the spec is the admins' (creating a failover starts a round), the results
        // and registrations the agents', its Leases the agents' (renewing one makes a dead node alive).
        no(c, op, NS, LFO, "create", "patch", "update", "delete");
        no(c, op, NS, "lustrerecoverypolicies.ir.lustre.dev", "create", "patch", "list");
        no(c, op, NS, "lustrerounds.ir.lustre.dev", "update", "delete");
        no(c, op, NS, "lustrecloses.ir.lustre.dev", "update", "patch", "delete");
        no(c, op, NS, "lustreroundresults.ir.lustre.dev", "create", "update", "patch", "delete");
        no(c, op, NS, "lustrenodes.ir.lustre.dev", "create", "update");
        no(c, op, NS, "lustrenodes.ir.lustre.dev/status", "update", "patch");
        no(c, op, NS, "leases.coordination.k8s.io:lustre-ir-agent-c001", "update", "patch", "get");
        no(c, op, NS, "leases.coordination.k8s.io", "delete", "patch", "update", "get");
        no(c, op, NS, "configmaps", "delete", "list");
        no(c, op, EXTRA, "leases.coordination.k8s.io", "create");
    }

    /** manifests/agents/rbac.yaml: its own kinds in lustre-ir, nothing else. */
    private static void agent(List<Check> c) {
        String ag = AGENT;
        yes(c, ag, NS, "lustrenodes.ir.lustre.dev", "get", "create", "update", "patch");
        yes(c, ag, NS, "lustrenodes.ir.lustre.dev/status", "get", "update", "patch");
        yes(c, ag, NS, "leases.coordination.k8s.io", "get", "create", "update", "patch");
        yes(c, ag, NS, "lustrerounds.ir.lustre.dev", "get", "list", "watch");
        yes(c, ag, NS, "lustrecloses.ir.lustre.dev", "get", "list", "watch");
        yes(c, ag, NS, "lustreroundresults.ir.lustre.dev", "get", "create", "update");

        for (String ns : List.of(NS, "default", "kube-system")) {
            no(c, ag, ns, "secrets", "get", "list");
            no(c, ag, ns, "pods", "create", "list");
            no(c, ag, ns, "jobs.batch", "create");
        }
        no(c, ag, NS, "pods/exec", "create");
        no(c, ag, CLUSTER, "nodes", "get", "list", "patch");
        no(c, ag, NS, LFO, "create", "get", "list", "patch");
        no(c, ag, NS, LFO + "/status", "patch");
        no(c, ag, NS, "lustrecloses.ir.lustre.dev", "create", "update", "delete");
        no(c, ag, NS, "lustrerounds.ir.lustre.dev", "create", "patch", "update", "delete");
        no(c, ag, NS, "lustreroundresults.ir.lustre.dev", "delete", "list");
        no(c, ag, NS, "lustrenodes.ir.lustre.dev", "delete", "list");
        no(c, ag, NS, "leases.coordination.k8s.io", "delete", "list");
        no(c, ag, NS, "configmaps", "get", "create");
        no(c, ag, OTHER, "lustreroundresults.ir.lustre.dev", "create");
        no(c, ag, EXTRA, "lustrerounds.ir.lustre.dev", "list");
        no(c, ag, NS, "*", "*");
    }

    /** lustre-ir-admin bound to a user in lustre-ir: start, approve, pause, delete rounds; set policies. */
    private static void admin(List<Check> c) {
        String ad = ADMIN;
        yes(c, ad, NS, LFO, "get", "list", "watch", "create", "patch", "update", "delete");
        yes(c, ad, NS, "lustrerecoverypolicies.ir.lustre.dev", "get", "create", "patch", "delete");
        yes(c, ad, NS, "lustrerounds.ir.lustre.dev", "get", "list");
        yes(c, ad, NS, "pods/log", "get");
        yes(c, ad, NS, "events", "list");

        no(c, ad, OTHER, LFO, "create", "get");
        no(c, ad, "default", LFO, "create");
        no(c, ad, EXTRA, LFO, "create");
        no(c, ad, NS, LFO + "/status", "patch", "update");
        no(c, ad, NS, "lustrerounds.ir.lustre.dev", "create", "patch");
        no(c, ad, NS, "lustrecloses.ir.lustre.dev", "create");
        no(c, ad, NS, "lustreroundresults.ir.lustre.dev", "create", "update");
        no(c, ad, NS, "lustrenodes.ir.lustre.dev", "create", "update");
        no(c, ad, NS, "jobs.batch", "create", "delete");
        no(c, ad, NS, "pods", "create", "delete");
        no(c, ad, NS, "pods/exec", "create");
        no(c, ad, NS, "secrets", "get", "list");
        no(c, ad, NS, "rolebindings.rbac.authorization.k8s.io", "create");
        no(c, ad, NS, "leases.coordination.k8s.io", "update");
        no(c, ad, NS, "*", "*");
    }

    /**
     * The manifests as rendered: one ClusterRole (Nodes, read only) and its binding to the operator,
     * no wildcard and no Secrets in any rule, the admins' Role not aggregated into the cluster's roles.
     */
    @Test
    void theRenderedManifestsGrantNothingClusterWideButReadingNodes() throws Exception {
        List<GenericKubernetesResource> objects = new ArrayList<>();
        for (String base : List.of("manifests/default", "manifests/agents", "manifests/rbac/extra-namespace-example")) {
            for (String doc : api.kubectl("kustomize", base).split("(?m)^---$")) {
                objects.add(Serialization.unmarshal(doc, GenericKubernetesResource.class));
            }
        }
        List<GenericKubernetesResource> clusterRoles = objects.stream().filter(o -> "ClusterRole".equals(o.getKind())).toList();
        assertEquals(List.of("lustre-ir-operator-nodes"), clusterRoles.stream().map(o -> o.getMetadata().getName()).toList());
        assertEquals(List.of(Map.of("apiGroups", List.of(""), "resources", List.of("nodes"), "verbs", List.of("get", "list", "watch"))),
                clusterRoles.get(0).getAdditionalProperties().get("rules"));
        for (GenericKubernetesResource o : objects) {
            if (o.getKind().endsWith("Role")) {
                String rules = Serialization.asJson(o.getAdditionalProperties().get("rules"));
                assertFalse(rules.contains("\"*\""), o.getMetadata().getName() + ": a wildcard in " + rules);
                assertFalse(rules.contains("secrets"), o.getMetadata().getName() + ": Secrets in " + rules);
                Map<String, String> labels = o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
                assertTrue(labels.keySet().stream().noneMatch(k -> k.startsWith("rbac.authorization.k8s.io/aggregate-to")),
                        o.getMetadata().getName() + " is aggregated: " + labels);
            }
            if (o.getKind().endsWith("Binding")) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> subjects = (List<Map<String, Object>>) o.getAdditionalProperties().get("subjects");
                assertTrue(subjects.stream().allMatch(s -> "ServiceAccount".equals(s.get("kind")) && NS.equals(s.get("namespace"))),
                        o.getMetadata().getName() + " binds " + subjects);
            }
        }
        assertTrue(objects.stream().anyMatch(o -> "Role".equals(o.getKind()) && "lustre-ir-admin".equals(o.getMetadata().getName())
                && EXTRA.equals(o.getMetadata().getNamespace())), "the example overlay puts the admins' Role in its namespace");
    }
}
