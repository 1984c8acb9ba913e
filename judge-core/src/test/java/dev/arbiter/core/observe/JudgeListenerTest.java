package dev.arbiter.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.Sample;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class JudgeListenerTest {

  /** Records every event as a line. */
  static final class Recorder implements JudgeListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onRequest(JudgeRequest request) {
      events.add("request " + request.id());
    }

    @Override
    public void onSample(JudgeRequest request, Sample sample) {
      events.add(
          "sample " + sample.index() + (sample.judgement().scored() ? " scored" : " unscored"));
    }

    @Override
    public void onError(JudgeRequest request, Throwable error) {
      events.add("error " + error.getMessage());
    }

    @Override
    public void onVerdict(JudgeRequest request, Verdict verdict, Duration elapsed) {
      events.add("verdict " + verdict.status() + (elapsed.isNegative() ? " negative" : ""));
    }
  }

  private static JudgeRequest request() {
    return JudgeRequest.builder().id("r1").query("What is 2+2?").candidate("a", "4").build();
  }

  @Test
  void should_tell_a_listener_of_the_request_each_sample_and_the_verdict_in_order() {
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of("m", (r, i) -> i == 1 ? "no score here" : "SCORE: 7");
    Recorder rec = new Recorder();
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new LabelProtocol())
            .sampling(SamplingParams.DEFAULT.withSamples(3))
            .listener(rec)
            .build();

    Verdict v = judge.judge(request());

    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(rec.events)
        .containsExactly(
            "request r1",
            "sample 0 scored",
            "sample 1 unscored",
            "sample 2 scored",
            "verdict SCORED");
  }

  @Test
  void should_tell_a_listener_of_a_failed_call_before_the_error_verdict() {
    ScriptedJudgeModel failing =
        ScriptedJudgeModel.of(
            "m",
            (r, i) -> {
              throw new NonRetriableException("model said 401");
            });
    Recorder rec = new Recorder();
    Judge judge =
        Judge.builder().model(failing).protocol(new LabelProtocol()).listener(rec).build();

    Verdict v = judge.judge(request());

    assertThat(v.status()).isEqualTo(Status.ERROR);
    assertThat(rec.events).containsExactly("request r1", "error model said 401", "verdict ERROR");
  }

  @Test
  void should_judge_unchanged_when_a_listener_throws() {
    JudgeListener broken =
        new JudgeListener() {
          @Override
          public void onSample(JudgeRequest request, Sample sample) {
            throw new IllegalStateException("broken listener");
          }

          @Override
          public void onVerdict(JudgeRequest request, Verdict verdict, Duration elapsed) {
            throw new IllegalStateException("broken listener");
          }
        };
    Recorder rec = new Recorder();
    Judge judge =
        Judge.builder()
            .model(ScriptedJudgeModel.constant("m", "SCORE: 6"))
            .protocol(new LabelProtocol())
            .listener(broken)
            .listener(rec)
            .build();

    CompletableFuture<Verdict> v = judge.judgeAsync(request());

    assertThat(v.join().score()).contains(6.0);
    assertThat(rec.events).contains("verdict SCORED");
  }
}
