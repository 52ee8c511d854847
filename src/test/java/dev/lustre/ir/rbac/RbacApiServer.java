package dev.lustre.ir.rbac;

import dev.lustre.ir.sandbox.LocalApiServer;
import dev.lustre.ir.testing.CrdFiles;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An API server of its own (etcd + kube-apiserver v1.20.2, apart from the one the other tests share)
 * with RBAC authorisation and the product's RBAC installed as users install it: the CRDs, the
 * namespace lustre-ir, {@code kubectl apply -k manifests/rbac} and the agents' Role. kube-api-test
 * always starts kube-apiserver with {@code --authorization-mode RBAC} (appended after any flag
 * given, and the flag may not be given twice), so it is not passed again here; {@link #start}
 * checks that an identity nobody bound is refused, so a server that authorised everyone would fail
 * every test here instead of passing them. The test runner's own client is in system:masters.
 *
 * <p>One server per test run, shared by the tests of this package.
 */
public final class RbacApiServer {
    public static final String OPERATOR_NAMESPACE = "lustre-ir";
    /** A namespace the operator does not watch, where users may create objects of their own. */
    public static final String OTHER_NAMESPACE = "hpc";
    public static final String OPERATOR = "system:serviceaccount:lustre-ir:lustre-ir-operator";
    public static final String AGENT = "system:serviceaccount:lustre-ir:lustre-ir-agent";
    /** A user bound to the Role lustre-ir-admin in lustre-ir, as a site binds its Lustre admins. */
    public static final String ADMIN = "lustre-admin-alice";
    private static RbacApiServer instance;

    private final LocalApiServer server;
    private final KubernetesClient admin;

    private RbacApiServer(LocalApiServer server, KubernetesClient admin) {
        this.server = server;
        this.admin = admin;
    }

    public static synchronized RbacApiServer get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    private static RbacApiServer start() throws IOException, InterruptedException {
        String dir = System.getProperty("kube-api-test.dir");
        if (dir == null || !Files.isDirectory(Path.of(dir, "k8s", LocalApiServer.VERSION + "-linux-amd64"))) {
            throw new IllegalStateException("no kube-apiserver " + LocalApiServer.VERSION + " under " + dir
                    + ": run scripts/kube-apiserver.sh (the test command in README.md does)");
        }
        LocalApiServer server = LocalApiServer.start(Path.of(dir), Files.createTempDirectory("lustre-ir-rbac-api"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        KubernetesClient admin = server.client("lustre-ir-rbac-tests");
        RbacApiServer rbac = new RbacApiServer(server, admin);
        String anyone = rbac.kubectl("auth", "can-i", "get", "pods", "-n", OPERATOR_NAMESPACE, "--as=nobody-bound").trim();
        if (!"no".equals(anyone)) {
            throw new IllegalStateException("the API server authorises an identity nobody bound (" + anyone + "): RBAC is not on");
        }
        server.applyCrds(admin, CrdFiles.COMMITTED);
        for (String ns : List.of(OPERATOR_NAMESPACE, OTHER_NAMESPACE)) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        rbac.kubectl("apply", "-k", "manifests/rbac");
        rbac.kubectl("apply", "-f", "manifests/agents/rbac.yaml");
        rbac.kubectl("create", "rolebinding", "lustre-ir-admin", "-n", OPERATOR_NAMESPACE, "--role=lustre-ir-admin", "--user=" + ADMIN);
        return rbac;
    }

    /** kubectl against this server as its administrator; fails on a non-zero exit. */
    public String kubectl(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exit() != 0 && !(args.length > 1 && "auth".equals(args[0]) && "can-i".equals(args[1]) && r.exit() == 1)) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    /**
     * Whether {@code user} may {@code verb} {@code resource} in {@code namespace} (null: cluster-wide),
     * as RBAC answers; {@code flags} e.g. {@code --subresource=status}.
     */
    public boolean canI(String user, String verb, String resource, String namespace, List<String> flags)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("auth", "can-i", verb, resource, "--as=" + user));
        args.addAll(flags);
        if (namespace != null) {
            args.add("-n");
            args.add(namespace);
        } else {
            args.add("--all-namespaces");
        }
        Result r = run(args.toArray(String[]::new));
        String answer = r.output().trim();
        if ("yes".equals(answer)) {
            return true;
        }
        if (answer.startsWith("no")) {
            return false;
        }
        throw new IllegalStateException("kubectl auth can-i " + String.join(" ", args) + ": " + r.output());
    }

    /**
     * The same question through a SubjectAccessReview (what {@code kubectl auth can-i --as} asks, as a
     * self review under impersonation): the API server's authoriser answers, without a kubectl process.
     */
    public boolean reviewed(String user, List<String> groups, String verb, String group, String resource, String subresource,
            String name, String namespace) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(user).withGroups(groups)
                .withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(resource).withSubresource(subresource)
                .withName(name).withNamespace(namespace).endResourceAttributes().endSpec().build();
        return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }

    private record Result(int exit, String output) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", server.kubeconfig().toString()));
        argv.addAll(List.of(args));
        // stderr apart: can-i prints "no" on stdout and may warn on stderr
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    /** A client with every right (system:masters), for what the test itself sets up and checks. */
    public KubernetesClient admin() {
        return admin;
    }

    public Path kubeconfig() {
        return server.kubeconfig();
    }

    public Path auditLog() {
        return server.auditLog();
    }

    /** The server's address and CA, from its kubeconfig. */
    public Config adminConfig() {
        try {
            return Config.fromKubeconfig(Files.readString(server.kubeconfig()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A token of a ServiceAccount (TokenRequest, signed by the API server), so a client authenticates
     * as that account itself, with its groups, as a pod would.
     */
    public String token(String namespace, String serviceAccount) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
        return admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request)
                .getStatus().getToken();
    }

    /** A client that authenticates with a ServiceAccount's token and nothing else. */
    public KubernetesClient clientAs(String namespace, String serviceAccount) {
        Config base = adminConfig();
        Config config = new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty()).withMasterUrl(base.getMasterUrl())
                .withCaCertData(base.getCaCertData()).withCaCertFile(base.getCaCertFile())
                .withOauthToken(token(namespace, serviceAccount)).withNamespace(namespace).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
