package dev.arbiter.prompts;

import com.samskivert.mustache.Template;
import dev.arbiter.core.Candidate;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code steps} protocol: the judge labels every step of a solution +1, 0 or −1 (PRM800K's step
 * ratings, openai/prm800k README.md) and ends with a labels block.
 *
 * <p>The context's candidates are the steps, in order (the judge cuts the solution before
 * rendering). Each step is fenced in a tag whose code no step contains ({@link Fence}), and the
 * labels block must carry the same code: {@code <labels-CODE> 1: +1 ... </labels-CODE>}. A solution
 * cannot forge the judge's answer, because the code is chosen not to occur in any step; a labels
 * block quoted from a step has a different code or none and is ignored.
 *
 * <p>The parser is strict where it matters and lenient where it does not. The last block is the
 * final answer; it must give every step from 1 to n exactly one label of +1, 0 or −1, else the
 * sample is unscored with the reason. Any other readable block must agree with it (Arbiter's
 * unanimity rule, as for verdict labels). Tolerated: "Step 3:" or "3." or "3 =" before a label,
 * list bullets, markdown emphasis, a label "1" for +1, and the typographic minus or dash for −.
 */
final class StepProtocol implements Protocol {
  static final String ID = "steps";
  static final String VERSION = "1";

  private static final Pattern LINE =
      Pattern.compile(
          "^[\\s>*_`•-]*(?:step\\s*)?(\\d{1,5})[*_`]*(?:\\s*[:=.)\\]]|\\s)\\s*[*_`]*\\s*"
              + "([+\\-\u2212\u2013]?)\\s*([01])\\s*[*_`.]*\\s*$",
          Pattern.CASE_INSENSITIVE);

  private final Template system = Templates.builtin("steps/steps.system");
  private final Template user = Templates.builtin("steps/steps.user");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public Set<Mode> modes() {
    return Set.of(Mode.STEPS);
  }

  /**
   * {@inheritDoc}
   *
   * @throws InvalidInputException when the context is not steps mode or has no step, or a step
   *     holds images
   */
  @Override
  public List<Message> render(PromptContext context) {
    check(context);
    Map<String, Object> view = new LinkedHashMap<>(PromptView.of(context));
    List<Map<String, Object>> steps = new ArrayList<>();
    for (int i = 0; i < context.candidates().size(); i++) {
      steps.add(Map.of("number", i + 1, "text", context.candidates().get(i).text()));
    }
    view.put("steps", steps);
    view.put("stepCount", steps.size());
    return List.of(
        Message.system(Templates.render(system, view).strip()),
        Message.user(Templates.render(user, view).strip()));
  }

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    if (text == null || text.isBlank()) {
      return Judgement.unscored(
          Verdicts.cutShort(finishReason)
              ? "output cut short (finish_reason=length) before any text"
              : "empty output",
          "");
    }
    if (context.mode() != Mode.STEPS) {
      return Judgement.unscored("the steps protocol judges steps mode only", text.strip());
    }
    int n = context.candidates().size();
    // The code the prompt fenced the steps with (PromptView derives it from the step texts).
    String code = (String) PromptView.of(context).get("cand");
    Pattern block =
        Pattern.compile(
            "<labels-" + code + ">(.*?)</labels-" + code + ">",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    List<String> bodies = new ArrayList<>();
    int lastStart = -1;
    Matcher m = block.matcher(text);
    while (m.find()) {
      bodies.add(m.group(1));
      lastStart = m.start();
    }
    if (bodies.isEmpty()) {
      return Judgement.unscored(
          Verdicts.notFound("labels block <labels-" + code + ">", finishReason), text.strip());
    }
    String critique = text.substring(0, lastStart).strip();
    Labels last = read(bodies.get(bodies.size() - 1), n);
    if (last.problem() != null) {
      return Judgement.unscored("final labels block: " + last.problem(), text.strip());
    }
    for (int i = 0; i < bodies.size() - 1; i++) {
      Labels other = read(bodies.get(i), n);
      if (other.problem() == null && !other.labels().equals(last.labels())) {
        return Judgement.unscored(
            "conflicting labels blocks: " + other.labels() + " / " + last.labels(), text.strip());
      }
    }
    return Judgement.ofStepLabels(last.labels(), critique);
  }

  /** The labels of one block, or why they cannot be read. */
  private record Labels(List<Integer> labels, String problem) {}

  private static Labels read(String body, int n) {
    Integer[] labels = new Integer[n];
    int lineNo = 0;
    // Lines are counted from the first line after the opening tag.
    for (String raw : body.replaceFirst("^\r?\n", "").split("\n")) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.chars().allMatch(c -> c == '`')) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        return new Labels(
            List.of(), "line " + lineNo + " '" + line + "' is not 'step number: +1, 0 or -1'");
      }
      int step = Integer.parseInt(m.group(1));
      if (step < 1 || step > n) {
        return new Labels(
            List.of(), "step " + step + " does not exist (the solution has " + n + " steps)");
      }
      boolean negative = !m.group(2).isEmpty() && m.group(2).charAt(0) != '+';
      int label = m.group(3).equals("0") ? 0 : negative ? -1 : 1;
      if (labels[step - 1] != null) {
        return new Labels(List.of(), "step " + step + " is labelled more than once");
      }
      labels[step - 1] = label;
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (labels[i] == null) {
        missing.add(i + 1);
      }
    }
    if (!missing.isEmpty()) {
      return new Labels(List.of(), "no label for step(s) " + missing);
    }
    return new Labels(List.of(labels), null);
  }

  private static void check(PromptContext ctx) {
    if (ctx.mode() != Mode.STEPS) {
      throw InvalidInputException.of(
          "mode", "protocol 'steps' judges steps mode but not " + ctx.mode());
    }
    PromptView.checkCandidates(ctx);
    for (Candidate c : ctx.candidates()) {
      if (!c.images().isEmpty()) {
        throw InvalidInputException.of("candidates", "protocol 'steps' judges text steps only");
      }
    }
  }

  @Override
  public String toString() {
    return ID + "@" + VERSION + " [steps]";
  }
}
