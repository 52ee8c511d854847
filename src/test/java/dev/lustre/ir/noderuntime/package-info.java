/**
 * The simulated node runtime: the only fake on the Kubernetes side. Against a real kube-apiserver
 * with no kubelet, scheduler or kube-controller-manager, {@link dev.lustre.ir.noderuntime.NodeRuntime}
 * plays, for Jobs, what those would do as seen through the API (Kubernetes 1.20 semantics):
 * <ul>
 * <li>Job controller: Pods {@code <job>-<5 chars>} from the template with the Job as controlling owner;
 *     {@code status.active/succeeded/failed}, {@code startTime}; {@code Complete} + {@code completionTime};
 *     {@code Failed} with {@code BackoffLimitExceeded} (failed Pods &gt; backoffLimit, or container restarts
 *     for OnFailure) or {@code DeadlineExceeded} ({@code activeDeadlineSeconds} from {@code startTime},
 *     active Pods deleted and counted as failed);</li>
 * <li>scheduler: binds each Pod to a node that matches its nodeName / nodeSelector / required node
 *     affinity (matchFields and matchExpressions), tolerates its NoSchedule/NoExecute taints, is not
 *     cordoned and is Ready; otherwise {@code PodScheduled=False/Unschedulable} with the scheduler's message;</li>
 * <li>kubelet: runs bound Pods on Ready nodes through the {@link dev.lustre.ir.noderuntime.ContainerExecutor}
 *     ({@link dev.lustre.ir.noderuntime.RuntimeOptions#parallelism()} at a time) and writes Running, then
 *     Succeeded/Failed with the terminated container state (exit code, Completed/Error, termination
 *     message cut to 4096 bytes, startedAt/finishedAt); confirms deletions; holds results while its node
 *     is not Ready;</li>
 * <li>TTL-after-finished controller; pod GC of Pods bound to deleted nodes;</li>
 * <li>garbage collector: Pods, Jobs and ConfigMaps (and objects of any kind that owns one) follow their
 *     owner references, owners of any kind, with background, foreground ({@code blockOwnerDeletion})
 *     and orphan deletion, as kube-controller-manager's does
 *     ({@link dev.lustre.ir.noderuntime.GarbageCollector}).</li>
 * </ul>
 * {@link dev.lustre.ir.noderuntime.SimNodes} creates the Node objects and plays node failures.
 *
 * <p>On kube-apiserver 1.20, {@code ttlSecondsAfterFinished} is alpha: start the API server with
 * {@code --feature-gates=TTLAfterFinished=true}, or it drops the field from every Job. Plain Java and
 * fabric8 only: wiring into Quarkus or the sandbox is the caller's business.
 */
package dev.lustre.ir.noderuntime;
