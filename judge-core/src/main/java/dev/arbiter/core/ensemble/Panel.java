package dev.arbiter.core.ensemble;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import dev.arbiter.core.Scale;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a panel: a {@link Judge} that has every member judge each request at once and pools their
 * decisions with per-member weights (reward-model ensembles in the spirit of WARM and "Helping or
 * Herding?": several judges buy reliability that more samples of one judge cannot).
 *
 * <p>Pooling: pointwise, the weighted mean of the members' normalised scores, mapped onto the
 * panel's scale; pairwise, the side (A, B or tie) with the most weight, "much better" only when the
 * weighted mean signed strength (A≫B = +2 … B≫A = −2) is at least 1.5 that way, a tie when A and B
 * weigh the same; listwise, a weighted Borda count. The verdict's confidence is the panel's: {@code
 * agreement} is the share of the voting weight behind the pooled outcome (see {@link Outcomes}), so
 * members that disagree lower it; the distribution counts members per outcome. A member that fails
 * (ERROR, or an exception) or cannot decide (UNSCORED) does not vote; its verdict is kept in the
 * composition. The panel's verdict is UNSCORED when no member decided, and ERROR when every member
 * failed.
 *
 * {@snippet :
 * Judge panel = Panel.builder()
 *     .member("qwen", qwenJudge, 2.0)
 *     .member("llama", llamaJudge, 1.0)
 *     .build();
 * Verdict v = panel.judge(request);   // v.composition(): each member's own verdict
 * }
 */
public final class Panel {
  private Panel() {}

  public static Builder builder() {
    return new Builder();
  }

  /**
   * One member of a panel.
   *
   * @param name unique within the panel; names the member in verdicts
   * @param judge the member's judge
   * @param weight its vote's weight, &gt; 0
   */
  public record Member(String name, Judge judge, double weight) {
    public Member {
      if (name == null || name.isBlank()) {
        throw InvalidInputException.of("panel.name", "a panel member needs a name");
      }
      Objects.requireNonNull(judge, "judge");
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw InvalidInputException.of(
            "panel.weight", "must be > 0 but was " + weight + " (member '" + name + "')");
      }
    }
  }

  /** Builds a panel; validates eagerly and names the bad value. */
  public static final class Builder {
    private final List<Member> members = new ArrayList<>();
    private Scale scale = Scale.ONE_TO_TEN;

    private Builder() {}

    /** Adds a member judging with weight 1. */
    public Builder member(String name, Judge judge) {
      return member(name, judge, 1.0);
    }

    /** Adds a member. */
    public Builder member(String name, Judge judge, double weight) {
      members.add(new Member(name, judge, weight));
      return this;
    }

    /** The scale pooled pointwise scores are reported on (default 1–10). */
    public Builder scale(Scale scale) {
      this.scale = Objects.requireNonNull(scale, "scale");
      return this;
    }

    /**
     * @throws InvalidInputException with fewer than two members or a repeated name
     */
    public Judge build() {
      if (members.size() < 2) {
        throw InvalidInputException.of(
            "panel", "a panel needs at least two members but has " + members.size());
      }
      Set<String> names = new HashSet<>();
      for (Member m : members) {
        if (!names.add(m.name())) {
          throw InvalidInputException.of(
              "panel.name", "member names must be unique; '" + m.name() + "' is repeated");
        }
      }
      return new PanelJudge(List.copyOf(members), scale);
    }
  }
}
