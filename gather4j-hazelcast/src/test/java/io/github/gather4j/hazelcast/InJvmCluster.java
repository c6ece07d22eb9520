package io.github.gather4j.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Three Hazelcast members in the test JVM, on 127.0.0.1, started once for all the tests of the JVM
 * and shut down after them (the root store closes it): the fast suite. Loopback TCP-IP join with
 * each address listed, multicast, auto-detection and phone-home off, a cluster name of its own.
 */
final class InJvmCluster implements BeforeAllCallback, AutoCloseable {
  static final int MEMBERS = 3;
  static final int POOL = 16; // each member's gather4j executor

  private static volatile InJvmCluster cluster;

  final String name = "gather4j-test-" + UUID.randomUUID();
  final List<HazelcastInstance> members = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final List<HazelcastInstance> clients = new ArrayList<>();

  /** The extension's instance, made by JUnit; the cluster is the one in the root store. */
  public InJvmCluster() {}

  static InJvmCluster get() {
    InJvmCluster started = cluster;
    if (started == null) {
      throw new IllegalStateException(
          "annotate the test class with @ExtendWith(InJvmCluster.class)");
    }
    return started;
  }

  /** The first member, the usual caller of the tests. */
  static HazelcastInstance member() {
    return get().members.get(0);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            InJvmCluster.class,
            key -> {
              InJvmCluster started = new InJvmCluster();
              started.start();
              cluster = started;
              return started;
            },
            InJvmCluster.class);
  }

  private void start() {
    for (int i = 0; i < MEMBERS; i++) {
      addresses.add("127.0.0.1:" + freePort());
    }
    // Member 1 first, then the others together: they join it.
    members.add(Hazelcast.newHazelcastInstance(config(0)));
    List<CompletableFuture<HazelcastInstance>> rest = new ArrayList<>();
    for (int i = 1; i < MEMBERS; i++) {
      Config config = config(i);
      rest.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(config)));
    }
    rest.forEach(f -> members.add(f.join()));
  }

  private Config config(int i) {
    Config config = new Config();
    config.setClusterName(name);
    config.setInstanceName(name + "-member-" + (i + 1));
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "none");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.partition.count", "31");
    config.getJetConfig().setEnabled(false);
    config.getExecutorConfig(HazelcastGather.DEFAULT_EXECUTOR).setPoolSize(POOL);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(Integer.parseInt(addresses.get(i).split(":")[1])).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(addresses);
    return config;
  }

  /** A client of the cluster, shut down with it. */
  synchronized HazelcastInstance client() {
    ClientConfig config = new ClientConfig();
    config.setClusterName(name);
    config.setProperty("hazelcast.logging.type", "none");
    config.getNetworkConfig().setAddresses(addresses);
    HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
    clients.add(client);
    return client;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    clients.forEach(HazelcastInstance::shutdown);
    members.forEach(HazelcastInstance::shutdown);
    cluster = null;
  }
}
