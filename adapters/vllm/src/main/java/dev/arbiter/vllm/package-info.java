/**
 * A {@link dev.arbiter.core.model.JudgeModel} for vLLM ({@code vllm serve <model>}) and other
 * servers that speak the OpenAI chat-completions API.
 *
 * <p>{@link dev.arbiter.vllm.VllmJudgeModel} talks to one server: its builder names the endpoint
 * and model. {@link dev.arbiter.vllm.RoutingJudgeModel} puts several replicas of one model behind
 * one {@code JudgeModel} ({@code HashRing} picks a replica by affinity key within a load bound,
 * {@code Replica} holds each one's circuit breaker, health, rate limits and counters). Behind them,
 * {@code ChatRequestMapper} turns an Arbiter request into the client's parameters, {@code
 * ChatResponseMapper} turns the reply back (all choices, logprobs, usage), {@code ExceptionMapper}
 * is the one place transport failures become {@link dev.arbiter.core.RetriableException} or {@link
 * dev.arbiter.core.NonRetriableException}, {@code RetryPolicy} decides how long to wait before the
 * next attempt, and {@code InFlightLimit} bounds how many calls reach the server at once without
 * blocking the caller.
 *
 * <p>Nothing in this package returns null.
 */
package dev.arbiter.vllm;
