package io.github.gather4j.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * The event classes; loaded only by {@link Events}, once it knows {@code jdk.jfr} is there. See the
 * README for how to record and read them.
 */
final class JfrEvents {
  private JfrEvents() {}

  static @Nullable Object begin() {
    if (!FlightRecorder.isInitialized()) {
      // No recording has ever run in this JVM: the event classes are not even loaded (loading
      // them sets up the recorder's machinery, about 0.1 s of a short program's start).
      return null;
    }
    GatherEvent event = new GatherEvent();
    if (!event.isEnabled()) {
      return null;
    }
    event.begin();
    return event;
  }

  static void end(Object begun, GatherRun run) {
    GatherEvent event = (GatherEvent) begun;
    event.end();
    if (!event.shouldCommit()) {
      return;
    }
    String name = run.name();
    event.gather = name == null ? "" : name;
    event.verb = run.verb();
    event.tasks = run.size();
    event.limit = run.options().limit();
    event.outcome = run.outcome();
    event.commit();
  }

  static void stuck(String gather, int index, int size, String where, String stack) {
    if (!FlightRecorder.isInitialized()) {
      return;
    }
    StuckTaskEvent event = new StuckTaskEvent();
    if (event.shouldCommit()) {
      event.gather = gather;
      event.task = index;
      event.tasks = size;
      event.where = where;
      event.stack = stack;
      event.commit();
    }
  }

  @Name("io.github.gather4j.Gather")
  @Label("Gather")
  @Category("gather4j")
  @Description("One gather call, from its start until every task it started has ended")
  @StackTrace(false)
  static final class GatherEvent extends Event {
    @Label("Name")
    @Description("The gather's name (Gathering.name), or empty")
    String gather = "";

    @Label("Verb")
    @Description("all, settled, map, run, any, asCompleted, scope, await...; 'async ' before one")
    String verb = "";

    @Label("Tasks")
    int tasks;

    @Label("Limit")
    @Description("The most tasks running at once, 0 for no limit")
    int limit;

    @Label("Outcome")
    @Description("completed, failed, timed out, interrupted or cancelled")
    String outcome = "";
  }

  @Name("io.github.gather4j.StuckTask")
  @Label("Stuck Task")
  @Category("gather4j")
  @Description("A task still running after the grace period that followed its cancellation")
  @StackTrace(false)
  static final class StuckTaskEvent extends Event {
    @Label("Name")
    String gather = "";

    @Label("Task")
    int task;

    @Label("Tasks")
    int tasks;

    @Label("Where")
    @Description("Where the task runs (its thread)")
    String where = "";

    @Label("Stack")
    @Description("The task's stack when reported, innermost frame first")
    String stack = "";
  }
}
