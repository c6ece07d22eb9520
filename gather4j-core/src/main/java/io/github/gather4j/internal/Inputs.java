package io.github.gather4j.internal;

import io.github.gather4j.Action;
import io.github.gather4j.Mapper;
import io.github.gather4j.TaskDecorator;
import io.github.gather4j.internal.GatherRun.Policy;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * What a call is given, checked and prepared on the caller's thread before anything starts (rule
 * 2): null tasks and items named by index, the caller's collection copied (unless it can never
 * change), decorators applied; then the run that will gather it. Caller thread, once per call.
 */
public final class Inputs {
  /**
   * The JDK's unmodifiable lists ({@code List.of}, {@code List.copyOf}, {@code Stream.toList}):
   * their elements never change, so a run reads them in place rather than copy a million of them.
   */
  private static final Class<?> UNMODIFIABLE_LIST = List.of(1, 2, 3).getClass();

  /**
   * The function of {@code run(actions)}: runs the action it is given, as an item of a map. An
   * enum, so that an engine in another JVM can send it with the action.
   */
  private enum RunAction implements Mapper<Object, @Nullable Object> {
    INSTANCE;

    @Override
    public @Nullable Object apply(Object action) throws Exception {
      ((Action) action).run();
      return null;
    }
  }

  private static final Mapper<Object, @Nullable Object> RUN_ACTION = RunAction.INSTANCE;

  /** The task of {@code await} for a future that is not a CompletableFuture: wait for it. */
  private static final Mapper<Object, @Nullable Object> AWAIT =
      future -> FutureEngine.get((Future<?>) future);

  private Inputs() {}

  /**
   * Task {@code i} of a {@code map}: the mapper applied to item {@code i}. A self-contained value,
   * so that an engine running tasks in another JVM sends it as it is; it is serializable when the
   * mapper and the item are.
   *
   * @param mapper the call's mapper
   * @param item the item
   */
  public record Applied(Mapper<Object, Object> mapper, Object item)
      implements Callable<@Nullable Object>, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public @Nullable Object call() throws Exception {
      return mapper.apply(item);
    }
  }

  /**
   * Checks the futures of an {@code await}; starts nothing (they already run). Its options keep the
   * deadline, name, listener, task timeout and thread factory; a limit and decorators have nothing
   * to act on, so they are dropped.
   *
   * @throws NullPointerException if the collection or a future is null
   */
  public static GatherRun ofFutures(
      Policy policy, Options options, @Nullable Collection<? extends Future<?>> futures) {
    Objects.requireNonNull(futures, "futures must not be null");
    List<?> list = fixed(futures);
    checkNoNull(list, "future");
    Options awaiting = options.forFutures(o -> new FutureEngine(list, o.threadFactory(), o.name()));
    return ofCheckedItems(policy, awaiting, list, AWAIT)
        .named(policy == Policy.SETTLED ? "awaitSettled" : "await");
  }

  /**
   * Checks and decorates {@code tasks}; starts nothing.
   *
   * @throws NullPointerException if the collection, a task, or a decorated task is null
   */
  public static GatherRun ofTasks(
      Policy policy, Options options, @Nullable Collection<? extends Callable<?>> tasks) {
    Objects.requireNonNull(tasks, "tasks must not be null");
    if (policy == Policy.STREAM
        && options.limit() > 0
        && options.decorators().isEmpty()
        && !(tasks instanceof List<?>)) {
      // Read as slots free: a collection that makes its tasks on demand is never held whole.
      // (Decorators must run on the caller's thread, so with one the input is read up front.)
      int size = tasks.size();
      LazyInput lazy = new LazyInput(tasks.iterator(), size, options.limit());
      return new GatherRun(policy, options, null, null, null, size, false, lazy)
          .named(taskVerb(policy));
    }
    return ofFixedTasks(policy, options, fixed(tasks)).named(taskVerb(policy));
  }

  /** The verb of a call over tasks, for events: all, settled, any or asCompleted. */
  private static String taskVerb(Policy policy) {
    return switch (policy) {
      case ALL -> "all";
      case SETTLED -> "settled";
      case ANY -> "any";
      case STREAM -> "asCompleted";
    };
  }

  /**
   * Checks and decorates {@code tasks}; starts nothing.
   *
   * @throws NullPointerException if the array, a task, or a decorated task is null
   */
  public static GatherRun ofTaskArray(
      Policy policy, Options options, @Nullable Object @Nullable [] tasks) {
    Objects.requireNonNull(tasks, "tasks must not be null");
    return ofFixedTasks(policy, options, Arrays.asList(tasks.clone())).named(taskVerb(policy));
  }

  /**
   * Checks the items of a {@code map}; starts nothing.
   *
   * @throws NullPointerException if the collection, an item or the function is null
   */
  public static GatherRun ofItems(
      Policy policy, Options options, @Nullable Collection<?> items, @Nullable Mapper<?, ?> fn) {
    Objects.requireNonNull(items, "items must not be null");
    Objects.requireNonNull(fn, "fn (the mapper) must not be null");
    List<?> list = fixed(items);
    checkNoNull(list, "item");
    return ofCheckedItems(policy, options, list, fn)
        .named(policy == Policy.SETTLED ? "mapSettled" : "map");
  }

  /**
   * Checks the actions of a {@code run}, each run as an item of a map (no task made per action);
   * starts nothing.
   *
   * @throws NullPointerException if the collection or an action is null
   */
  public static GatherRun ofActions(
      Options options, @Nullable Collection<? extends Action> actions) {
    Objects.requireNonNull(actions, "actions must not be null");
    List<?> list = fixed(actions);
    checkNoNull(list, "action");
    return ofCheckedItems(Policy.ALL, options, list, RUN_ACTION).named("run");
  }

  /** Creates the run of a scope: tasks arrive with {@link GatherRun#fork}. */
  public static GatherRun ofScope(Options options) {
    GatherRun run =
        new GatherRun(Policy.ALL, options, null, null, null, 0, true, null).named("scope");
    run.armDeadlineTimer();
    return run;
  }

  /**
   * Applies the decorators to task {@code index}, in the order they were added.
   *
   * @throws NullPointerException if a decorator returns null
   */
  static Callable<?> decorate(Options options, Callable<?> task, int index) {
    Callable<?> result = task;
    for (TaskDecorator decorator : options.decorators()) {
      result = decorator.decorate(result);
      if (result == null) {
        throw new NullPointerException(
            "the task decorator " + decorator + " returned null for task " + index);
      }
    }
    return result;
  }

  /** Checks and decorates tasks that no one can change any more. */
  private static GatherRun ofFixedTasks(Policy policy, Options options, List<?> tasks) {
    int n = tasks.size();
    for (int i = 0; i < n; i++) {
      Object task = tasks.get(i);
      if (task == null) {
        throw new NullPointerException("task " + i + " is null: every task must be non-null");
      }
      if (!(task instanceof Callable<?>)) { // only a heap-polluted collection gets here
        throw new ClassCastException(
            "task " + i + " is a " + task.getClass().getName() + ", not a Callable");
      }
    }
    List<?> checked = tasks;
    if (!options.decorators().isEmpty()) {
      Object[] decorated = tasks.toArray();
      for (int i = 0; i < n; i++) {
        decorated[i] = decorate(options, (Callable<?>) decorated[i], i);
      }
      checked = Arrays.asList(decorated);
    }
    return new GatherRun(policy, options, checked, null, null, n, false, null);
  }

  @SuppressWarnings("unchecked")
  private static GatherRun ofCheckedItems(
      Policy policy, Options options, List<?> items, Mapper<?, ?> fn) {
    Mapper<Object, Object> mapper = (Mapper<Object, Object>) fn;
    int n = items.size();
    if (!options.decorators().isEmpty()) {
      // Decorators must run on the caller's thread, so every task is made up front.
      Object[] made = new Object[n];
      for (int i = 0; i < n; i++) {
        Object item = items.get(i);
        made[i] = decorate(options, new Applied(mapper, item), i);
      }
      return new GatherRun(policy, options, Arrays.asList(made), null, null, n, false, null);
    }
    return new GatherRun(policy, options, null, items, mapper, n, false, null);
  }

  /** Returns {@code collection} if it can never change, else a copy as a list. */
  private static List<?> fixed(Collection<?> collection) {
    return collection.getClass() == UNMODIFIABLE_LIST
        ? (List<?>) collection
        : Arrays.asList(collection.toArray());
  }

  private static void checkNoNull(List<?> list, String what) {
    for (int i = 0, n = list.size(); i < n; i++) {
      if (list.get(i) == null) {
        throw new NullPointerException(
            what + " " + i + " is null: every " + what + " must be non-null");
      }
    }
  }
}
