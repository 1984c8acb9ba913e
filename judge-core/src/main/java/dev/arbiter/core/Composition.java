package dev.arbiter.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a judge made of other judges reached a verdict: a panel (every member judges, votes pool) or
 * a cascade (a cheap stage decides when sure, else a strong stage does).
 *
 * @param kind panel or cascade
 * @param stage for a cascade, the name of the stage whose verdict this is; empty for a panel
 * @param members every member consulted, in declared order, with its own verdict
 */
public record Composition(Kind kind, Optional<String> stage, List<Member> members) {

  /** The kinds of composed judges. */
  public enum Kind {
    /** Every member judges each request; their decisions pool with per-member weights. */
    PANEL,
    /** Stages judge in order; the first sure enough decides. */
    CASCADE
  }

  public Composition {
    Objects.requireNonNull(kind, "kind");
    stage = stage == null ? Optional.empty() : stage;
    members = List.copyOf(members);
  }

  /**
   * One member judge's part in a composed verdict.
   *
   * @param name the member's name (unique within its panel or cascade)
   * @param weight its vote's weight in a panel (1 for a cascade stage)
   * @param verdict its own verdict, ERROR when it failed
   */
  public record Member(String name, double weight, Verdict verdict) {
    public Member {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(verdict, "verdict");
    }
  }
}
