package dev.lustre.ir.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Every operator test runs against the real API server, with the committed CRDs (crds/) applied before the operator starts. */
public class RealApiServerProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.operator-sdk.crd.apply", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KubeApiTestResource.class));
    }
}
