package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kubelet hands a container besides its image: the environment (literal values and the
 * downward-API fields) and {@code command}/{@code args} with {@code $(VAR)} references expanded.
 * ConfigMap and Secret references are not resolved (the runtime has no volume or secret plumbing);
 * such variables are left out.
 */
final class ContainerEnv {
    private static final Pattern LABEL_OR_ANNOTATION = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    private ContainerEnv() {
    }

    static Map<String, String> resolve(Pod pod, Container container, String hostIp, String podIp) {
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnv() == null) {
            return env;
        }
        for (EnvVar v : container.getEnv()) {
            if (v.getValueFrom() == null) {
                env.put(v.getName(), expand(v.getValue() == null ? "" : v.getValue(), env));
            } else if (v.getValueFrom().getFieldRef() != null) {
                String value = field(pod, v.getValueFrom().getFieldRef().getFieldPath(), hostIp, podIp);
                if (value != null) {
                    env.put(v.getName(), value);
                }
            }
        }
        return env;
    }

    private static String field(Pod pod, String path, String hostIp, String podIp) {
        switch (path) {
            case "metadata.name":
                return pod.getMetadata().getName();
            case "metadata.namespace":
                return pod.getMetadata().getNamespace();
            case "metadata.uid":
                return pod.getMetadata().getUid();
            case "spec.nodeName":
                return pod.getSpec().getNodeName();
            case "spec.serviceAccountName":
                return pod.getSpec().getServiceAccountName();
            case "status.hostIP":
                return hostIp;
            case "status.podIP":
            case "status.podIPs":
                return podIp;
            default:
                Matcher m = LABEL_OR_ANNOTATION.matcher(path);
                if (m.matches()) {
                    Map<String, String> map = "labels".equals(m.group(1)) ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
                    return map == null ? "" : map.getOrDefault(m.group(2), "");
                }
                return null;
        }
    }

    static List<String> expandAll(List<String> values, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> out.add(expand(v, env)));
        }
        return out;
    }

    /**
     * Kubernetes' {@code $(VAR)} expansion: a defined variable is substituted, an undefined
     * reference stays as written, and {@code $$} escapes a dollar.
     */
    static String expand(String input, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c == '$' && i + 1 < input.length()) {
                char next = input.charAt(i + 1);
                if (next == '$') {
                    out.append('$');
                    i += 2;
                    continue;
                }
                if (next == '(') {
                    int close = input.indexOf(')', i + 2);
                    if (close > 0) {
                        String name = input.substring(i + 2, close);
                        if (env.containsKey(name)) {
                            out.append(env.get(name));
                        } else {
                            out.append(input, i, close + 1);
                        }
                        i = close + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
