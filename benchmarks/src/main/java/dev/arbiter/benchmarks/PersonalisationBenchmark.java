package dev.arbiter.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Criterion;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.Scale;
import dev.arbiter.core.internal.Json;
import dev.arbiter.rubrics.personal.ChoicePair;
import dev.arbiter.rubrics.personal.CriterionScores;
import dev.arbiter.rubrics.personal.ProfileFit;
import dev.arbiter.rubrics.personal.ProfileFitter;
import dev.arbiter.rubrics.personal.UserFit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The learning curve of {@code arbiter profile fit}: held-out accuracy of learned weights against
 * the number of pairs a user gave.
 *
 * <p>Responses are real: every chosen and rejected response of RM-Bench ({@code
 * ../shared/data/rmbench/*.json}, 798 prompts, 6 responses each). Their criterion scores are
 * computed, not judged by a model (no model server runs here), each on 1-5:
 *
 * <ul>
 *   <li>{@code correct}: 5 for RM-Bench's chosen responses, 1 for its rejected ones (the dataset's
 *       own label: rejected chat/code answers carry an injected error);
 *   <li>{@code concise}: {@code 1 + round(4 (1 − min(words, 600) / 600))};
 *   <li>{@code structured}: Markdown structure, {@code 1 + round(4 min(1, marks / 8))}, marks =
 *       heading, list and code-fence lines plus bold spans;
 *   <li>{@code plain-sentences}: {@code 1 + round(4 (1 − min(words per sentence, 40) / 40))}.
 * </ul>
 *
 * <p>Users are simulated: user u has true weights {@code w_u = m ⊙ exp(z)}, {@code z ~ N(0, σ²)}
 * per criterion around the population mean m = (3, 1.5, 1, 1), σ = 0.8, scaled to mean 1; they
 * choose between two responses to the same prompt by Bradley-Terry sampling, {@code P(a) = σ(β w_u
 * · (s_a − s_b))} on [0, 1]-normalised scores, β = 6. A crowd of users with 60 pairs each and the
 * target users with N pairs each are fitted together ({@link ProfileFitter}, λ by
 * cross-validation); each target user is scored on 400 fresh pairs of their own (sampled the same
 * way, disjoint from training). Reported per N: the mean held-out accuracy of the fitted weights,
 * the population prior alone, equal weights and the user's true weights.
 *
 * <p>Usage: {@code benchmarks/run personal [--users 40] [--crowd 40] [--seed 1] [--data DIR]
 * [--write DIR]}; {@code --write} also writes the verdicts and the 60-pair training pairs as files
 * for {@code arbiter profile fit}. Prints a Markdown table.
 */
public final class PersonalisationBenchmark {
  static final List<String> CRITERIA =
      List.of("correct", "concise", "structured", "plain-sentences");
  private static final double[] MEAN = {3, 1.5, 1, 1};
  private static final double SIGMA = 0.8;
  private static final double BETA = 6;
  private static final int TEST_PAIRS = 400;
  private static final int CROWD_PAIRS = 60;
  private static final int[] CURVE = {0, 5, 10, 20, 40, 60, 100};
  private static final Pattern MARK =
      Pattern.compile("(?m)^\\s*(#{1,6}\\s|[-*+]\\s|\\d+[.)]\\s|```)|\\*\\*[^*]+\\*\\*");

  record Response(String id, int prompt, Map<String, Double> scores) {}

  public static void main(String[] args) throws IOException {
    int users = 40;
    int crowd = 40;
    long seed = 1;
    Path data = Path.of("../shared/data/rmbench");
    Path write = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--users" -> users = Integer.parseInt(args[++i]);
        case "--crowd" -> crowd = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--data" -> data = Path.of(args[++i]);
        case "--write" -> write = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<Response> responses = responses(data);
    Map<Integer, List<Response>> byPrompt = new LinkedHashMap<>();
    responses.forEach(r -> byPrompt.computeIfAbsent(r.prompt(), k -> new ArrayList<>()).add(r));
    List<List<Response>> prompts = new ArrayList<>(byPrompt.values());
    Map<String, Map<String, Double>> scoreMap = new LinkedHashMap<>();
    responses.forEach(r -> scoreMap.put(r.id(), r.scores()));
    CriterionScores scores = CriterionScores.of(scoreMap);
    Rubric rubric = rubric();
    System.out.printf(
        Locale.ROOT,
        "responses %d (prompts %d), criteria %s, target users %d, crowd %d x %d pairs, test %d pairs/user, seed %d%n%n",
        responses.size(),
        prompts.size(),
        CRITERIA,
        users,
        crowd,
        CROWD_PAIRS,
        TEST_PAIRS,
        seed);
    System.out.println(
        "| pairs per user | fitted | population prior | equal weights | true weights | fitted / true | λ |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : CURVE) {
      Random rnd = new Random(seed * 1_000 + n);
      List<double[]> truths = new ArrayList<>();
      List<ChoicePair> train = new ArrayList<>();
      for (int c = 0; c < crowd; c++) {
        double[] w = trueWeights(rnd);
        train.addAll(choices("crowd" + c, w, CROWD_PAIRS, prompts, new HashSet<>(), rnd));
      }
      List<List<ChoicePair>> tests = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        double[] w = trueWeights(rnd);
        truths.add(w);
        Set<String> used = new HashSet<>();
        train.addAll(choices("user" + u, w, n, prompts, used, rnd));
        tests.add(choices("user" + u, w, TEST_PAIRS, prompts, used, rnd));
      }
      if (write != null && n == 60) {
        write(write, responses, train);
      }
      ProfileFit fit =
          ProfileFitter.builder().template(rubric).seed(seed).build().fit(scores, train);
      double fitted = 0;
      double prior = 0;
      double equal = 0;
      double truth = 0;
      double[] ones = {1, 1, 1, 1};
      for (int u = 0; u < users; u++) {
        UserFit f = fit.user("user" + u).orElse(fit.population());
        List<ChoicePair> test = tests.get(u);
        fitted += accuracy(vector(f), test, scoreMap);
        prior += accuracy(vector(fit.population()), test, scoreMap);
        equal += accuracy(ones, test, scoreMap);
        truth += accuracy(truths.get(u), test, scoreMap);
      }
      System.out.printf(
          Locale.ROOT,
          "| %d | %.3f | %.3f | %.3f | %.3f | %.3f | %s |%n",
          n,
          fitted / users,
          prior / users,
          equal / users,
          truth / users,
          fitted / truth,
          fit.priorStrength());
    }
  }

  private static Rubric rubric() {
    List<Criterion> cs = new ArrayList<>();
    cs.add(Criterion.principle("correct", "The answer is correct.", Scale.ONE_TO_FIVE));
    cs.add(Criterion.principle("concise", "The answer is short.", Scale.ONE_TO_FIVE));
    cs.add(
        Criterion.principle(
            "structured", "The answer uses headings, lists or code blocks.", Scale.ONE_TO_FIVE));
    cs.add(
        Criterion.principle(
            "plain-sentences", "The answer's sentences are short and plain.", Scale.ONE_TO_FIVE));
    return Rubric.of("rmbench-style", cs);
  }

  static List<Response> responses(Path dir) throws IOException {
    List<Response> out = new ArrayList<>();
    int prompt = 0;
    for (String f : List.of("chat", "code", "safety-refuse", "safety-response")) {
      JsonNode items = Json.mapper().readTree(dir.resolve(f + ".json").toFile());
      for (JsonNode item : items) {
        int k = 0;
        for (String side : List.of("chosen", "rejected")) {
          for (JsonNode r : item.get(side)) {
            out.add(
                new Response(
                    f + "-" + item.get("id").asText() + "-" + k++,
                    prompt,
                    scores(r.asText(), side.equals("chosen"))));
          }
        }
        prompt++;
      }
    }
    return out;
  }

  static Map<String, Double> scores(String text, boolean chosen) {
    String[] words = text.trim().split("\\s+");
    int sentences = Math.max(1, text.split("[.!?](\\s|$)").length);
    long marks = MARK.matcher(text).results().count();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("correct", chosen ? 5.0 : 1.0);
    m.put("concise", 1.0 + Math.round(4 * (1 - Math.min(words.length, 600) / 600.0)));
    m.put("structured", 1.0 + Math.round(4 * Math.min(1, marks / 8.0)));
    double perSentence = (double) words.length / sentences;
    m.put("plain-sentences", 1.0 + Math.round(4 * (1 - Math.min(perSentence, 40) / 40)));
    return m;
  }

  private static double[] trueWeights(Random rnd) {
    double[] w = new double[MEAN.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = MEAN[i] * Math.exp(SIGMA * rnd.nextGaussian());
      sum += w[i];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = w[i] / (sum / w.length);
    }
    return w;
  }

  /** n choices of one user on distinct response pairs (not in {@code used}) of one prompt each. */
  private static List<ChoicePair> choices(
      String user, double[] w, int n, List<List<Response>> prompts, Set<String> used, Random rnd) {
    List<ChoicePair> out = new ArrayList<>();
    while (out.size() < n) {
      List<Response> p = prompts.get(rnd.nextInt(prompts.size()));
      Response a = p.get(rnd.nextInt(p.size()));
      Response b = p.get(rnd.nextInt(p.size()));
      String key = a.id().compareTo(b.id()) < 0 ? a.id() + b.id() : b.id() + a.id();
      if (a == b || !used.add(key)) {
        continue;
      }
      double u = BETA * dot(w, diff(a.scores(), b.scores()));
      boolean aWins = rnd.nextDouble() < 1 / (1 + Math.exp(-u));
      out.add(ChoicePair.of(user, aWins ? a.id() : b.id(), aWins ? b.id() : a.id()));
    }
    return out;
  }

  private static double[] diff(Map<String, Double> a, Map<String, Double> b) {
    double[] x = new double[CRITERIA.size()];
    for (int i = 0; i < x.length; i++) {
      String c = CRITERIA.get(i);
      x[i] = (a.get(c) - b.get(c)) / 4;
    }
    return x;
  }

  private static double[] vector(UserFit f) {
    return CRITERIA.stream().mapToDouble(c -> f.weights().get(c)).toArray();
  }

  private static double accuracy(
      double[] w, List<ChoicePair> pairs, Map<String, Map<String, Double>> scores) {
    double hits = 0;
    for (ChoicePair p : pairs) {
      double m = dot(w, diff(scores.get(p.chosen()), scores.get(p.rejected())));
      hits += m > 0 ? 1 : m == 0 ? 0.5 : 0;
    }
    return hits / pairs.size();
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void write(Path dir, List<Response> responses, List<ChoicePair> pairs)
      throws IOException {
    Files.createDirectories(dir);
    StringBuilder v = new StringBuilder();
    for (Response r : responses) {
      var o = Json.mapper().createObjectNode();
      o.put("id", r.id());
      o.put("mode", "pointwise");
      o.put("status", "SCORED");
      var cs = o.putArray("criteria");
      r.scores().forEach((k, s) -> cs.addObject().put("name", k).put("score", s));
      v.append(Json.mapper().writeValueAsString(o)).append('\n');
    }
    Files.writeString(dir.resolve("verdicts.jsonl"), v, StandardCharsets.UTF_8);
    StringBuilder p = new StringBuilder();
    for (ChoicePair c : pairs) {
      var o = Json.mapper().createObjectNode();
      o.put("user", c.user()).put("chosen", c.chosen()).put("rejected", c.rejected());
      p.append(Json.mapper().writeValueAsString(o)).append('\n');
    }
    Files.writeString(dir.resolve("pairs.jsonl"), p, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("rubric.yaml"), dev.arbiter.rubrics.Rubrics.toYaml(rubric()));
  }
}
