package dev.arbiter.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to judge: a query (or a whole conversation ending in the user's turn), one or more candidate
 * responses, an optional reference answer, an optional rubric, and the mode.
 *
 * <p>Pointwise takes exactly one candidate, pairwise exactly two, listwise two or more.
 */
public record JudgeRequest(
    String id,
    Mode mode,
    List<Message> conversation,
    List<Candidate> candidates,
    Optional<String> reference,
    Optional<Rubric> rubric,
    Map<String, String> metadata) {

  public JudgeRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mode, "mode");
    conversation = List.copyOf(conversation);
    candidates = List.copyOf(candidates);
    reference = reference == null ? Optional.empty() : reference;
    rubric = rubric == null ? Optional.empty() : rubric;
    metadata =
        metadata == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    if (conversation.isEmpty()) {
      throw InvalidInputException.of("query", "request '" + id + "' has no query or conversation");
    }
    int n = candidates.size();
    switch (mode) {
      case POINTWISE -> {
        if (n != 1) {
          throw InvalidInputException.of(
              "candidates",
              "pointwise judging takes exactly 1 candidate but request '" + id + "' has " + n);
        }
      }
      case PAIRWISE -> {
        if (n != 2) {
          throw InvalidInputException.of(
              "candidates",
              "pairwise judging takes exactly 2 candidates but request '" + id + "' has " + n);
        }
      }
      case LISTWISE -> {
        if (n < 2) {
          throw InvalidInputException.of(
              "candidates",
              "listwise judging takes at least 2 candidates but request '" + id + "' has " + n);
        }
      }
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Candidate c : candidates) {
      if (!ids.add(c.id())) {
        throw InvalidInputException.of(
            "candidates", "duplicate candidate id '" + c.id() + "' in request '" + id + "'");
      }
    }
  }

  /** The last user turn: what the candidates answer. */
  public String query() {
    for (int i = conversation.size() - 1; i >= 0; i--) {
      if (conversation.get(i).role() == Role.USER) {
        return conversation.get(i).content();
      }
    }
    return conversation.get(conversation.size() - 1).content();
  }

  /** Every image of the request (conversation first, then candidates), in order. */
  public List<Image> images() {
    List<Image> out = new ArrayList<>();
    conversation.forEach(m -> out.addAll(m.images()));
    candidates.forEach(c -> out.addAll(c.images()));
    return List.copyOf(out);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().id(id).mode(mode);
    b.conversation.addAll(conversation);
    b.candidates.addAll(candidates);
    b.reference = reference.orElse(null);
    b.rubric = rubric.orElse(null);
    b.metadata.putAll(metadata);
    return b;
  }

  public JudgeRequest withRubric(Rubric r) {
    return new JudgeRequest(
        id, mode, conversation, candidates, reference, Optional.ofNullable(r), metadata);
  }

  /** Builds a {@link JudgeRequest}; {@link #build()} validates. */
  public static final class Builder {
    private String id;
    private Mode mode = Mode.POINTWISE;
    private final List<Message> conversation = new ArrayList<>();
    private final List<Candidate> candidates = new ArrayList<>();
    private String reference;
    private Rubric rubric;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder mode(Mode mode) {
      this.mode = mode;
      return this;
    }

    /** Sets the query as a single user turn (replacing any conversation). */
    public Builder query(String query) {
      conversation.clear();
      conversation.add(Message.user(query));
      return this;
    }

    /** Sets the query as a single user turn of text and images (replacing any conversation). */
    public Builder query(List<ContentPart> parts) {
      conversation.clear();
      conversation.add(Message.user(parts));
      return this;
    }

    public Builder conversation(List<Message> messages) {
      conversation.clear();
      conversation.addAll(messages);
      return this;
    }

    public Builder candidate(String candidateId, String text) {
      candidates.add(Candidate.of(candidateId, text));
      return this;
    }

    public Builder candidate(Candidate c) {
      candidates.add(c);
      return this;
    }

    public Builder candidates(List<Candidate> cs) {
      candidates.clear();
      candidates.addAll(cs);
      return this;
    }

    public Builder reference(String reference) {
      this.reference = reference;
      return this;
    }

    public Builder rubric(Rubric rubric) {
      this.rubric = rubric;
      return this;
    }

    public Builder metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    public JudgeRequest build() {
      if (id == null) {
        throw InvalidInputException.of("id", "a request needs an id");
      }
      return new JudgeRequest(
          id,
          mode,
          conversation,
          candidates,
          Optional.ofNullable(reference),
          Optional.ofNullable(rubric),
          metadata);
    }
  }
}
