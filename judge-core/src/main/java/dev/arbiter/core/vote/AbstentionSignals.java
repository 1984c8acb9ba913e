package dev.arbiter.core.vote;

import dev.arbiter.core.Composition;
import dev.arbiter.core.Confidence;
import dev.arbiter.core.OrderDecision;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How sure a verdict is, as the signals calibrated abstention thresholds (arbiter calibrate,
 * docs/calibrate.md). Each is in [0, 1], higher meaning surer:
 *
 * <ul>
 *   <li>{@code agreement}: {@link Confidence#agreement()}, the share of votes behind the most voted
 *       outcome, strength included (A≫B and A&gt;B are different outcomes);
 *   <li>{@code direction}: {@link Confidence#directionAgreement()}, the same with A≫B and A&gt;B
 *       counted as one direction;
 *   <li>{@code entropy}: 2<sup>−H</sup> with H the entropy (bits) of the direction-level vote
 *       distribution ({@link Confidence#directionEntropy()}): 1 when every vote agrees, 1/m when
 *       the votes split evenly over m outcomes;
 *   <li>{@code order}: pairwise, how far the two orders' decisions agree: 1 for the same direction,
 *       ½ when one order says tie and the other picks a side, 0 for opposite sides (from a panel's
 *       {@code position_consistent}: 1 or 0); empty when an order had no decision;
 *   <li>{@code panel}: a panel's share of member weight behind its pooled decision; empty for a
 *       single judge;
 *   <li>{@code combined}: {@code direction × order} (order taken as 1 when empty) — a verdict is as
 *       sure as its votes agree on a direction, and no surer than its orders agree. For a panel,
 *       direction is the panel's agreement.
 * </ul>
 *
 * <p>A verdict that is not {@link Status#SCORED} has no decision: every signal is NaN, so no
 * threshold keeps it.
 */
public record AbstentionSignals(
    double agreement,
    double direction,
    double entropy,
    Optional<Double> order,
    Optional<Double> panel) {

  /** The signals, as {@code --signal} names them. */
  public enum Signal {
    AGREEMENT,
    DIRECTION,
    ENTROPY,
    ORDER,
    PANEL,
    COMBINED;

    /** The lower-case name ({@code combined}). */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The signal called {@code s} (case-insensitive), or empty. */
    public static Optional<Signal> parse(String s) {
      for (Signal v : values()) {
        if (v.id().equalsIgnoreCase(s.strip())) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    }
  }

  public AbstentionSignals {
    order = order == null ? Optional.empty() : order;
    panel = panel == null ? Optional.empty() : panel;
  }

  /** No decision: every signal NaN. */
  public static final AbstentionSignals UNDECIDED =
      new AbstentionSignals(
          Double.NaN, Double.NaN, Double.NaN, Optional.of(Double.NaN), Optional.of(Double.NaN));

  /** {@code direction × order} (order 1 when unknown). */
  public double combined() {
    return direction * order.orElse(1.0);
  }

  /** The value of signal {@code s}; NaN when the verdict does not have it. */
  public double get(Signal s) {
    return switch (s) {
      case AGREEMENT -> agreement;
      case DIRECTION -> direction;
      case ENTROPY -> entropy;
      case ORDER -> order.orElse(Double.NaN);
      case PANEL -> panel.orElse(Double.NaN);
      case COMBINED -> combined();
    };
  }

  /** The signals of a verdict. */
  public static AbstentionSignals of(Verdict v) {
    if (v.status() != Status.SCORED) {
      return UNDECIDED;
    }
    List<Optional<Preference>> orders = v.orders().stream().map(OrderDecision::decision).toList();
    boolean panel = v.composition().map(c -> c.kind() == Composition.Kind.PANEL).orElse(false);
    return of(v.confidence(), orders, v.positionConsistent(), panel);
  }

  /**
   * The signals of a scored verdict from its parts (so a verdict read back from its JSON gives the
   * same numbers as the verdict itself).
   *
   * @param confidence the verdict's confidence
   * @param orders pairwise: each order's decision, mapped back to the request's candidates; empty
   *     list otherwise
   * @param positionConsistent pairwise: whether the orders agreed, when known
   * @param panel whether a panel gave the verdict
   */
  public static AbstentionSignals of(
      Confidence confidence,
      List<Optional<Preference>> orders,
      Optional<Boolean> positionConsistent,
      boolean panel) {
    Optional<Double> order = Optional.empty();
    if (orders.size() == 2 && orders.get(0).isPresent() && orders.get(1).isPresent()) {
      int gap = Math.abs(orders.get(0).get().vote() - orders.get(1).get().vote());
      order = Optional.of(1.0 - gap / 2.0);
    } else if (orders.isEmpty() && positionConsistent.isPresent()) {
      order = Optional.of(positionConsistent.get() ? 1.0 : 0.0);
    }
    return new AbstentionSignals(
        confidence.agreement(),
        confidence.directionAgreement(),
        Math.pow(2, -confidence.directionEntropy()),
        order,
        panel ? Optional.of(confidence.agreement()) : Optional.empty());
  }
}
