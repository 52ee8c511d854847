package dev.lustre.ir.sim;

/** One simulated host and the devices it holds. */
final class NodeState {
    /**
     * CLIENT: a node of the simulated Kubernetes cluster (the roster). OUTSIDE: a Lustre client the
     * target knows from last_rcvd that is not part of that cluster (a login node, a data mover).
     */
    enum Role { CLIENT, MDS, SERVER, MGS, OUTSIDE }

    String name;
    Role role;
    boolean alive = true;
    /** Indices into SimState.mounts of this node's client devices, in device-number order. */
    int[] mounts = new int[0];
    String mgcUuid;

    NodeState() {
    }

    NodeState(String name, Role role) {
        this.name = name;
        this.role = role;
    }
}
