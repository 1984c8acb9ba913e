package dev.arbiter.rubrics.personal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Criterion;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.internal.Json;
import dev.arbiter.rubrics.Profile;
import dev.arbiter.rubrics.Rubrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The result of {@link ProfileFitter#fit}: the population prior and one fit per user, each turned
 * into a profile by {@link #profile}, written by {@link #write}.
 *
 * @param template the rubric whose principles were weighted (descriptions, scales, hard rules)
 * @param population the prior every user is pulled toward (and the profile of unknown users)
 * @param users one fit per user, in first-seen order
 * @param priorStrength the λ used for every user
 * @param priorStrengthSource how λ was chosen ("given", or the cross-validation that chose it)
 * @param pairsSkipped pairs left out because a verdict was unscored or lacked a criterion
 */
public record ProfileFit(
    Rubric template,
    UserFit population,
    List<UserFit> users,
    double priorStrength,
    String priorStrengthSource,
    int pairsSkipped) {

  /** The file (and profile) name of the population prior in a profiles directory. */
  public static final String POPULATION = "_population";

  public ProfileFit {
    users = List.copyOf(users);
  }

  /** The user's fit, if the user had pairs. */
  public Optional<UserFit> user(String id) {
    return users.stream().filter(u -> u.user().equals(id)).findFirst();
  }

  /** The fit as a profile: the template's principles carry the fitted weights. */
  public Profile profile(UserFit fit) {
    List<Criterion> cs = new ArrayList<>();
    for (Criterion c : template.criteria()) {
      Double w = fit.weights().get(c.name());
      cs.add(
          w == null || c.kind() == Criterion.Kind.HARD_RULE
              ? c
              : new Criterion(
                  c.name(), c.description(), round(w), c.scale(), c.kind(), c.levels(), c.tags()));
    }
    String description =
        fit.user().equals(POPULATION)
            ? "Population prior fitted on every user's pairs."
            : "Weights learned from " + fit.pairsUsed() + " of " + fit.user() + "'s choices.";
    return new Profile(fit.user(), description, new Rubric(fit.user(), "1", cs));
  }

  /**
   * Writes {@code DIR/<user>.yaml} per user, {@code DIR/_population.yaml} (the prior) and {@code
   * DIR/fit-report.json} (the fit statistics of all), creating the directory. Each YAML file starts
   * with its fit statistics as comments.
   *
   * @throws InvalidInputException when the directory cannot be written
   */
  public void write(Path dir) {
    try {
      Files.createDirectories(dir);
      List<UserFit> all = new ArrayList<>(users);
      all.add(0, population);
      ArrayNode report = Json.mapper().createArrayNode();
      for (UserFit u : all) {
        Rubrics.writeYaml(profile(u).rubric(), dir.resolve(u.user() + ".yaml"), comments(u));
        ObjectNode n = report.addObject();
        n.put("user", u.user());
        n.put("pairs_used", u.pairsUsed());
        u.heldOutAccuracy().ifPresent(a -> n.put("held_out_accuracy", a));
        n.put("prior_strength", u.priorStrength());
        n.put("sharpness", u.sharpness());
        ObjectNode w = n.putObject("weights");
        u.weights().forEach((k, v) -> w.put(k, round(v)));
      }
      ObjectNode doc = Json.mapper().createObjectNode();
      doc.put("prior_strength", priorStrength);
      doc.put("prior_strength_source", priorStrengthSource);
      doc.put("pairs_skipped", pairsSkipped);
      doc.set("fits", report);
      Files.writeString(
          dir.resolve("fit-report.json"),
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(dir.toString(), 0, null, "cannot write: " + e.getMessage());
    }
  }

  private List<String> comments(UserFit u) {
    List<String> c = new ArrayList<>();
    c.add(
        u.user().equals(POPULATION)
            ? "Population prior: Bradley-Terry weights fitted on every user's pairs."
            : "Learned profile of user " + u.user() + " (arbiter profile fit).");
    c.add("pairs used: " + u.pairsUsed());
    c.add(
        "held-out accuracy (cross-validated): "
            + (u.heldOutAccuracy().isPresent()
                ? String.format(Locale.ROOT, "%.3f", u.heldOutAccuracy().getAsDouble())
                : "n/a (fewer than 2 pairs)"));
    c.add(
        "prior strength (L2 lambda): "
            + String.format(Locale.ROOT, "%.3g", u.priorStrength())
            + " ("
            + priorStrengthSource
            + ")");
    c.add("sharpness: " + String.format(Locale.ROOT, "%.3g", u.sharpness()));
    return c;
  }

  static double round(double w) {
    return Math.max(0.001, Math.round(w * 1000) / 1000.0);
  }

  /** Weights as a map in the given order. */
  static Map<String, Double> named(List<String> names, double[] w) {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), w[i]);
    }
    return m;
  }
}
