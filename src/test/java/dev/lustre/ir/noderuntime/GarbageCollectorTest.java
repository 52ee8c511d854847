package dev.lustre.ir.noderuntime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The runtime's garbage collector against a real kube-apiserver 1.20.2: ConfigMaps, Jobs and their
 * Pods follow their owner references (owners here are ConfigMaps, and a Node for an owner of a
 * cluster-scoped kind the runtime does not otherwise watch), as with kube-controller-manager.
 */
class GarbageCollectorTest extends ApiServerTestBase {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Test
    void backgroundDeletionOfTheOwnerDeletesItsDependentsAndTheirPods() {
        String n1 = node("n1");
        start(RecordingExecutor.succeeding("done"), RuntimeOptions.defaults());
        ConfigMap owner = configMap("owner");
        ConfigMap other = configMap("other-owner");
        configMap("dependent", reference(owner, false));
        configMap("bystander", reference(other, false));
        configMap("no-owner");
        createJob(TestJobs.pinnedByAffinity("owned-job", n1, "agent").editMetadata()
                .withOwnerReferences(reference(owner, true)).endMetadata().build());
        awaitCondition("owned-job", "Complete", WITHIN);
        assertEquals(1, podsOf("owned-job").size());

        client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

        await().atMost(WITHIN).until(() -> cm("dependent") == null && job("owned-job") == null && podsOf("owned-job").isEmpty());
        assertNull(cm("owner"));
        assertNotNull(cm("bystander"), "owned by another, living owner");
        assertNotNull(cm("no-owner"));
        assertNotNull(cm("other-owner"));
    }

    @Test
    void foregroundDeletionKeepsTheOwnerUntilItsBlockingDependentsAreGone() {
        String n1 = node("n1");
        nodes.markUnreachable(n1);
        start(RecordingExecutor.succeeding("never"), RuntimeOptions.defaults());
        ConfigMap owner = configMap("owner");
        configMap("non-blocking", reference(owner, false));
        // Bound at once to a node whose kubelet is away: once deleted, the Pod stays Terminating.
        createJob(TestJobs.base("blocking-job", "agent").editMetadata().withOwnerReferences(reference(owner, true)).endMetadata()
                .editSpec().editTemplate().editSpec().withNodeName(n1).endSpec().endTemplate().endSpec().build());
        await().atMost(WITHIN).until(() -> podsOf("blocking-job").size() == 1);

        client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

        // The Job has a dependent of its own: it is deleted in the foreground too, and waits for its Pod.
        await().atMost(WITHIN).until(() -> cm("non-blocking") == null && deleting(job("blocking-job"))
                && podsOf("blocking-job").size() == 1 && deleting(podsOf("blocking-job").get(0)));
        assertEquals(List.of(Ownership.FOREGROUND), job("blocking-job").getMetadata().getFinalizers());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
            ConfigMap o = cm("owner");
            return deleting(o) && List.of(Ownership.FOREGROUND).equals(o.getMetadata().getFinalizers()) && job("blocking-job") != null;
        });

        nodes.markReady(n1); // the kubelet confirms the Pod's deletion
        await().atMost(WITHIN).until(() -> podsOf("blocking-job").isEmpty() && job("blocking-job") == null && cm("owner") == null);
    }

    @Test
    void orphanDeletionLeavesTheDependentsWithoutTheReference() {
        String n1 = node("n1");
        start(RecordingExecutor.succeeding("done"), RuntimeOptions.defaults());
        ConfigMap owner = configMap("owner");
        ConfigMap other = configMap("other-owner");
        configMap("orphan-cm", reference(owner, false), reference(other, false));
        createJob(TestJobs.pinnedByAffinity("orphan-job", n1, "agent").editMetadata()
                .withOwnerReferences(reference(owner, true)).endMetadata().build());
        awaitCondition("orphan-job", "Complete", WITHIN);

        client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

        await().atMost(WITHIN).until(() -> cm("owner") == null);
        assertEquals(List.of(other.getMetadata().getUid()), ownerUids(cm("orphan-cm")), "only the reference to the deleted owner went");
        assertEquals(List.of(), ownerUids(job("orphan-job")));
        assertEquals(1, podsOf("orphan-job").size(), "the Job's own Pod is not the owner's business");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> cm("orphan-cm") != null && job("orphan-job") != null);
    }

    @Test
    void aDependentOfSeveralOwnersGoesWithTheLastOne() {
        start(RecordingExecutor.succeeding("done"), RuntimeOptions.defaults());
        ConfigMap a = configMap("owner-a");
        ConfigMap b = configMap("owner-b");
        ConfigMap c = configMap("owner-c");
        configMap("shared", reference(a, true), reference(b, true), reference(c, false));

        client.configMaps().inNamespace(ns).withName("owner-a").delete();
        await().atMost(WITHIN).until(() -> ownerUids(cm("shared")).equals(List.of(b.getMetadata().getUid(), c.getMetadata().getUid())));

        // Deleted in the foreground while another owner lives: the reference goes, so b is not held up.
        client.configMaps().inNamespace(ns).withName("owner-b").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        await().atMost(WITHIN).until(() -> cm("owner-b") == null);
        assertEquals(List.of(c.getMetadata().getUid()), ownerUids(cm("shared")));

        client.configMaps().inNamespace(ns).withName("owner-c").delete();
        await().atMost(WITHIN).until(() -> cm("shared") == null);
    }

    @Test
    void anOwnerReplacedByAnotherOfTheSameNameCountsAsGoneAnOwnerOfAnUnknownKindDoesNot() {
        start(RecordingExecutor.succeeding("done"), RuntimeOptions.defaults());
        ConfigMap owner = configMap("owner");
        configMap("right-uid", reference(owner, false));
        OwnerReference staleUid = new OwnerReferenceBuilder(reference(owner, false)).withUid(UUID.randomUUID().toString()).build();
        configMap("stale-uid", staleUid);
        OwnerReference unknownKind = new OwnerReferenceBuilder(reference(owner, false)).withApiVersion("gc.test.invalid/v1")
                .withKind("Nothing").build();
        configMap("unknown-kind", unknownKind);

        await().atMost(WITHIN).until(() -> cm("stale-uid") == null);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> cm("right-uid") != null && cm("unknown-kind") != null);
    }

    @Test
    void anOwnerOfAClusterScopedKindTheRuntimeDoesNotOtherwiseWatch() {
        String owner = node("owner");
        start(RecordingExecutor.succeeding("done"), RuntimeOptions.defaults());
        configMap("node-owned", new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").withName(owner)
                .withUid(nodes.get(owner).getMetadata().getUid()).build());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> cm("node-owned") != null);

        nodes.delete(owner);
        await().atMost(WITHIN).until(() -> cm("node-owned") == null);
    }

    @Test
    void ownersDeletedWhileTheRuntimeWasStoppedAreCollectedWhenItStarts() {
        String n1 = node("n1");
        start(RecordingExecutor.succeeding("done"), RuntimeOptions.defaults());
        ConfigMap gone = configMap("gone-owner");
        ConfigMap waiting = configMap("waiting-owner");
        configMap("dependent-of-gone", reference(gone, false));
        createJob(TestJobs.pinnedByAffinity("job-of-gone", n1, "agent").editMetadata()
                .withOwnerReferences(reference(gone, true)).endMetadata().build());
        createJob(TestJobs.pinnedByAffinity("job-of-waiting", n1, "agent").editMetadata()
                .withOwnerReferences(reference(waiting, true)).endMetadata().build());
        awaitCondition("job-of-gone", "Complete", WITHIN);
        awaitCondition("job-of-waiting", "Complete", WITHIN);
        runtime.close();
        runtime = null;

        client.configMaps().inNamespace(ns).withName("gone-owner").delete();
        client.configMaps().inNamespace(ns).withName("waiting-owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        // Nobody collects: the dependents stay, the foreground owner waits with its finalizer.
        assertNull(cm("gone-owner"));
        assertNotNull(cm("waiting-owner").getMetadata().getDeletionTimestamp());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> cm("dependent-of-gone") != null
                && job("job-of-gone") != null && podsOf("job-of-gone").size() == 1 && cm("waiting-owner") != null);

        start(RecordingExecutor.succeeding("second"), RuntimeOptions.defaults());
        await().atMost(WITHIN).until(() -> cm("dependent-of-gone") == null && job("job-of-gone") == null && podsOf("job-of-gone").isEmpty()
                && job("job-of-waiting") == null && podsOf("job-of-waiting").isEmpty() && cm("waiting-owner") == null);
    }

    private ConfigMap configMap(String name, OwnerReference... owners) {
        return client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withOwnerReferences(owners).endMetadata().addToData("k", "v").build()).create();
    }

    private ConfigMap cm(String name) {
        return client.configMaps().inNamespace(ns).withName(name).get();
    }

    private static OwnerReference reference(HasMetadata owner, boolean blockOwnerDeletion) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withBlockOwnerDeletion(blockOwnerDeletion ? true : null).build();
    }

    /** Present, and marked for deletion. */
    private static boolean deleting(HasMetadata object) {
        return object != null && object.getMetadata().getDeletionTimestamp() != null;
    }

    private static List<String> ownerUids(HasMetadata object) {
        assertNotNull(object);
        return Ownership.owners(object).stream().map(OwnerReference::getUid).toList();
    }
}
