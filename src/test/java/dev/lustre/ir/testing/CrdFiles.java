package dev.lustre.ir.testing;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreNode;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRecoveryPolicy;
import dev.lustre.ir.api.RecoveryPolicySpec;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The committed CRDs: what the build generates from the API classes, with two fixes, both taken
 * from the classes' own annotations. The generator sorts printer columns by JSON path, and kubectl
 * shows them in CRD order, so they are put back in the order the class declares them. And it drops
 * {@code @Pattern}, {@code @Min} and {@code @Max} on int-or-string fields (the quorum), so they are put
 * back; the API server applies the pattern to strings only and the bounds to integers only, so each
 * form gets its own check, with the same range.
 */
public final class CrdFiles {
    public static final Path COMMITTED = Path.of("crds");
    public static final Path GENERATED = Path.of("target", "kubernetes");
    public static final Map<String, Class<?>> KINDS = Map.of(
            "lustrefailovers.ir.lustre.dev", LustreFailover.class,
            "lustrerecoverypolicies.ir.lustre.dev", LustreRecoveryPolicy.class,
            "lustrenodes.ir.lustre.dev", LustreNode.class,
            "lustrerounds.ir.lustre.dev", LustreRound.class,
            "lustreroundresults.ir.lustre.dev", LustreRoundResult.class,
            "lustrecloses.ir.lustre.dev", LustreClose.class);

    private CrdFiles() {
    }

    public static String expected(String crdName) throws IOException {
        String generated = Files.readString(GENERATED.resolve(crdName + "-v1.yml"));
        CustomResourceDefinition crd = Serialization.unmarshal(generated, CustomResourceDefinition.class);
        List<String> order = Arrays.stream(KINDS.get(crdName).getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
            if (v.getAdditionalPrinterColumns() != null) {
                v.getAdditionalPrinterColumns().sort(Comparator.comparingInt(
                        (CustomResourceColumnDefinition c) -> order.indexOf(c.getName())));
            }
        }
        restoreIntOrStringPatterns(v -> v.getSchema().getOpenAPIV3Schema(), crd);
        return "# Generated from the Java API classes (dev.lustre.ir.api); run scripts/update-crds.sh to refresh.\n"
                + Serialization.asYaml(crd).replaceFirst("^---\n", "");
    }

    private static void restoreIntOrStringPatterns(
            Function<CustomResourceDefinitionVersion, JSONSchemaProps> root, CustomResourceDefinition crd) {
        Field quorum;
        try {
            quorum = RecoveryPolicySpec.class.getField("quorum");
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
        String quorumPattern = quorum.getAnnotation(Pattern.class).value();
        double quorumMin = quorum.getAnnotation(Min.class).value();
        double quorumMax = quorum.getAnnotation(Max.class).value();
        for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
            walk(root.apply(v), (name, props) -> {
                if ("quorum".equals(name) && Boolean.TRUE.equals(props.getXKubernetesIntOrString())) {
                    props.setPattern(quorumPattern);
                    props.setMinimum(quorumMin);
                    props.setMaximum(quorumMax);
                }
            });
        }
    }

    private static void walk(JSONSchemaProps props, BiConsumer<String, JSONSchemaProps> visitor) {
        if (props == null || props.getProperties() == null) {
            return;
        }
        props.getProperties().forEach((name, child) -> {
            visitor.accept(name, child);
            walk(child, visitor);
            walk(child.getItems() == null ? null : child.getItems().getSchema(), visitor);
        });
    }

    public static Path committed(String crdName) {
        return COMMITTED.resolve(crdName + ".yaml");
    }

    /** Writes crds/ from the generated CRDs (used by scripts/update-crds.sh). */
    public static void main(String[] args) throws IOException {
        Files.createDirectories(COMMITTED);
        for (String name : KINDS.keySet()) {
            Files.writeString(committed(name), expected(name));
            System.out.println(committed(name));
        }
    }
}
