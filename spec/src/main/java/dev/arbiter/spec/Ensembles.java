package dev.arbiter.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import dev.arbiter.core.cache.SampleCache;
import dev.arbiter.core.cache.TieredSampleCache;
import dev.arbiter.core.cache.VerdictStore;
import dev.arbiter.core.cache.VerdictStores;
import dev.arbiter.core.ensemble.Cascade;
import dev.arbiter.core.ensemble.Panel;
import dev.arbiter.spec.JudgeSpec.PanelMember;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Builds the judges made of judges: a spec's {@code panel} (every member judges, votes pool) and a
 * cascade of two specs (the cheap one decides when sure, else the strong one). See docs/panels.md.
 */
public final class Ensembles {
  private Ensembles() {}

  /** The cache a panel's members share: one store, one memory tier in front of it. */
  record SharedCache(Optional<VerdictStore> store, SampleCache cache) {}

  /** The panel a spec's {@code panel} section describes; members share the spec's cache. */
  static BuiltJudge panel(JudgeSpec spec, Judges.Hooks hooks, List<AutoCloseable> resources) {
    SharedCache shared = null;
    if (spec.cache().store() != null) {
      VerdictStore s = VerdictStores.open(spec.cache().store());
      resources.add(s);
      TieredSampleCache.Builder cb =
          TieredSampleCache.builder().store(s).maximumSize(spec.cache().memoryEntries());
      if (spec.cache().memoryTtlSeconds() > 0) {
        cb.expireAfterWrite(Duration.ofSeconds(spec.cache().memoryTtlSeconds()));
      }
      shared = new SharedCache(Optional.of(s), cb.build());
    }
    Panel.Builder panel = Panel.builder().scale(spec.parsedScale());
    LinkedHashSet<String> notes = new LinkedHashSet<>();
    StringBuilder description = new StringBuilder("panel of " + spec.panel().size() + ":");
    for (int i = 0; i < spec.panel().size(); i++) {
      PanelMember m = spec.panel().get(i);
      JudgeSpec memberSpec = memberSpec(spec, m, i);
      BuiltJudge member;
      try {
        member = Judges.build(memberSpec, hooks, resources, shared);
      } catch (InvalidInputException e) {
        throw InvalidInputException.of(
            "panel[" + i + "]" + e.field().map(f -> "." + f).orElse(""),
            "member '" + m.name() + "': " + e.problem());
      }
      panel.member(m.name(), member.judge(), m.weight());
      notes.addAll(member.notes());
      description
          .append(i == 0 ? " " : "; ")
          .append(m.name())
          .append(" (weight ")
          .append(m.weight())
          .append(") ")
          .append(member.description());
    }
    return new BuiltJudge(
        panel.build(),
        Judges.userRubric(spec.rubric()),
        description.toString(),
        List.copyOf(notes),
        resources);
  }

  /**
   * A member's spec: its spec file, or the panel's spec with the member's models, protocol and
   * sampling laid over it; never a panel itself, and never with a cache of its own.
   */
  private static JudgeSpec memberSpec(JudgeSpec panel, PanelMember m, int index) {
    ObjectNode tree;
    String source;
    if (m.spec() != null) {
      Path file = Path.of(m.spec());
      JudgeSpec own = JudgeSpecs.load(file);
      if (!own.panel().isEmpty()) {
        throw InvalidInputException.of(
            "panel[" + index + "].spec",
            m.spec() + " is a panel itself; members are single judges");
      }
      tree = JudgeSpecs.toTree(own);
      source = m.spec();
    } else {
      tree = JudgeSpecs.toTree(panel);
      JsonNode member = tree.get("panel").get(index);
      tree.set("models", member.get("models"));
      if (m.protocol() != null) {
        tree.set("protocol", member.get("protocol"));
      }
      if (m.sampling() != null) {
        tree.set("sampling", member.get("sampling"));
      }
      source = "panel[" + index + "]";
    }
    tree.remove("panel");
    tree.remove("cache");
    return JudgeSpecs.read(tree, source);
  }

  /**
   * A cascade of two specs: the judge {@code cheap} describes decides when its confidence is at
   * least {@code threshold}, else the one {@code strong} describes does. Stages are named after
   * their spec files.
   *
   * @param threshold in [0, 1], or {@code POSITIVE_INFINITY} to always escalate
   */
  public static BuiltJudge cascade(Path cheap, Path strong, double threshold, Judges.Hooks hooks) {
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      String cheapName = stageName(cheap, "cheap");
      String strongName = stageName(strong, "strong");
      if (cheapName.equals(strongName)) {
        cheapName = "cheap";
        strongName = "strong";
      }
      BuiltJudge c = Judges.fromSpec(JudgeSpecs.load(cheap), hooks);
      resources.addAll(c.resources());
      BuiltJudge s = Judges.fromSpec(JudgeSpecs.load(strong), hooks);
      resources.addAll(s.resources());
      Judge judge =
          Cascade.builder()
              .cheap(cheapName, c.judge())
              .strong(strongName, s.judge())
              .threshold(threshold)
              .build();
      LinkedHashSet<String> notes = new LinkedHashSet<>(c.notes());
      notes.addAll(s.notes());
      String description =
          "cascade: "
              + cheapName
              + " decides at confidence >= "
              + threshold
              + " ("
              + c.description()
              + "), else "
              + strongName
              + " ("
              + s.description()
              + ")";
      return new BuiltJudge(
          judge,
          s.defaultRubric().or(c::defaultRubric),
          description,
          List.copyOf(notes),
          resources,
          s.profiles().or(c::profiles));
    } catch (RuntimeException e) {
      BuiltJudge.closeAll(resources);
      throw e;
    }
  }

  private static String stageName(Path spec, String fallback) {
    Path name = spec.getFileName();
    String n = name == null ? "" : name.toString().replaceFirst("\\.[^.]*$", "");
    return n.isBlank() ? fallback : n;
  }
}
