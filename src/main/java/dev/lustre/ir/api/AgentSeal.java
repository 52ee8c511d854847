package dev.lustre.ir.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binds what a resident agent writes about its node to the Pod it runs in. Kubernetes 1.20 cannot tell
 * the operator who wrote an object, and every agent of the DaemonSet shares one service account, so any
 * agent could write a result or a registration in another node's name (per-node admission, which sees
 * the node a service account token was issued on, came in later releases: README gives the policy).
 *
 * <p>The seal is {@code <pod name>/<HMAC-SHA256>} of the object's content, keyed with the agent Pod's
 * UID. The Pod learns its UID from the downward API; nobody else can read it without reading Pods,
 * which agents may not do (their Role has no Pods), and it is never written into any object an agent
 * can read. The operator reads the agent Pods, recomputes the seal and takes the object as the node's
 * only when the Pod named runs on that node. A forged or copied result therefore fails: another
 * node's Pod, a changed byte of content, or a seal taken from another object.
 */
public final class AgentSeal {
    /** The field that carries the seal: left out of what is sealed. */
    public static final String FIELD = "seal";
    /** Pod name, a slash, 64 hex digits. */
    public static final String PATTERN = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/[0-9a-f]{64}$";
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private AgentSeal() {
    }

    /** The seal of {@code content} (its {@value #FIELD} field ignored) by the Pod {@code podName} with UID {@code podUid}. */
    public static String seal(String podName, String podUid, Object content) {
        return podName + "/" + HexFormat.of().formatHex(mac(podUid, content));
    }

    /** The Pod a seal names, when it has the seal's form. */
    public static Optional<String> podName(String seal) {
        if (seal == null || !seal.matches(PATTERN)) {
            return Optional.empty();
        }
        return Optional.of(seal.substring(0, seal.indexOf('/')));
    }

    /** Whether {@code seal} is the seal of {@code content} by the Pod with this UID (compared in constant time). */
    public static boolean verifies(String seal, String podUid, Object content) {
        if (podName(seal).isEmpty() || podUid == null || podUid.isEmpty()) {
            return false;
        }
        byte[] given = HexFormat.of().parseHex(seal.substring(seal.indexOf('/') + 1));
        return MessageDigest.isEqual(given, mac(podUid, content));
    }

    private static byte[] mac(String podUid, Object content) {
        try {
            // The content as JSON with sorted keys, the seal left out: what the agent sent and what the
            // operator reads back through the same class serialize alike.
            ObjectNode tree = CANONICAL.valueToTree(content);
            tree.remove(FIELD);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(podUid.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(CANONICAL.writeValueAsBytes(tree));
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot seal: " + e.getMessage(), e);
        }
    }
}
