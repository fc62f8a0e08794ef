package io.github.crossaccountdelivery.acceptance.ports;

/** CodeConnections, in the build account. */
public interface Connections {

    /** The connection's status: PENDING, AVAILABLE or ERROR. */
    String status(String connectionArn);
}
