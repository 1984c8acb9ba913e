package dev.arbiter.eval.batch;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * One input record of a batch: a request to judge, or the reason its line could not be read. Either
 * way it ends as exactly one output line.
 *
 * @param line the 1-based line (or record) number in the input
 * @param id the record's id (from the input, or derived from its content when it has none; see
 *     {@link RequestReader#contentId})
 * @param request the request, when the line could be read
 * @param error why the line could not be read
 */
public record BatchInput(
    long line, String id, Optional<JudgeRequest> request, Optional<InvalidInputException> error) {
  public BatchInput {
    Objects.requireNonNull(id, "id");
    request = request == null ? Optional.empty() : request;
    error = error == null ? Optional.empty() : error;
    if (request.isPresent() == error.isPresent()) {
      throw new IllegalArgumentException("a batch input is either a request or an error");
    }
  }

  public static BatchInput of(long line, JudgeRequest request) {
    return new BatchInput(line, request.id(), Optional.of(request), Optional.empty());
  }

  public static BatchInput failed(long line, String id, InvalidInputException error) {
    return new BatchInput(line, id, Optional.empty(), Optional.of(error));
  }
}
