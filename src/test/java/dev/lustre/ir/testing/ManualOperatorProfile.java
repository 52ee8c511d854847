package dev.lustre.ir.testing;

import java.util.HashMap;
import java.util.Map;

/** The real API server, with the operator not started by Quarkus: the test starts and stops it. */
public class ManualOperatorProfile extends RealApiServerProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>(super.getConfigOverrides());
        m.put("quarkus.operator-sdk.start-operator", "false");
        return m;
    }
}
