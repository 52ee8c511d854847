package dev.lustre.ir.e2e;

import static org.awaitility.Awaitility.await;

import dev.lustre.ir.testing.CrdFiles;
import dev.lustre.ir.testing.Samples;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Stores objects the operator cannot read, as a cluster holds them when they predate the schema's
 * bounds: the CRDs are swapped for copies without any maximum, then the committed ones come back.
 */
final class LooseCrds {
    static final String FAILOVERS = "lustrefailovers.ir.lustre.dev";
    static final String POLICIES = "lustrerecoverypolicies.ir.lustre.dev";

    private LooseCrds() {
    }

    static void create(KubernetesClient client, String yaml) {
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).inNamespace("default").create();
    }

    /** Creates once the API server serves the loosened schema (a CRD update reaches admission a little later). */
    static void createOnceAdmitted(KubernetesClient client, String yaml) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreException(KubernetesClientException.class)
                .until(() -> {
                    create(client, yaml);
                    return true;
                });
    }

    /** The committed CRD with every "maximum" removed: the schema before the bounds. */
    static void installWithoutMaximums(KubernetesClient client, String name) throws IOException {
        CustomResourceDefinition loose = committed(name);
        loose.getSpec().getVersions().forEach(v -> dropMaximums(v.getSchema().getOpenAPIV3Schema()));
        client.apiextensions().v1().customResourceDefinitions().withName(name).edit(c -> {
            c.setSpec(loose.getSpec());
            return c;
        });
    }

    static void installCommitted(KubernetesClient client, String name) {
        try {
            CustomResourceDefinition real = committed(name);
            client.apiextensions().v1().customResourceDefinitions().withName(name).edit(c -> {
                c.setSpec(real.getSpec());
                return c;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Wait until admission enforces the bounds again, so no later test sees the loose schema.
        String probe = FAILOVERS.equals(name)
                ? Samples.failover("probe-bound", "clients: {nodes: [c001], expectedCount: 100001}")
                : "apiVersion: ir.lustre.dev/v1alpha1\nkind: LustreRecoveryPolicy\nmetadata: {name: probe-bound}\nspec: {maxConcurrentJobs: 10001}\n";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            try {
                create(client, probe);
                client.load(new ByteArrayInputStream(probe.getBytes(StandardCharsets.UTF_8))).inNamespace("default").delete();
                return false;
            } catch (KubernetesClientException e) {
                return e.getCode() == 422;
            }
        });
    }

    private static CustomResourceDefinition committed(String name) throws IOException {
        return Serialization.unmarshal(Files.readString(CrdFiles.committed(name)), CustomResourceDefinition.class);
    }

    private static void dropMaximums(JSONSchemaProps props) {
        if (props == null) {
            return;
        }
        props.setMaximum(null);
        if (props.getProperties() != null) {
            props.getProperties().values().forEach(LooseCrds::dropMaximums);
        }
        if (props.getItems() != null) {
            dropMaximums(props.getItems().getSchema());
        }
    }
}
