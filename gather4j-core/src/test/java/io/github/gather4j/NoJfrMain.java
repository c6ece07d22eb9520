package io.github.gather4j;

import java.util.List;

/**
 * Run by {@link JfrEventsTest} in a JVM whose runtime has no {@code jdk.jfr}: gathers still work.
 */
public final class NoJfrMain {
  private NoJfrMain() {}

  public static void main(String[] args) throws Exception {
    List<Integer> results = Gather.with().name("no-jfr").all(() -> 1, () -> 2);
    System.out.println("jdk.jfr present: " + ModuleLayer.boot().findModule("jdk.jfr").isPresent());
    System.out.println("results: " + results);
  }
}
