package io.github.gather4j.hazelcast;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives each test a cluster of member JVMs of its own ({@link
 * LocalCluster}: on 127.0.0.1, lean flags, logging off) and stops them by PID after it, whether it
 * passed or failed; it then fails the test if any member process this JVM started is still alive.
 *
 * <pre>{@code
 * @RegisterExtension final MemberJvms members = new MemberJvms(3);
 * }</pre>
 */
final class MemberJvms implements BeforeEachCallback, AfterEachCallback {
  private final int size;
  private @Nullable LocalCluster cluster;

  MemberJvms(int size) {
    this.size = size;
  }

  /** The running test's cluster. */
  LocalCluster cluster() {
    return Objects.requireNonNull(cluster, "no cluster: the extension runs around each test");
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    cluster = LocalCluster.start(size);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    LocalCluster started = cluster;
    cluster = null;
    if (started != null) {
      started.close(); // kills every member by PID; throws if one is still alive
    }
    List<ProcessHandle> left =
        ProcessHandle.current()
            .descendants()
            .filter(ProcessHandle::isAlive)
            .filter(
                p ->
                    p.info()
                        .arguments()
                        .map(args -> List.of(args).contains(MemberProcess.class.getName()))
                        .orElse(false))
            .toList();
    if (!left.isEmpty()) {
      left.forEach(ProcessHandle::destroyForcibly);
      throw new AssertionError(
          "member processes left after the test: PIDs "
              + left.stream().map(ProcessHandle::pid).toList());
    }
  }
}
