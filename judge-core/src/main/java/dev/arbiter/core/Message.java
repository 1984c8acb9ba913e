package dev.arbiter.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arbiter.core.model.ToolCall;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One turn of a conversation. Assistant turns may carry tool calls; tool turns answer one call by
 * its id. A turn with images carries its content as {@code parts} (text and images in reading
 * order); {@code content} is then the text of those parts, for readers that only take text.
 *
 * @param role who speaks
 * @param content the text (for a turn with images: its text parts joined by a line break)
 * @param toolCalls tool calls an assistant turn asks for
 * @param toolCallId the call a tool turn answers
 * @param parts text and images in order when the turn has an image; empty for a text-only turn
 */
public record Message(
    Role role,
    String content,
    List<ToolCall> toolCalls,
    Optional<String> toolCallId,
    // Omitted from JSON when empty, so text-only turns keep the JSON (and cache keys) they had.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ContentPart> parts) {
  public Message {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    toolCallId = toolCallId == null ? Optional.empty() : toolCallId;
    parts = ContentPart.normalise("content", content, parts);
    if (!parts.isEmpty() && role != Role.USER) {
      // OpenAI's chat API takes image parts in user turns only.
      throw InvalidInputException.of(
          "content", "only user turns may hold images, not " + role.wireName() + " turns");
    }
  }

  public Message(Role role, String content, List<ToolCall> toolCalls, Optional<String> toolCallId) {
    this(role, content, toolCalls, toolCallId, List.of());
  }

  public Message(Role role, String content) {
    this(role, content, List.of(), Optional.empty(), List.of());
  }

  public static Message system(String content) {
    return new Message(Role.SYSTEM, content);
  }

  public static Message user(String content) {
    return new Message(Role.USER, content);
  }

  /** A user turn of text and images in order; text-only parts make a plain text turn. */
  public static Message user(List<ContentPart> parts) {
    return of(Role.USER, parts);
  }

  /** A turn of text and images in order (only user turns may hold images). */
  public static Message of(Role role, List<ContentPart> parts) {
    return new Message(role, ContentPart.textOf(parts), List.of(), Optional.empty(), parts);
  }

  public static Message assistant(String content) {
    return new Message(Role.ASSISTANT, content);
  }

  /** An assistant turn that asks for tool calls. */
  public static Message assistantToolCalls(String content, List<ToolCall> calls) {
    return new Message(Role.ASSISTANT, content == null ? "" : content, calls, Optional.empty());
  }

  /** A tool's answer to the call with the given id. */
  public static Message toolResult(String toolCallId, String content) {
    return new Message(Role.TOOL, content, List.of(), Optional.of(toolCallId));
  }

  /** Whether this turn holds an image. */
  public boolean hasImages() {
    return !parts.isEmpty();
  }

  /** The images of this turn, in order. */
  @JsonIgnore
  public List<Image> images() {
    return ContentPart.imagesOf(parts);
  }

  /** The content in order: {@code parts}, or the text as one part for a text-only turn. */
  @JsonIgnore
  public List<ContentPart> contentParts() {
    return parts.isEmpty() ? List.of(ContentPart.text(content)) : parts;
  }
}
