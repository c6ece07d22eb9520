package io.github.gather4j.internal;

import io.github.gather4j.Gather;
import io.github.gather4j.Gathering;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a module of gather4j (the cluster engine) makes a {@link Gathering} whose tasks run on its
 * own {@link TaskEngine}: the gather algorithm stays the core's, only the place tasks run changes.
 * The package is exported to those modules only.
 */
public final class Engines {
  private static volatile @Nullable Function<Options, Gathering> maker;

  private Engines() {}

  /**
   * Called once, by {@link Gathering}'s initialisation, with its constructor.
   *
   * @param gatherings makes a gathering from options
   */
  public static void install(Function<Options, Gathering> gatherings) {
    if (maker == null) {
      maker = gatherings;
    }
  }

  /**
   * Returns a gathering with the default options whose tasks run on engines made by {@code engine},
   * one per call. A later {@code threadFactory(…)} moves the tasks back to local threads.
   *
   * @param engine makes the engine of one call from that call's options
   * @return the gathering
   */
  public static Gathering gathering(Function<Options, TaskEngine> engine) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(Gather.with()); // initialises Gathering, which installs its maker
    return Objects.requireNonNull(maker).apply(Options.DEFAULTS.withEngine(engine));
  }
}
