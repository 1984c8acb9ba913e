package dev.arbiter.core.internal;

import dev.arbiter.core.model.JudgeModel;
import java.util.Map;

/**
 * What every cache key says about the model whose output it stores, in one place for the sample
 * cache, the meta-judge and generated rubrics. Internal: may change without notice.
 */
public final class CacheKeys {
  private CacheKeys() {}

  /**
   * Puts the model's id, revision and (when it has any) model-level extra body into {@code key}.
   * The extra body is left out when empty so that keys written before it was part of them stay
   * valid.
   */
  public static void putModel(Map<String, Object> key, JudgeModel model) {
    key.put("model", model.id());
    key.put("revision", model.revision().orElse(""));
    Map<String, Object> extra = model.extraBody();
    if (!extra.isEmpty()) {
      key.put("model_extra", extra);
    }
  }
}
