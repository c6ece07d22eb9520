package io.github.gather4j.internal;

import org.jspecify.annotations.Nullable;

/**
 * The JDK Flight Recorder events of gather4j, without a dependency on {@code jdk.jfr}: when that
 * module is not in the runtime (a {@code jlink} image without it, {@code --limit-modules}), this
 * class never touches {@link JfrEvents}, which is the only one that names its types. When it is, an
 * event costs a call only while a recording enables it.
 */
final class Events {
  /** Whether {@code jdk.jfr} is there and readable: decided once. */
  static final boolean AVAILABLE = available();

  private Events() {}

  /** Begins a gather call's event, or returns null when no recording wants it. */
  static @Nullable Object begin() {
    return AVAILABLE ? JfrEvents.begin() : null;
  }

  /** Ends and commits the event of a finished run. */
  static void end(Object event, GatherRun run) {
    JfrEvents.end(event, run);
  }

  /** Records a task that ignores its cancellation, once it is reported. */
  static void stuck(String gather, int index, int size, String where, String stack) {
    if (AVAILABLE) {
      JfrEvents.stuck(gather, index, size, where, stack);
    }
  }

  private static boolean available() {
    try {
      Module jfr = ModuleLayer.boot().findModule("jdk.jfr").orElse(null);
      if (jfr == null) {
        return false;
      }
      Module self = Events.class.getModule();
      if (!self.canRead(jfr)) {
        self.addReads(jfr); // `requires static`: read it whenever the runtime has resolved it
      }
      // No FlightRecorder.register: it starts the recorder's machinery (about 0.1 s at the first
      // gather); an event class registers itself when a recording first uses it.
      return true;
    } catch (LinkageError | RuntimeException e) {
      return false; // no events rather than no gathers
    }
  }
}
